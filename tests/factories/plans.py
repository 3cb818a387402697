"""Test data builders for plan templates, clients' plans and session records."""
from datetime import date, timedelta

from sqlalchemy import select

from practice.core.database import now_utc
from practice.core.extensions import db
from practice.plans.models import PlanStatus, PlanStep, PlanTemplate, SessionPlan
from practice.treatments.models import TreatmentSession

DEFAULT_STEPS = [
    {"technique": "Diaphragmatic breathing", "body_region": "Abdomen", "minutes": 5,
     "instructions": "Slow belly breaths."},
    {"technique": "Lymph strokes toward the collarbone", "body_region": "Neck", "minutes": 10,
     "instructions": "Feather-light strokes."},
    {"technique": "Shoulder rolls", "body_region": "Shoulders", "minutes": 5, "instructions": None},
]


def _steps(steps) -> list[PlanStep]:
    return [PlanStep(position=number, **step)
            for number, step in enumerate(DEFAULT_STEPS if steps is None else steps, start=1)]


def starter_template(name: str = "Lymph flow - neck and shoulders") -> PlanTemplate:
    return db.session.scalars(select(PlanTemplate).where(PlanTemplate.name == name,
                                                         PlanTemplate.practitioner_id.is_(None))).one()


def make_template(owner, *, name: str = "My lymph routine", focus=("lymphatic",), steps=None,
                  archived: bool = False, **fields) -> PlanTemplate:
    template = PlanTemplate(practitioner_id=owner.id if owner else None, name=name,
                            focus_systems=list(focus), steps=_steps(steps),
                            archived_at=now_utc() if archived else None, **fields)
    db.session.add(template)
    db.session.commit()
    return template


def make_plan(client, *, name: str = "Lymph flow for the neck", focus=("lymphatic",), steps=None,
              status: PlanStatus = PlanStatus.ACTIVE, sessions_per_week: int = 2, weeks: int = 6,
              start_date: date | None = None, template=None, **fields) -> SessionPlan:
    plan = SessionPlan(client=client, created_by_id=client.practitioner_id, name=name,
                       focus_systems=list(focus), steps=_steps(steps), status=status,
                       sessions_per_week=sessions_per_week, weeks=weeks, template=template,
                       start_date=start_date or date.today() - timedelta(days=14), **fields)
    db.session.add(plan)
    db.session.commit()
    return plan


def make_session(client, *, plan=None, started_at=None, signed: bool = False, pain=(6, 4),
                 neck=(7, 4), steps=None, **fields) -> TreatmentSession:
    session = TreatmentSession(
        client=client, practitioner_id=client.practitioner_id, plan=plan,
        started_at=started_at or now_utc() - timedelta(days=1), duration_minutes=45,
        steps=steps if steps is not None else [
            {"technique": "Diaphragmatic breathing", "body_region": "Abdomen", "minutes": 5,
             "performed": True, "note": None}],
        pain_before=pain[0], pain_after=pain[1],
        neck_shoulder_pain_before=neck[0], neck_shoulder_pain_after=neck[1],
        subjective=fields.pop("subjective", "Slept badly, neck stiff on waking."),
        assessment=fields.pop("assessment", "Neck looser after the strokes."), **fields)
    db.session.add(session)
    db.session.flush()
    if signed:
        session.sign(client.practitioner)
    db.session.commit()
    return session
