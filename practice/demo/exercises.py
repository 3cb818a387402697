"""Demo home programs: assignments, six weeks of exercise logs and daily check-ins.

Clients with a portal account log their exercises and check in most days; the pattern is
believable rather than tidy: missed days (more of them on bad days), pain drifting down
with day-to-day noise, and worse pain, fatigue and fog after a poor night. Clients without
a portal account follow a printed program; their practitioner records a check-in weekly.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, Exercise, ExerciseLog
from practice.exercises.starter import load_starter_exercises
from practice.progress.models import CheckIn, CheckInSource

#: How far back the demo history reaches.
HISTORY_DAYS = 42

MINUTES, REPETITIONS = DoseUnit.MINUTES, DoseUnit.REPETITIONS
DAY, WEEK = DosePeriod.DAY, DosePeriod.WEEK


@dataclass(frozen=True)
class DemoPrescription:
    exercise: str  # name of a starter item or of the practitioner's own item
    amount: int
    unit: DoseUnit
    times: int
    period: DosePeriod
    started_days_ago: int
    notes: str | None = None
    #: ``(days ago, amount)``: the dose was changed then (stop-and-replace).
    changed: tuple[int, int] | None = None


@dataclass(frozen=True)
class DemoCourse:
    """How a client's weeks went: adherence, pain at the start and its drift, sleep (its
    quality, 0-10: the check-ins store it turned round, as sleep problems)."""

    adherence: float
    pain_start: float
    pain_drop: float
    sleep_mean: float
    #: The latest days went badly: more pain and fatigue, fewer exercises done, a note about
    #: it yesterday (what the practitioner's "Needs attention" list picks up).
    setback_days: int = 0


BREATHING = "Belly breathing (diaphragmatic breathing)"
SHOULDERS = "Shoulder rolls and raises"
LYMPH_MASSAGE = "Neck and collarbone lymph self-massage"
SHAKING = "Whole-body shaking (bouncing from the knees)"
BROCADES = "Eight Brocades (Ba Duan Jin)"
KIDNEYS = "Kidney-area rubbing"
WARMTH = "Warmth on the back of the neck and shoulders"
WALKING = "Gentle walking"

#: Each practitioner's own library items (one adapted from the practice library).
OWN_EXERCISES = {
    "Mei Lin Chen": [{
        "name": "Seated Eight Brocades (my version)", "copied_from": BROCADES,
        "summary": "The Eight Brocades done sitting on a firm chair, for tired days.",
        "focus": [FocusSystem.MUSCULOSKELETAL, FocusSystem.CIRCULATORY, FocusSystem.NERVOUS_SLEEP],
        "instructions": "Sit near the front of a firm chair, feet flat on the floor.\n"
                        "Do each of the eight movements with your arms only, slowly, with the breath.\n"
                        "Skip the forward bend; instead, slide your hands down to your knees.\n"
                        "Do each movement 4 times. Rest whenever you need to.",
        "precautions": "Stop with dizziness or sharp pain. No twisting under load.",
        "dose": (10, MINUTES, 1, DAY)}],
    "Daniel Okafor": [{
        "name": "Pendulum arm swings", "copied_from": None,
        "summary": "Letting the arm hang and swing gently, to ease a stiff shoulder without effort.",
        "focus": [FocusSystem.MUSCULOSKELETAL, FocusSystem.LYMPHATIC],
        "instructions": "Stand beside a table and rest your good hand on it.\n"
                        "Lean forward a little and let the other arm hang down loosely.\n"
                        "Rock your body so the arm swings gently forwards and back, 10 times.\n"
                        "Then let it swing in small circles, 10 times each way.\n"
                        "Keep the shoulder muscles soft: the arm moves because your body rocks.",
        "precautions": "Only within the range your surgeon allows. Stop with sharp pain.",
        "dose": (2, MINUTES, 2, DAY)}],
}

#: Programs by client's given name (the demo people are fixed in people.py).
PROGRAMS = {
    "Hannah": [
        DemoPrescription(BREATHING, 3, MINUTES, 2, DAY, 40, changed=(19, 5),
                         notes="Morning and evening, lying down is fine."),
        DemoPrescription(LYMPH_MASSAGE, 5, MINUTES, 1, DAY, 40,
                         notes="Right side as usual. On the left only the feather-light strokes "
                               "we practised, never pressing."),
        DemoPrescription(WARMTH, 10, MINUTES, 1, DAY, 26,
                         notes="Best in the evening, before bed."),
        DemoPrescription(WALKING, 15, MINUTES, 4, WEEK, 33),
    ],
    "Graham": [
        DemoPrescription(SHOULDERS, 10, REPETITIONS, 2, DAY, 41),
        DemoPrescription("Seated Eight Brocades (my version)", 10, MINUTES, 1, DAY, 41,
                         notes="Sitting down is fine on stiff mornings."),
        DemoPrescription(WALKING, 20, MINUTES, 5, WEEK, 34,
                         notes="Stroke rather than pat: you bruise easily."),
    ],
    "Priya": [
        DemoPrescription(BREATHING, 5, MINUTES, 2, DAY, 30),
        DemoPrescription(WARMTH, 10, MINUTES, 1, DAY, 30, notes="Warm, never hot."),
    ],
    "Rosa": [
        DemoPrescription(SHAKING, 2, MINUTES, 1, DAY, 41, changed=(20, 3)),
        DemoPrescription(BREATHING, 5, MINUTES, 2, DAY, 41),
        DemoPrescription(KIDNEYS, 2, MINUTES, 1, DAY, 27),
        DemoPrescription(LYMPH_MASSAGE, 5, MINUTES, 1, DAY, 41,
                         notes="Finish with the collarbone circles every time."),
    ],
    "Sam": [
        DemoPrescription(BREATHING, 5, MINUTES, 2, DAY, 39),
        DemoPrescription("Pendulum arm swings", 2, MINUTES, 2, DAY, 39,
                         notes="Right arm only as far as your surgeon allows; no overhead work."),
        DemoPrescription(WALKING, 15, MINUTES, 3, WEEK, 25),
    ],
    "Margaret": [
        DemoPrescription(WALKING, 15, MINUTES, 5, WEEK, 35),
        DemoPrescription(BREATHING, 5, MINUTES, 1, DAY, 35,
                         notes="Keep your back supported; no twisting."),
    ],
}

COURSES = {
    "Hannah": DemoCourse(adherence=0.82, pain_start=6.8, pain_drop=2.4, sleep_mean=5.0),
    "Graham": DemoCourse(adherence=0.62, pain_start=6.0, pain_drop=1.2, sleep_mean=5.5,
                         setback_days=6),
    "Rosa": DemoCourse(adherence=0.88, pain_start=7.4, pain_drop=3.0, sleep_mean=4.5),
    "Sam": DemoCourse(adherence=0.7, pain_start=5.6, pain_drop=1.8, sleep_mean=6.0),
}
DEFAULT_COURSE = DemoCourse(adherence=0.75, pain_start=6.0, pain_drop=1.5, sleep_mean=5.0)

CHECK_IN_NOTES = {
    "poor_sleep": ["Woke at 3 and couldn't settle.", "Bad night, neck very stiff this morning.",
                   "Hardly slept. Foggy all day."],
    "good": ["Felt looser after the warm shower.", "Good day, managed the walk and the shopping.",
             "Shoulders much softer today."],
    "flare": ["Flare-up, stayed in bed most of the morning.", "Weather change, everything aches."],
}
#: Yesterday's note of a client in a setback.
SETBACK_NOTE = "Exhausted all week. Couldn't find words at work, had to go home early."
LOG_NOTES = ["Did it lying down.", "Felt the neck ease off a bit.", "Short version today.",
             "Easier than last week."]


def seed_exercises(context) -> None:
    library = _library(context)
    for client in context.clients:
        assignments = _assign(context, client, library)
        course = COURSES.get(client.given_name, DEFAULT_COURSE)
        if client.portal_user is not None:
            _seed_daily_history(context, client, assignments, course)
        else:
            _seed_weekly_check_ins(context, client, course)


def _library(context) -> dict[tuple[int | None, str], Exercise]:
    """Practice items by name (loaded if the database has none) plus each practitioner's own."""
    if not db.session.scalar(select(Exercise.id).where(Exercise.owner_id.is_(None)).limit(1)):
        load_starter_exercises()
        db.session.flush()
    practice_items = db.session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))).all()
    library = {(None, item.name): item for item in practice_items}
    for practitioner in context.practitioners:
        for data in OWN_EXERCISES.get(practitioner.display_name, []):
            amount, unit, times, period = data["dose"]
            exercise = Exercise(
                owner=practitioner, name=data["name"], summary=data["summary"],
                instructions=data["instructions"], precautions=data["precautions"],
                default_amount=amount, default_unit=unit, default_times=times, default_period=period,
                copied_from=library.get((None, data["copied_from"])),
                created_at=context.days_ago(60))
            exercise.focus_systems = data["focus"]
            db.session.add(exercise)
            library[(practitioner.id, exercise.name)] = exercise
    return library


def _assign(context, client, library) -> list[Assignment]:
    assignments = []
    for plan in PROGRAMS.get(client.given_name, PROGRAMS["Margaret"]):
        exercise = library.get((client.practitioner.id, plan.exercise)) or library[(None, plan.exercise)]
        starts_on = context.today - timedelta(days=plan.started_days_ago)
        first = Assignment(client=client, exercise=exercise, prescribed_by=client.practitioner,
                           amount=plan.amount, unit=plan.unit, times=plan.times, period=plan.period,
                           starts_on=starts_on, notes=plan.notes,
                           created_at=context.days_ago(plan.started_days_ago, hour=11))
        db.session.add(first)
        assignments.append(first)
        if plan.changed:
            changed_days_ago, amount = plan.changed
            changed_on = context.today - timedelta(days=changed_days_ago)
            first.stopped_on, first.stopped_by = changed_on, client.practitioner
            assignments.append(Assignment(
                client=client, exercise=exercise, prescribed_by=client.practitioner,
                amount=amount, unit=plan.unit, times=plan.times, period=plan.period,
                starts_on=changed_on, notes=plan.notes, replaces=first,
                created_at=context.days_ago(changed_days_ago, hour=11)))
            db.session.add(assignments[-1])
    db.session.flush()
    return assignments


def _seed_daily_history(context, client, assignments, course: DemoCourse) -> None:
    rng = context.rng
    sleep_last_night = course.sleep_mean
    for days_ago in range(HISTORY_DAYS - 1, -1, -1):
        day = context.today - timedelta(days=days_ago)
        progress = (HISTORY_DAYS - 1 - days_ago) / (HISTORY_DAYS - 1)
        poor_night = sleep_last_night < 4
        flare = rng.random() < 0.06
        setback = days_ago < course.setback_days
        pain = (course.pain_start - course.pain_drop * progress + rng.gauss(0, 0.8)
                + (1.3 if poor_night else 0) + (2 if flare else 0) + (3 if setback else 0))
        bad_day = pain >= 7 or flare or setback
        skipped = rng.random() > (0.55 if bad_day else 0.88)
        if days_ago > 0 and skipped and not setback:
            pass  # no check-in that day (in a setback, every day)
        elif days_ago > 0:
            note = None
            if rng.random() < 0.22:
                key = "flare" if flare else "poor_sleep" if poor_night else "good"
                note = rng.choice(CHECK_IN_NOTES[key])
            if setback and days_ago == 1:
                note = SETBACK_NOTE
            written = context.days_ago(days_ago, hour=rng.choice((8, 9, 19, 20)))
            db.session.add(CheckIn(
                client=client, checked_on=day, source=CheckInSource.CLIENT,
                recorded_by=client.portal_user,
                pain=_rating(pain), neck_shoulder_pain=_rating(pain + 0.6 + rng.gauss(0, 0.7)),
                fatigue=_rating(pain - 0.3 + (1.8 if poor_night else 0) + rng.gauss(0, 0.8)),
                sleep_problems=_rating(10 - sleep_last_night), note=note,
                fog=_rating(pain - 1.2 + (1.6 if poor_night else 0) + rng.gauss(0, 0.9)),
                created_at=written, updated_at=written))
        _seed_logs(context, client, assignments, day, days_ago,
                   course.adherence * (0.1 if setback else 0.6 if bad_day else 1.0))
        sleep_last_night = min(9.5, max(1, rng.gauss(course.sleep_mean + 1.5 * progress, 1.7)))


def _seed_logs(context, client, assignments, day: date, days_ago: int, chance: float) -> None:
    rng = context.rng
    applying = [assignment for assignment in assignments if assignment.applies_on(day)]
    if days_ago == 0:
        applying = applying[:1]  # today only the first item is done yet; the rest wait
    for assignment in applying:
        slots = assignment.times if assignment.period is DAY else 1
        if assignment.period is WEEK:
            chance_today = chance * assignment.times / 7 * 1.1
        else:
            chance_today = chance
        for slot in range(1, slots + 1):
            if rng.random() > chance_today:
                break
            rated = rng.random() < 0.45
            db.session.add(ExerciseLog(
                assignment=assignment, client_id=client.id, logged_on=day, slot=slot,
                logged_at=min(context.now, context.days_ago(days_ago, hour=rng.choice(
                    (7, 8, 9, 11) if slot == 1 else (17, 18, 20))) + timedelta(minutes=rng.randint(0, 59))),
                effort=rng.randint(2, 6) if rated else None,
                pain_after=rng.randint(2, 6) if rated else None,
                note=rng.choice(LOG_NOTES) if rng.random() < 0.06 else None,
                form_token=f"demo-{rng.getrandbits(96):024x}"))


def _seed_weekly_check_ins(context, client, course: DemoCourse) -> None:
    """Paper-program clients: the practitioner records how the week was at each session."""
    rng = context.rng
    for days_ago in range(HISTORY_DAYS - 7, 0, -7):
        progress = (HISTORY_DAYS - days_ago) / HISTORY_DAYS
        pain = course.pain_start - course.pain_drop * progress + rng.gauss(0, 0.6)
        db.session.add(CheckIn(
            client=client, checked_on=context.today - timedelta(days=days_ago),
            source=CheckInSource.PRACTITIONER, recorded_by=client.practitioner, pain=_rating(pain),
            neck_shoulder_pain=_rating(pain + 0.5), fatigue=_rating(pain + rng.gauss(0, 0.8)),
            sleep_problems=_rating(10 - course.sleep_mean - rng.gauss(0, 1)),
            fog=_rating(pain - 1 + rng.gauss(0, 0.8)),
            created_at=context.days_ago(days_ago, hour=14),
            updated_at=context.days_ago(days_ago, hour=14)))


def _rating(value: float) -> int:
    return max(0, min(10, round(value)))
