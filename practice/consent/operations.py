"""Recording consent: the practitioner's entries, and the client's own choice about messages."""
from datetime import date

from practice.clients.models import Client
from practice.consent.models import ConsentMethod, ConsentRecord
from practice.consent.queries import latest_consent
from practice.consent.wording import ConsentKind, current_wording
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_today
from practice.core.errors import Archived
from practice.core.extensions import db

ARCHIVED_NO_MESSAGES = ("Your record with the practice is archived, so messages cannot be "
                        "started now. You can still stop them.")


def record_consent(client: Client, user, *, kinds: list[ConsentKind], is_given: bool,
                   method: ConsentMethod, given_on: date, note: str | None) -> list[ConsentRecord]:
    """One record per kind, each with the wording now current for it."""
    ensure_not_archived(client)
    records = [ConsentRecord(client_id=client.id, kind=kind, is_given=is_given,
                             wording_version=current_wording(kind).version, method=method,
                             given_on=given_on, note=note, recorded_by_id=user.id)
               for kind in kinds]
    db.session.add_all(records)
    client.touch()
    audit.record("consent.record", records[0], client_id=client.id, detail={
        "kinds": [kind.value for kind in kinds], "given": is_given, "method": method.value,
        "versions": [record.wording_version for record in records]})
    return records


def set_messages_choice(client: Client, user, given: bool) -> ConsentRecord | None:
    """The client says yes or no to reminders and other messages, in the portal; ``None``
    when that is already their answer (nothing new is recorded).

    Stopping them is always possible; starting them is not on an archived record.
    """
    latest = latest_consent(client.id, ConsentKind.MESSAGES)
    if (latest.is_given if latest else False) == given:
        return None
    if given and client.is_archived:
        raise Archived(ARCHIVED_NO_MESSAGES)
    record = ConsentRecord(client_id=client.id, kind=ConsentKind.MESSAGES, is_given=given,
                           wording_version=current_wording(ConsentKind.MESSAGES).version,
                           method=ConsentMethod.PORTAL, given_on=local_today(),
                           recorded_by_id=user.id)
    db.session.add(record)
    audit.record("consent.messages_on" if given else "consent.messages_off", record,
                 client_id=client.id, detail={"version": record.wording_version})
    return record
