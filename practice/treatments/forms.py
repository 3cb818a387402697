"""Forms for recording a session, signing it and adding addenda, and the data they carry."""
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from practice.core.clock import local_datetime, to_utc
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin
from practice.plans.models import SessionPlan
from practice.plans.stepforms import StepFields, check_step_count, filled_steps, step_list, strip
from practice.precautions.forms import HiddenTagsField, OverrideFieldsMixin
from practice.treatments.models import NOTE_FIELDS, PAIN_COLUMNS, TreatmentSession

NOTE_LENGTH = Length(max=20000)
DEFAULT_DURATION = 60
#: A step row added by hand: given, until unticked.
NEW_STEP = {"performed": True}


def minutes_or_none(value) -> int | None:
    """A whole number of minutes from a hidden field, or ``None`` for anything else."""
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


class SessionStepForm(StepFields):
    performed = BooleanField("Performed")
    note = StringField("Note", [Optional(), Length(max=500)], filters=[strip])
    #: The precautions the step conflicts with, carried from the plan's step.
    conflicts_with = HiddenTagsField()

    CONTENT_FIELDS = ("technique", "body_region", "minutes", "note")


def pain_field(label: str) -> IntegerField:
    return IntegerField(label, [Optional(), NumberRange(min=0, max=10, message="From 0 to 10.")],
                        render_kw={"min": 0, "max": 10, "inputmode": "numeric"})


def note_field(label: str, description: str) -> TextAreaField:
    return TextAreaField(label, [Optional(), NOTE_LENGTH], filters=[strip], description=description,
                         render_kw={"rows": 4})


class SessionForm(OnceFormMixin, OverrideFieldsMixin, VersionedForm):
    """A session's form, new or a draft's. ``form_key`` makes a new one create its draft once
    (however often it is sent, by Save or by autosave) and names the editing visit whose first
    autosave is audited; ``version`` is the draft's lock value the page holds."""

    plan_id = SelectField("Plan", coerce=int, choices=[])
    session_date = DateField("Date", [InputRequired(message="When was the session?")])
    session_time = TimeField("Start time", [InputRequired(message="What time did it start?")])
    duration_minutes = IntegerField("Duration (minutes)", [
        InputRequired(message="How long was the session?"),
        NumberRange(min=1, max=600, message="Between 1 and 600 minutes.")])
    #: The duration the ticked steps gave when the page was shown (or as treatments.js last
    #: counted them): while ``duration_minutes`` still holds it, the duration follows the steps.
    duration_from_steps = HiddenField(filters=[minutes_or_none])
    steps = step_list(SessionStepForm)
    pain_before = pain_field("Overall pain before")
    pain_after = pain_field("Overall pain after")
    neck_shoulder_pain_before = pain_field("Neck and shoulders before")
    neck_shoulder_pain_after = pain_field("Neck and shoulders after")
    subjective = note_field("Subjective", "What the client reports: how the week went, sleep, "
                                          "energy, pain, what helped.")
    objective = note_field("Objective", "What you observed: posture, swelling, tender nodes, "
                                        "range of movement, response to the work.")
    assessment = note_field("Assessment", "Your reading of it: what is changing and why.")
    plan_note = note_field("Plan", "What comes next: focus of the next session, referrals.")
    home_program_changes = note_field("Changes to the home program",
                                      "Exercises added, changed or stopped today.")

    def validate_steps(self, field):
        check_step_count(field)

    def offer_plans(self, plans: list[SessionPlan]) -> "SessionForm":
        self.plan_id.choices = [SelectChoice(0, "No plan")] + [SelectChoice(plan.id, plan.name)
                                                               for plan in plans]
        return self

    def started_at(self) -> datetime:
        """The session's start in UTC, from the date and time typed in the practice's zone."""
        return to_utc(self.session_date.data, self.session_time.data)

    def changes(self, plans_by_id: dict[int, SessionPlan]) -> dict:
        """What was typed, as the operations take it (``plan`` one of ``plans_by_id``)."""
        data = {name: self[name].data for name in (*PAIN_COLUMNS, *NOTE_FIELDS)}
        steps = filled_steps(self.steps)
        data.update(started_at=self.started_at(), duration_minutes=self.duration(steps),
                    plan=plans_by_id.get(self.plan_id.data), steps=steps)
        return data

    def duration(self, steps: list[dict]) -> int:
        """The duration typed, or the ticked steps' minutes while it still follows them."""
        typed = self.duration_minutes.data
        follows = typed is not None and typed == self.duration_from_steps.data
        return (steps_duration(steps) or typed) if follows else typed

    @staticmethod
    def data_of(session: TreatmentSession) -> dict:
        """Form data showing ``session`` as stored (to edit it, or to compare in a conflict)."""
        return {**{name: getattr(session, name)
                   for name in ("duration_minutes", *PAIN_COLUMNS, *NOTE_FIELDS)},
                **start_fields(session.started_at), "plan_id": session.plan_id or 0,
                "steps": session.steps or [NEW_STEP], "version": session.version,
                "duration_from_steps": steps_duration(session.steps or [])}

    @staticmethod
    def prefill(plan: SessionPlan | None, moment: datetime, minutes: int | None = None) -> dict:
        """Form data for a new session at ``moment``, with ``plan``'s steps ticked as performed,
        lasting ``minutes`` when booked so (else as long as the steps)."""
        steps = steps_from_plan(plan) or [NEW_STEP]
        duration = duration_fields(steps)
        if minutes is not None and 1 <= minutes <= 600:
            duration["duration_minutes"] = minutes
        return {"plan_id": plan.id if plan else 0, **start_fields(moment), **duration,
                "steps": steps}

    @staticmethod
    def copy_of(source: TreatmentSession, plan: SessionPlan | None, moment: datetime) -> dict:
        """Form data for a new session now that starts from ``source``: its steps (ticks and
        step notes too) and note sections, filed under ``plan``; today's pain is not copied."""
        steps = [dict(step) for step in source.steps or []] or [NEW_STEP]
        return {"plan_id": plan.id if plan else 0, **start_fields(moment), "steps": steps,
                "duration_minutes": source.duration_minutes,
                "duration_from_steps": steps_duration(steps),
                **{name: getattr(source, name) for name in NOTE_FIELDS}}

    # How the conflict page words a field (``practice.core.conflicts``).

    def describe_plan_id(self, field) -> str:
        return next((str(choice.label) for choice in field.iter_choices() if choice.selected), "")

    def describe_steps(self, field) -> str:
        return "\n".join(describe_step(step) for step in filled_steps(field))

    def describe_session_time(self, field) -> str:
        return field.data.strftime("%H:%M") if field.data else ""


def describe_step(step: dict) -> str:
    """One step as a line: ``[done] Technique (region, 5 min, note)``."""
    mark = "done" if step.get("performed") else "skipped"
    details = ", ".join(str(part) for part in (
        step.get("body_region"), f"{step['minutes']} min" if step.get("minutes") is not None else None,
        step.get("note")) if part)
    return f"[{mark}] {step.get('technique') or ''}" + (f" ({details})" if details else "")


def steps_from_plan(plan: SessionPlan | None) -> list[dict]:
    """The plan's steps as session rows, all ticked as performed, ready to adjust."""
    if plan is None:
        return []
    return [{"technique": step.technique, "body_region": step.body_region, "minutes": step.minutes,
             "performed": True, "note": None,
             "conflicts_with": [kind.value for kind in step.conflicts_with]}
            for step in plan.steps]


def steps_duration(steps: list[dict]) -> int | None:
    """The minutes of the steps ticked as done; ``None`` when they give none."""
    return sum(step.get("minutes") or 0 for step in steps if step.get("performed")) or None


def duration_fields(steps: list[dict]) -> dict:
    """A form's duration for ``steps``, following them (``DEFAULT_DURATION`` without minutes)."""
    duration = steps_duration(steps) or DEFAULT_DURATION
    return {"duration_minutes": duration, "duration_from_steps": duration}



def booked_start(arguments) -> datetime | None:
    """The start a link from an appointment names (``?at=2026-03-14T10:00``, practice time),
    in UTC; ``None`` when there is none or it is no real time."""
    try:
        local = datetime.fromisoformat(arguments.get("at", ""))
    except ValueError:
        return None
    if local.tzinfo is not None or not 1900 <= local.year <= 2999:
        return None
    return to_utc(local.date(), local.time())


def start_fields(moment: datetime) -> dict:
    """Form data for the date and time fields, in the practice's zone, to the minute."""
    local = local_datetime(moment)
    return {"session_date": local.date(), "session_time": local.time().replace(second=0, microsecond=0)}


class AddendumForm(OnceFormMixin, FlaskForm):
    body = TextAreaField("Addendum", [DataRequired(message="Write the correction or addition."),
                                      Length(max=20000)], filters=[strip],
                         description="Added under the signed note with your name and the time; "
                                     "the note itself never changes.", render_kw={"rows": 4})
