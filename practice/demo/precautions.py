"""Demo precautions checklists: Hannah's left-arm lymphoedema, Graham's warfarin, Priya's
pregnancy (its due date from people.py, so the weeks agree with her intakes), Sam's shoulder
repair, Margaret's osteoporosis.

Each checklist counts as gone through at the client's latest signed intake.
"""
from datetime import timedelta

from sqlalchemy import func, select

from practice.core.extensions import db
from practice.demo.people import PRACTICE
from practice.intakes.models import Intake
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.models import ClientPrecaution, PrecautionChecklist

#: By the client's given name: (kind, days ago noted, details).
PRECAUTIONS = {
    "Hannah": [(PrecautionKind.LYMPHOEDEMA, 120, {
        "side": Side.LEFT, "limb": Limb.ARM,
        "details": "After lymph node surgery (2019). Compression sleeve by day; no deep pressure "
                   "on the left side, light strokes only."})],
    "Graham": [(PrecautionKind.BLOOD_THINNERS, 120, {
        "details": "Warfarin (atrial fibrillation): gentle contact only, he bruises easily."})],
    "Priya": [(PrecautionKind.PREGNANCY, 108, {"details": "Her midwife knows she comes here."})],
    "Sam": [(PrecautionKind.RECENT_SURGERY, 105, {
        "site": "Right shoulder (rotator cuff repair)", "event_days_ago": 161,
        "details": "Physio cleared gentle overhead work three weeks ago; nothing loaded."})],
    "Margaret": [(PrecautionKind.OSTEOPOROSIS, 111, {
        "details": "Since 2021, on alendronic acid. No twisting under load."})],
}


def _due_in_days(client) -> int | None:
    """The client's due date from the day the demo is seeded (people.py), if pregnant."""
    return next((person.get("due_in_days") for practitioner in PRACTICE["practitioners"]
                 for person in practitioner["clients"] if person["given"] == client.given_name),
                None)


def _item(client, kind: PrecautionKind, days_ago: int, values: dict, context) -> ClientPrecaution:
    values = dict(values)
    if kind is PrecautionKind.PREGNANCY:
        values["due_on"] = context.today + timedelta(days=_due_in_days(client))
    if "event_days_ago" in values:
        values["event_on"] = context.today - timedelta(days=values.pop("event_days_ago"))
    noted = context.days_ago(days_ago)
    return ClientPrecaution(client_id=client.id, kind=kind, noted_on=noted.date(),
                            recorded_by_id=client.practitioner_id, created_at=noted,
                            updated_at=noted, **values)


def seed_precautions(context) -> None:
    db.session.flush()
    last_signed = dict(db.session.execute(
        select(Intake.client_id, func.max(Intake.signed_at)).where(Intake.signed_at.is_not(None))
        .group_by(Intake.client_id)).all())
    for client in context.clients:
        for kind, days_ago, values in PRECAUTIONS.get(client.given_name, []):
            db.session.add(_item(client, kind, days_ago, values, context))
        reviewed = last_signed.get(client.id)
        db.session.add(PrecautionChecklist(client_id=client.id, reviewed_at=reviewed,
                                           reviewed_by_id=client.practitioner_id if reviewed
                                           else None))
