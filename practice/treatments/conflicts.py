"""What differs between the stored draft and what an editor typed, for the conflict page."""
from dataclasses import dataclass

from practice.core.formatting import format_datetime
from practice.treatments.models import TreatmentSession

#: The note parts, in the order they are compared and shown.
TEXT_LABELS = {
    "subjective": "Subjective", "objective": "Objective", "assessment": "Assessment",
    "plan_note": "Plan", "home_program_changes": "Changes to the home program",
}
NUMBER_LABELS = {
    "duration_minutes": "Duration (minutes)", "pain_before": "Overall pain before",
    "pain_after": "Overall pain after", "neck_shoulder_pain_before": "Neck and shoulders before",
    "neck_shoulder_pain_after": "Neck and shoulders after",
}


@dataclass(frozen=True)
class Difference:
    label: str
    stored: str
    typed: str


def steps_text(steps: list[dict]) -> str:
    lines = []
    for step in steps:
        mark = "done" if step.get("performed") else "skipped"
        details = ", ".join(str(part) for part in (
            step.get("body_region"), f"{step['minutes']} min" if step.get("minutes") is not None else None,
            step.get("note")) if part)
        lines.append(f"[{mark}] {step.get('technique')}" + (f" ({details})" if details else ""))
    return "\n".join(lines)


def _text(value) -> str:
    return "" if value is None else str(value)


def differences(stored: TreatmentSession, typed: dict) -> list[Difference]:
    """Each part of the record whose stored value differs from the typed one."""
    found = []
    if stored.started_at != typed["started_at"]:
        found.append(Difference("Date and time", format_datetime(stored.started_at),
                                format_datetime(typed["started_at"])))
    stored_plan = stored.plan.name if stored.plan else "No plan"
    typed_plan = typed["plan"].name if typed.get("plan") else "No plan"
    if stored_plan != typed_plan:
        found.append(Difference("Plan", stored_plan, typed_plan))
    for name, label in NUMBER_LABELS.items():
        if getattr(stored, name) != typed.get(name):
            found.append(Difference(label, _text(getattr(stored, name)), _text(typed.get(name))))
    if steps_text(stored.steps or []) != steps_text(typed["steps"]):
        found.append(Difference("Steps", steps_text(stored.steps or []), steps_text(typed["steps"])))
    for name, label in TEXT_LABELS.items():
        if (getattr(stored, name) or "") != (typed.get(name) or ""):
            found.append(Difference(label, _text(getattr(stored, name)), _text(typed.get(name))))
    return found


def addendum_draft(found: list[Difference]) -> str:
    """The typed side of the differences, as a starting text for an addendum."""
    return "\n\n".join(f"{difference.label}: {difference.typed}" for difference in found
                       if difference.typed)
