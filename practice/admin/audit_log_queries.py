"""Reading the audit trail for the admin: the filters, a page of events, a streamed CSV."""
import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select

from practice.admin.forms import AuditFilterForm
from practice.admin.queries import action_choices, actor_choices, client_choices
from practice.clients.models import Client
from practice.core.audit import AuditEvent, about_client
from practice.core.audit_labels import describe_action
from practice.core.clock import end_of_local_day, start_of_local_day
from practice.core.extensions import db
from practice.core.names import display_name
from practice.core.pagination import paginate
from practice.exports.csv_zip import csv_cell

PER_PAGE = 50
#: Larger than any id a table will reach, and small enough for every database's integers.
MAX_ID = 2**31 - 1
CSV_BATCH = 1000
FILTER_NAMES = ("actor_id", "action", "client_id", "date_from", "date_to")
CSV_COLUMNS = ("id", "occurred_at", "actor_id", "actor_email", "action", "action_in_words",
               "target_type", "target_id", "client_id", "ip", "detail", "prev_hash", "hash")


def filter_form(formdata) -> AuditFilterForm:
    """The filter form over ``formdata`` (the query string, or the download's form), with its
    option lists filled in."""
    form = AuditFilterForm(formdata=formdata)
    actor_id = formdata.get("actor_id", type=int)
    if actor_id is not None and not 0 < actor_id <= MAX_ID:
        actor_id = None  # no such account: the form says it is not a valid choice
    form.actor_id.choices = actor_choices("Anyone", include_id=actor_id)
    form.action.choices = action_choices("Any action")
    form.client_id.choices = client_choices("Any client")
    return form


def chosen_filters(formdata) -> dict[str, str]:
    """The filters that were filled in, as sent (to carry them to the download, and audit them)."""
    return {name: formdata[name] for name in FILTER_NAMES if formdata.get(name)}


def conditions(form: AuditFilterForm) -> list:
    """SQL conditions for the valid filters; the dates are whole days in the practice's zone."""
    found = []
    if form.actor_id.data:
        found.append(AuditEvent.actor_id == form.actor_id.data)
    if form.action.data:
        found.append(AuditEvent.action == form.action.data)
    if form.client_id.data:
        found.append(about_client(form.client_id.data))
    start = _instant(start_of_local_day, form.date_from.data)
    if start is not None:
        found.append(AuditEvent.occurred_at >= start)
    end = _instant(end_of_local_day, form.date_to.data)
    if end is not None:
        found.append(AuditEvent.occurred_at < end)
    return found


def _instant(bound, day: date | None) -> datetime | None:
    """The UTC instant a date filter starts or ends at; ``None`` for no bound.

    A day at the edge of the calendar (0001-01-01, 9999-12-31: what people type for "from
    the start", "until the end") has no instant in every zone; it bounds nothing, so it is
    no filter at all.
    """
    if day is None:
        return None
    try:
        return bound(day)
    except OverflowError:
        return None


def events_page(where: list):
    query = select(AuditEvent).where(*where).order_by(AuditEvent.id.desc())
    return paginate(query, per_page=PER_PAGE)


def client_names(events) -> dict[int, str]:
    ids = {event.client_id for event in events if event.client_id}
    if not ids:
        return {}
    rows = db.session.execute(select(Client.id, Client.given_name, Client.family_name,
                                     Client.family_name_first).where(Client.id.in_(ids)))
    return {row.id: display_name(row.given_name, row.family_name, row.family_name_first)
            for row in rows}


def csv_rows(where: list) -> Iterator[bytes]:
    """The selected events, newest first, read in keyset pages (memory stays flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    last_id = None
    while True:
        statement = select(AuditEvent).where(*where)
        if last_id is not None:
            statement = statement.where(AuditEvent.id < last_id)
        events = db.session.scalars(statement.order_by(AuditEvent.id.desc()).limit(CSV_BATCH)).all()
        buffer.seek(0)
        buffer.truncate()
        for event in events:
            writer.writerow(csv_cell(value) for value in (
                event.id, event.occurred_at.isoformat(), event.actor_id, event.actor_email,
                event.action, describe_action(event.action), event.target_type, event.target_id,
                event.client_id, event.ip, event.detail, event.prev_hash, event.hash))
        yield buffer.getvalue().encode()
        if len(events) < CSV_BATCH:
            return
        last_id = events[-1].id
