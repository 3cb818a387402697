"""Finding words in a practitioner's notes: one query, whichever database.

The typed words are cut into plain word tokens (letters and digits only, so nothing typed can
change the query's syntax) and each must begin a word of the note ("collar" finds
"collarbone"). Hits are marked in the database's excerpt with two control characters, which
no indexed note contains; the excerpt is then escaped whole and only those marks become
``<mark>``, so no HTML from a note ever reaches the page.
"""
import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text

from practice.core.extensions import db
from practice.core.names import display_name
from practice.notes_search.documents import Kind
from practice.notes_search.index import TABLE

#: At most this many hits are shown: the best first; more words narrow the search.
LIMIT = 50
MAX_WORDS = 8
START, STOP = "\x02", "\x03"
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Hit:
    kind: Kind
    page_id: int
    client_id: int
    client_name: str
    client_archived: bool
    noted_on: date | None
    excerpt: Markup


def words_of(search: str) -> list[str]:
    return _WORD.findall(search.casefold())[:MAX_WORDS]


def highlighted(excerpt: str) -> Markup:
    """The excerpt escaped, with the database's hit marks turned into ``<mark>``."""
    safe = str(escape(excerpt))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704 (escaped above)


def _sqlite_statement(include_archived: bool):
    return text(
        f"SELECT s.kind, s.page_id, s.client_id, s.noted_on, "  # noqa: S608 (constant names)
        f"snippet({TABLE}, 0, :start, :stop, ' … ', 24) AS excerpt, "
        "c.given_name, c.family_name, c.family_name_first, c.archived_at "
        f"FROM {TABLE} AS s JOIN clients AS c ON c.id = s.client_id "
        f"WHERE {TABLE} MATCH :query AND c.practitioner_id = :practitioner_id "
        + ("" if include_archived else "AND c.archived_at IS NULL ")
        + "ORDER BY rank, s.noted_on DESC LIMIT :limit")


def _postgresql_statement(include_archived: bool):
    return text(
        "SELECT s.kind, s.page_id, s.client_id, s.noted_on, "  # noqa: S608 (constant names)
        "ts_headline('simple', s.body, q.query, :options) AS excerpt, "
        "c.given_name, c.family_name, c.family_name_first, c.archived_at "
        f"FROM {TABLE} AS s JOIN clients AS c ON c.id = s.client_id "
        "CROSS JOIN (SELECT to_tsquery('simple', :query) AS query) AS q "
        "WHERE s.document @@ q.query AND c.practitioner_id = :practitioner_id "
        + ("" if include_archived else "AND c.archived_at IS NULL ")
        + "ORDER BY ts_rank(s.document, q.query) DESC, s.noted_on DESC NULLS LAST LIMIT :limit")


def search_notes(practitioner_id: int, search: str, *, include_archived: bool = False
                 ) -> list[Hit]:
    """The practitioner's own clients' notes holding every word of ``search``, best first."""
    words = words_of(search)
    if not words:
        return []
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        statement = _postgresql_statement(include_archived)
        params = {"query": " & ".join(f"{word}:*" for word in words),
                  "options": f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
                             'MaxFragments=2, FragmentDelimiter=" … "'}
    else:
        statement = _sqlite_statement(include_archived)
        params = {"query": " ".join(f'"{word}"*' for word in words), "start": START,
                  "stop": STOP}
    statement = statement.bindparams(bindparam("limit", LIMIT + 1))
    rows = db.session.execute(statement, {**params, "practitioner_id": practitioner_id}).all()
    return [Hit(Kind(row.kind), row.page_id, row.client_id,
                display_name(row.given_name, row.family_name, bool(row.family_name_first)),
                row.archived_at is not None, _as_date(row.noted_on), highlighted(row.excerpt))
            for row in rows]


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
