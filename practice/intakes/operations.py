"""Intake notes: write a draft, edit it without losing anyone's typing, sign it, add addenda.

Drafts, signing and addenda go through ``core.signed_records`` (archive check, draft check
and the one optimistic lock). Every function joins the request's unit of work and writes its
audit event; nothing here commits. Audit details name fields and ids, never what was written.
"""
from practice.clients.models import Client
from practice.core import audit, signed_records
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.intakes.models import Intake, IntakeAddendum


def create_intake(client: Client, author, values: dict) -> Intake:
    ensure_not_archived(client)
    intake = Intake(client=client, author_id=author.id, **values)
    db.session.add(intake)
    client.touch()
    db.session.flush()
    audit.record("intake.create", intake, client_id=client.id)
    return intake


def update_intake(intake: Intake, values: dict, submitted_version) -> list[str]:
    """Apply the form's values to a draft; return the names of the fields that changed.

    Raises ``Conflict`` when the draft was saved by someone else after this editor loaded
    it, and ``SignedRecordError`` when it has been signed meanwhile.
    """
    signed_records.save_draft(intake, submitted_version)
    changed = [name for name, value in values.items() if getattr(intake, name) != value]
    if changed:
        for name in changed:
            setattr(intake, name, values[name])
        intake.client.touch()
        audit.record("intake.update", intake, client_id=intake.client_id,
                     detail={"fields": changed})
    return changed


def sign_intake(intake: Intake, user, submitted_version) -> None:
    """Sign the draft as the version the practitioner read; from now on it is read-only."""
    signed_records.sign(intake, user, submitted_version)
    intake.client.touch()
    audit.record("intake.sign", intake, client_id=intake.client_id)


def add_intake_addendum(intake: Intake, author, body: str) -> IntakeAddendum:
    """A dated correction under a signed intake (drafts are edited instead)."""
    addendum = signed_records.add_addendum(intake, author, body)
    intake.client.touch()
    audit.record("intake.addendum", addendum, client_id=intake.client_id,
                 detail={"intake_id": intake.id})
    return addendum
