"""The audit events of printouts and downloads, and the practitioner's release of a client's
record for the client to download (when the practice asks for one)."""
from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.database import now_utc
from practice.core.errors import InvalidState


def record_printout(action: str, target, client: Client, **detail) -> None:
    """One event for the request: a print page or a PDF download of clinical content."""
    audit.record_view(action, target, client_id=client.id, detail=detail)


def release_record(client: Client) -> None:
    """Let the client download their own record (where the practice asks for a release)."""
    ensure_not_archived(client)
    if client.record_released_at is not None:
        raise InvalidState(f"{client.full_name}'s record is already released to them.")
    client.record_released_at = now_utc()
    audit.record("record.release", client, client_id=client.id)


def withdraw_release(client: Client) -> None:
    if client.record_released_at is None:
        raise InvalidState(f"{client.full_name}'s record is not released.")
    client.record_released_at = None
    audit.record("record.release_withdrawn", client, client_id=client.id)


def may_download_own_record(client: Client, needs_release: bool) -> bool:
    return not needs_release or client.record_released_at is not None
