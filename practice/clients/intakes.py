"""Intake notes: write a draft, edit it without losing anyone's typing, sign it, add addenda.

Every function joins the caller's transaction and writes its audit event; callers commit.
Audit details name fields and ids only, never what was written.
"""
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client, ConditionType, Intake, IntakeAddendum
from practice.clients.services import RecordStateError, ensure_editable
from practice.core import audit
from practice.core.extensions import db
from practice.core.signed_records import check_version


def offered_condition_types(current_id: int | None = None) -> list[ConditionType]:
    """The active condition types in the practice's order, plus the one already chosen."""
    shown = ConditionType.is_active.is_(True)
    if current_id:
        shown = or_(shown, ConditionType.id == current_id)
    return list(db.session.scalars(select(ConditionType).where(shown)
                                   .order_by(ConditionType.position, ConditionType.name)))


def client_intakes(client: Client) -> list[Intake]:
    """The client's intakes, oldest first, with their condition types (one query)."""
    return list(db.session.scalars(
        select(Intake).where(Intake.client_id == client.id)
        .options(joinedload(Intake.condition_type))
        .order_by(Intake.assessed_on, Intake.id)))


def is_first_intake(intake: Intake) -> bool:
    earlier = select(Intake.id).where(
        Intake.client_id == intake.client_id, Intake.id != intake.id,
        or_(Intake.assessed_on < intake.assessed_on,
            (Intake.assessed_on == intake.assessed_on) & (Intake.id < intake.id)))
    return db.session.scalar(earlier.limit(1)) is None


def create_intake(client: Client, author_id: int, values: dict) -> Intake:
    ensure_editable(client)
    intake = Intake(client=client, author_id=author_id, **values)
    db.session.add(intake)
    client.touch()
    db.session.flush()
    audit.record("intake.create", intake, client_id=client.id)
    return intake


def update_intake(intake: Intake, values: dict, submitted_version: int | None) -> list[str]:
    """Apply the form's values to a draft; return the names of the fields that changed.

    Raises ``EditConflict`` when the draft was saved by someone else after this editor
    loaded it, and ``SignedRecordError`` when it has been signed meanwhile.
    """
    ensure_editable(intake.client)
    check_version(intake, submitted_version)
    changed = [name for name, value in values.items() if getattr(intake, name) != value]
    if changed:
        for name in changed:
            setattr(intake, name, values[name])
        intake.client.touch()
        audit.record("intake.update", intake, client_id=intake.client_id,
                     detail={"fields": changed})
    return changed


def sign_intake(intake: Intake, user, submitted_version: int | None) -> None:
    """Sign the draft as the version the practitioner read; from now on it is read-only."""
    ensure_editable(intake.client)
    check_version(intake, submitted_version)
    intake.sign(user)
    intake.client.touch()
    audit.record("intake.sign", intake, client_id=intake.client_id)


def add_addendum(intake: Intake, author_id: int, body: str) -> IntakeAddendum:
    ensure_editable(intake.client)
    if not intake.is_signed:
        raise RecordStateError("Drafts are edited directly; addenda are for signed intakes.")
    addendum = IntakeAddendum(intake=intake, author_id=author_id, body=body)
    db.session.add(addendum)
    intake.client.touch()
    db.session.flush()
    audit.record("intake.addendum", addendum, client_id=intake.client_id,
                 detail={"intake_id": intake.id})
    return addendum


def record_intake_view(intake: Intake) -> None:
    audit.record("intake.view", intake, client_id=intake.client_id)
