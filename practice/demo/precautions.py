"""Demo precautions checklists: Hannah's left-arm lymphoedema, Graham's warfarin, Priya's
pregnancy (its due date from people.py, so the weeks agree with her intakes), Sam's shoulder
repair, Margaret's osteoporosis.

Each checklist counts as gone through at the client's latest signed intake. The work their
practitioner kept knowingly carries its reason (Hannah's lymph plan and warmth, Sam's plan);
Graham's circulation plan, with its patting, is left open: it is on Mei's attention list, as
the bruising in his session addendum says it should have been.
"""
from datetime import timedelta

from sqlalchemy import func, select

from practice.core.extensions import db
from practice.demo.people import PRACTICE
from practice.exercises.models import Assignment, Exercise
from practice.intakes.models import Intake
from practice.plans.models import SessionPlan
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


#: Work kept despite a precaution, and why: (client, "plan" or "exercise", its name, reason).
KEPT_WITH_REASON = [
    ("Hannah", "plan", "Lymph flow - neck and shoulders",
     "Light strokes on the right side and the neck only; the left arm is not treated, as her "
     "lymphoedema therapist advised."),
    ("Hannah", "exercise", "Warmth on the back of the neck and shoulders",
     "Warm, never hot, across the neck and the right shoulder only; nothing on the left arm or "
     "the left side of the chest."),
    ("Sam", "plan", "Lymph flow - neck and shoulders",
     "Surgeon and physio cleared gentle work around the right shoulder; strokes stay light and "
     "away from the scar, shoulder rolls within the range cleared."),
]


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


def _kept_with_reason(context) -> None:
    """The reason on each record its practitioner kept despite a precaution."""
    by_name = {client.given_name: client for client in context.clients}
    for given_name, what, name, reason in KEPT_WITH_REASON:
        client = by_name[given_name]
        items = [item.kind for item in db.session.scalars(select(ClientPrecaution).where(
            ClientPrecaution.client_id == client.id))]
        if what == "plan":
            records = db.session.scalars(select(SessionPlan).where(
                SessionPlan.client_id == client.id, SessionPlan.name == name))
        else:
            records = db.session.scalars(select(Assignment).join(Exercise).where(
                Assignment.client_id == client.id, Exercise.name == name))
        for record in records:
            record.precaution_overrides = items
            record.precaution_reason = reason


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
    db.session.flush()
    _kept_with_reason(context)
