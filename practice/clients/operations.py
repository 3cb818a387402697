"""Changes to client records: create, edit (under the optimistic lock), archive and restore.

Every function joins the request's unit of work and writes its audit event; nothing here
commits. Audit details name fields, never what was written.
"""
from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.database import now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version


def create_client(practitioner_id: int, values: dict) -> Client:
    client = Client(practitioner_id=practitioner_id, **values)
    db.session.add(client)
    db.session.flush()
    audit.record("client.create", client, client_id=client.id)
    return client


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
