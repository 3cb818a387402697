"""Changes to client records: create, edit (under the optimistic lock), archive and restore.

Every function joins the request's unit of work and writes its audit event; nothing here
commits. Audit details name fields, never what was written.
"""
from sqlalchemy import bindparam, select, update

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.database import now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version
from practice.core.names import search_key
from practice.core.once import create_once

#: The version of a record just created: what a form that created it was filled in against.
FIRST_VERSION = "1"


def create_client(practitioner_id: int, values: dict) -> Client:
    client = Client(practitioner_id=practitioner_id, **values)
    db.session.add(client)
    db.session.flush()
    audit.record("client.create", client, client_id=client.id)
    return client


def add_client_once(practitioner, values: dict, form_key: str | None,
                    submitted_version) -> tuple[Client, bool]:
    """Add the client a form describes; ``(client, True)`` the first time it is sent.

    Sent again (a double click, or Back and Save), it adds no one: the client it added comes
    back with ``False``, and any correction made on the resent form is saved to that record
    under the one lock (``Conflict`` if the record was edited since).
    """
    client, created = create_once(form_key, practitioner, Client,
                                  lambda: create_client(practitioner.id, values))
    if not created:
        update_client(client, values, submitted_version or FIRST_VERSION)
    return client, created


def update_client(client: Client, values: dict, submitted_version) -> list[str]:
    """Apply the form's values; return the names of the fields that changed.

    Raises ``Conflict`` (with the stored record) when someone saved the record after this
    editor loaded it, so nobody's typing is silently overwritten. Activity elsewhere
    (``touch()``, portal changes) does not move the version, so it never conflicts.
    """
    ensure_not_archived(client)
    changed = [name for name, value in values.items() if getattr(client, name) != value]
    if not changed:
        return []
    claim_version(client, submitted_version)
    for name in changed:
        setattr(client, name, values[name])
    audit.record("client.update", client, client_id=client.id, detail={"fields": changed})
    return changed


def archive_client(client: Client) -> None:
    if client.is_archived:
        raise InvalidState("This client's record is already archived.")
    client.archived_at = now_utc()
    audit.record("client.archive", client, client_id=client.id)


def restore_client(client: Client) -> None:
    if not client.is_archived:
        raise InvalidState("This client's record is not archived.")
    client.archived_at = None
    client.touch()
    audit.record("client.restore", client, client_id=client.id)


def fold_all_names(batch_size: int = 1000) -> None:
    """Write every client's folded search name (after rows were written without the ORM, which
    otherwise does it on each save: an import)."""
    table = Client.__table__
    # updated_at is written as it was: folding is bookkeeping, not a change to the record.
    statement = (update(table).where(table.c.id == bindparam("client_id"))
                 .values(search_name=bindparam("key"), updated_at=bindparam("updated")))
    last = 0
    while rows := db.session.execute(
            select(Client.id, Client.given_name, Client.family_name, Client.email,
                   Client.updated_at)
            .where(Client.id > last).order_by(Client.id).limit(batch_size)).all():
        db.session.execute(statement, [
            {"client_id": row.id, "updated": row.updated_at,
             "key": search_key(row.given_name, row.family_name, row.email)} for row in rows])
        last = rows[-1].id
