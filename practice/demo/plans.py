"""Demo session plans and sessions: each client has an active plan from a starter template
and several signed sessions over the last weeks, with SOAP notes and pain that eases for
most (not all) of them. One recent session of the practice is left as an unsigned draft.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from practice.core.extensions import db
from practice.plans.models import PlanStatus, PlanStep, PlanTemplate, SessionPlan
from practice.plans.starter import load_starter_templates
from practice.treatments.models import SessionAddendum, TreatmentSession

LYMPH = "Lymph flow - neck and shoulders"
ENDOCRINE = "Endocrine balancing"
SLEEP = "Sleep and nervous system settling"
CIRCULATION = "Circulation and gentle movement"


@dataclass(frozen=True)
class DemoPlan:
    template: str
    goals: str
    #: Techniques of the template left out for this client (precautions).
    leave_out: tuple[str, ...] = ()
    sessions_per_week: int = 1
    weeks: int = 8
    status: PlanStatus = PlanStatus.ACTIVE
    #: Sessions given under this plan, oldest first: days ago.
    session_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class DemoCourse:
    plans: list[DemoPlan]
    pain_start: int
    #: Points of overall pain lost from the first to the last session (negative: worse).
    pain_drop: int
    notes: dict = field(default_factory=dict)


COURSES = {
    "Hannah Price": DemoCourse(
        plans=[DemoPlan(LYMPH, "Less neck and shoulder pain on waking; the left arm feels less "
                               "full; belly breathing and a warm shower every morning.",
                        session_days=(40, 33, 26, 19, 12, 5, 0))],
        pain_start=7, pain_drop=3,
        notes={"objective": "Light strokes only on the left (lymphoedema); left arm not treated."}),
    "Graham Whitfield": DemoCourse(
        plans=[DemoPlan(SLEEP, "Fall asleep within half an hour.", status=PlanStatus.COMPLETED,
                        weeks=4, session_days=(70, 63, 56, 49)),
               DemoPlan(CIRCULATION, "Warmer hands and feet; less morning stiffness; a daily "
                                     "ten-minute walk.", leave_out=("Shaking and bouncing from the knees",),
                        session_days=(35, 28, 21, 14, 7))],
        pain_start=6, pain_drop=2,
        notes={"objective": "Gentle contact only (warfarin); no bruising seen."}),
    "Priya Nair": DemoCourse(
        plans=[DemoPlan(SLEEP, "More restful nights through the pregnancy; a bedtime routine "
                               "she uses most nights.", sessions_per_week=1, weeks=6,
                        session_days=(30, 23, 16, 9, 2))],
        pain_start=5, pain_drop=0,
        notes={"objective": "Seated and side-lying only; no abdominal work (pregnant)."}),
    "Rosa Martinez": DemoCourse(
        plans=[DemoPlan(LYMPH, "Neck pain below 4 on most days; fewer tender nodes under the jaw.",
                        sessions_per_week=2, weeks=6,
                        session_days=(38, 34, 31, 27, 24, 20, 17, 13, 10, 6, 3)),
               DemoPlan(ENDOCRINE, "Steadier energy through the afternoon; cycle-related sleep "
                                   "disturbance less often.", weeks=6, session_days=(21, 14, 7))],
        pain_start=8, pain_drop=4),
    "Sam Taylor": DemoCourse(
        plans=[DemoPlan(LYMPH, "Less neck and upper back pain; light strokes around the "
                               "healing right shoulder, as their physiotherapist agreed.",
                        leave_out=("Shoulder rolls and raises with the breath",),
                        session_days=(29, 22, 15, 8, 1))],
        pain_start=6, pain_drop=3,
        notes={"objective": "Right shoulder: no overhead movement (surgery 8 weeks ago)."}),
    "Margaret O'Brien": DemoCourse(
        plans=[DemoPlan(ENDOCRINE, "Deeper sleep and less afternoon fatigue.",
                        leave_out=("Eight Brocades: selected forms",),
                        # Weekly, but none for ten days: overdue on the Today page.
                        session_days=(38, 31, 24, 17, 10))],
        pain_start=5, pain_drop=-1,
        notes={"objective": "No twisting under load (osteoporosis); seated work."}),
}

SUBJECTIVE = {
    "early": ["Neck and shoulders stiff and sore most mornings; sleeping five or six hours, "
              "waking unrefreshed. Fog worst in the afternoon.",
              "A flare after a busy week: aching across the shoulders, swollen feeling under the "
              "jaw, very tired. Managing the breathing some evenings."],
    "middle": ["A better week: two good nights, neck less stiff on waking. Did the belly "
               "breathing most days, shoulder rolls when remembered.",
               "Mixed week. Pain eased after the last session for two days, then crept back "
               "after a long day at the desk. Warm shower on the neck helps."],
    "late": ["Neck and shoulders noticeably easier; sleeping through most nights. Uses the "
             "breathing before bed without prompting.",
             "Good fortnight. Fog lifting in the mornings; some aching after the weekend but "
             "settled within a day."],
}
OBJECTIVE = ["Upper trapezius tight on both sides, tender nodes under the jaw and above the "
             "collarbone. Shallow chest breathing at rest.",
             "Tissue softer across the back of the neck after the strokes; breathing deeper and "
             "slower by the end.",
             "Neck rotation improved to both sides; nodes less tender; skin warm after the "
             "compress."]
ASSESSMENT = ["Neck and shoulders move more freely by the end; reports feeling lighter.",
              "Slow, steady change; stress and poor sleep still drive the flares.",
              "Reports easing after the warmth and the collarbone strokes; keep the pace gentle."]
PLAN_NOTES = ["Same steps next session; add a longer settling breath at the start.",
              "Continue the plan; check the home breathing routine next time.",
              "Keep the cadence; review the measures at the end of the plan."]
HOME_CHANGES = [None, "Added shoulder rolls twice a day.", None,
                "Warm shower on the back of the neck each morning.", None]


def seed_plans(context) -> None:
    templates = _starter_templates()
    drafted = False
    for client in context.clients:
        course = COURSES.get(client.full_name)
        if course is None:
            continue
        sessions = []
        for demo_plan in course.plans:
            plan = _plan(context, client, templates[demo_plan.template], demo_plan)
            sessions += [(days, plan) for days in demo_plan.session_days]
        sessions.sort(key=lambda item: -item[0])
        for number, (days_ago, plan) in enumerate(sessions):
            is_draft = not drafted and days_ago == 0
            drafted = drafted or is_draft
            _session(context, client, plan, course, number, len(sessions), days_ago,
                     signed=not is_draft)


def _starter_templates() -> dict[str, PlanTemplate]:
    """The starter templates (a migrated database has them; a bare schema gets them now)."""
    query = select(PlanTemplate).where(PlanTemplate.practitioner_id.is_(None))
    if not db.session.scalars(query).first():
        load_starter_templates()
        db.session.flush()
    return {template.name: template for template in db.session.scalars(query)}


def _plan(context, client, template: PlanTemplate, demo: DemoPlan) -> SessionPlan:
    first = max(demo.session_days)
    start = context.today - timedelta(days=first)
    steps = [step for step in template.steps if step.technique not in demo.leave_out]
    plan = SessionPlan(
        client=client, template=template, created_by_id=client.practitioner.id, name=template.name,
        focus_systems=list(template.focus_systems), goals=demo.goals,
        sessions_per_week=demo.sessions_per_week, weeks=demo.weeks,
        measures=["pain", "neck_shoulder_pain", "sleep"], status=demo.status, start_date=start,
        end_date=context.today - timedelta(days=min(demo.session_days))
        if demo.status is PlanStatus.COMPLETED else None,
        created_at=context.days_ago(first, hour=9),
        steps=[PlanStep(position=number, **step.as_dict())
               for number, step in enumerate(steps, start=1)])
    db.session.add(plan)
    return plan


def _ratings(rng, course: DemoCourse, progress: float) -> tuple[int, int, int, int]:
    """Pain before and after (overall, then neck and shoulders): the starting level drifts by
    the course's drop over the sessions, with some noise; a session eases it a little."""
    drift = course.pain_start - course.pain_drop * progress + rng.choice((-1, 0, 0, 1))
    before = max(1, min(10, round(drift)))
    eased = rng.choice((1, 2, 2, 3)) if course.pain_drop > 0 else rng.choice((0, 1))
    after = max(0, before - eased)
    neck_before = min(10, before + rng.choice((0, 1, 1)))
    neck_after = max(0, neck_before - eased - rng.choice((0, 1)))
    return before, after, neck_before, neck_after


def _session(context, client, plan, course: DemoCourse, number: int, count: int, days_ago: int,
             signed: bool) -> None:
    rng = context.rng
    progress = number / max(count - 1, 1)
    stage = "early" if progress < 0.34 else ("middle" if progress < 0.67 else "late")
    before, after, neck_before, neck_after = _ratings(rng, course, progress)
    started = context.days_ago(days_ago, hour=rng.choice((9, 10, 11, 14, 15)))
    if days_ago == 0:
        started = min(started, context.now - timedelta(hours=2))
    steps = [{"technique": step.technique, "body_region": step.body_region, "minutes": step.minutes,
              "performed": rng.random() > 0.1, "note": None} for step in plan.steps]
    objective = " ".join(filter(None, (rng.choice(OBJECTIVE), course.notes.get("objective"))))
    session = TreatmentSession(
        client=client, practitioner_id=client.practitioner.id, plan=plan, started_at=started,
        duration_minutes=sum(step["minutes"] or 0 for step in steps if step["performed"]) + 10,
        steps=steps, pain_before=before, pain_after=after, neck_shoulder_pain_before=neck_before,
        neck_shoulder_pain_after=neck_after,
        subjective=rng.choice(SUBJECTIVE[stage]), objective=objective,
        assessment=rng.choice(ASSESSMENT), plan_note=rng.choice(PLAN_NOTES),
        home_program_changes=rng.choice(HOME_CHANGES), created_at=started)
    if signed:
        session.signed_at = started + timedelta(hours=rng.choice((1, 2, 3)))
        session.signed_by_id = client.practitioner.id
        session.plan_name = plan.name  # kept at signing, as TreatmentSession.sign does
    db.session.add(session)
    if signed and client.full_name == "Graham Whitfield" and number == count - 1:
        session.addenda.append(SessionAddendum(
            author_id=client.practitioner.id, created_at=session.signed_at + timedelta(days=1),
            body="Graham phoned the next morning: slight bruise on the left forearm where the "
                 "limb patting was done. Lighter patting on the forearms from now on."))
