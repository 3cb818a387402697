"""Client records: the list, create, edit (with optimistic locking), archive and restore.

Every function joins the caller's transaction and writes its audit event; callers commit.
"""
from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import joinedload

from practice.clients.models import Client, client_name_order
from practice.clients.validators import phone_search_key
from practice.core import audit
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.signed_records import EditConflict

LIST_STATUSES = {"active": "Active", "archived": "Archived", "all": "All"}
LIST_SORTS = {"name": "Name", "activity": "Last activity"}
ARCHIVED_MESSAGE = "This client's record is archived. Restore it to make changes."


class RecordStateError(ValueError):
    """A change the record's state does not allow; the message is for the practitioner."""


def ensure_editable(client: Client) -> None:
    if client.is_archived:
        raise RecordStateError(ARCHIVED_MESSAGE)


# --- the list ------------------------------------------------------------------------

def client_list_statement(practitioner_id: int, *, search: str = "", status: str = "active",
                          sort: str = "name") -> Select:
    """The practitioner's clients matching a search, with their portal accounts joined."""
    statement = (select(Client).where(Client.practitioner_id == practitioner_id)
                 .options(joinedload(Client.portal_user)))
    if status == "active":
        statement = statement.where(Client.archived_at.is_(None))
    elif status == "archived":
        statement = statement.where(Client.archived_at.is_not(None))
    if search.strip():
        statement = statement.where(_matches(search.strip()))
    order = (Client.last_activity_at.desc(),) if sort == "activity" else client_name_order()
    return statement.order_by(*order, Client.id)


def has_clients(practitioner_id: int) -> bool:
    return db.session.scalar(select(Client.id).where(Client.practitioner_id == practitioner_id)
                             .limit(1)) is not None


def _like(column, text: str):
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _phone_digits(column):
    return func.replace(func.replace(column, " ", ""), "-", "")


def _matches(search: str):
    """Every word in a name or the email; or the whole search as (part of) a phone number."""
    words = [or_(_like(Client.given_name, word), _like(Client.family_name, word),
                 _like(Client.email, word)) for word in search.split()]
    conditions = [and_(*words)]
    digits = "".join(ch for ch in search if ch.isdigit())
    if len(digits) >= 4 and not set(search) - set("0123456789+-() "):
        conditions.append(_like(_phone_digits(Client.phone), digits))
        international = phone_search_key(search)
        if international:
            conditions.append(_like(_phone_digits(Client.phone), international))
    return or_(*conditions)


# --- changes -------------------------------------------------------------------------

def create_client(practitioner_id: int, values: dict) -> Client:
    client = Client(practitioner_id=practitioner_id, **values)
    db.session.add(client)
    db.session.flush()
    audit.record("client.create", client, client_id=client.id)
    return client


def update_client(client: Client, values: dict, submitted_version: int | None) -> list[str]:
    """Apply the form's values; return the names of the fields that changed.

    Raises ``EditConflict`` (with the stored record) when someone saved the record after
    this editor loaded it, so nobody's typing is silently overwritten.
    """
    ensure_editable(client)
    changed = [name for name, value in values.items() if getattr(client, name) != value]
    if not changed:
        return []
    _claim_version(client, submitted_version)
    for name in changed:
        setattr(client, name, values[name])
    audit.record("client.update", client, client_id=client.id, detail={"fields": changed})
    return changed


def _claim_version(client: Client, submitted_version: int | None) -> None:
    """Move the record to the next version, atomically, if it is still the one the editor saw.

    A conditional UPDATE rather than the mapper's version counter: ``touch()`` and portal
    changes update the row too, and must neither bump the version nor fail on it.
    """
    if submitted_version != client.version:
        raise EditConflict(client)
    claimed = db.session.execute(
        update(Client).where(Client.id == client.id, Client.version == submitted_version)
        .values(version=submitted_version + 1))
    if claimed.rowcount != 1:  # saved by someone else since this request loaded it
        db.session.refresh(client)
        raise EditConflict(client)


def archive_client(client: Client) -> None:
    if client.is_archived:
        raise RecordStateError("This client's record is already archived.")
    client.archived_at = now_utc()
    audit.record("client.archive", client, client_id=client.id)


def restore_client(client: Client) -> None:
    if not client.is_archived:
        raise RecordStateError("This client's record is not archived.")
    client.archived_at = None
    client.touch()
    audit.record("client.restore", client, client_id=client.id)


def record_view(client: Client) -> None:
    audit.record("client.view", client, client_id=client.id)
