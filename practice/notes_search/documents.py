"""What the notes index holds: one document per intake, session, addendum and plan.

Each record type says which words of it are searchable and where a hit leads. Discarded
drafts are no document (they are no longer the client's notes).
"""
import enum
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import object_session

from practice.intakes.models import Intake, IntakeAddendum
from practice.plans.models import PlanStep, SessionPlan
from practice.treatments.models import SessionAddendum, TreatmentSession


class Kind(enum.IntEnum):
    """The record type of a document; part of its key in the index."""

    INTAKE = 1
    INTAKE_ADDENDUM = 2
    SESSION = 3
    SESSION_ADDENDUM = 4
    PLAN = 5

    @property
    def label(self) -> str:
        return {Kind.INTAKE: "Intake", Kind.INTAKE_ADDENDUM: "Intake addendum",
                Kind.SESSION: "Session note", Kind.SESSION_ADDENDUM: "Session addendum",
                Kind.PLAN: "Plan"}[self]


#: Record ids are multiplied by this and the kind added: one integer key per document.
KEY_SPAN = 8


@dataclass(frozen=True)
class Document:
    kind: Kind
    record_id: int
    #: The intake, session or plan a hit opens (an addendum's own record).
    page_id: int
    client_id: int
    #: The day the note is about, shown beside the hit.
    noted_on: date | None
    body: str

    @property
    def key(self) -> int:
        return key_of(self.kind, self.record_id)


def key_of(kind: Kind, record_id: int) -> int:
    return record_id * KEY_SPAN + int(kind)


def _text(*parts) -> str:
    """The parts joined, without control characters (the index marks hits with two of them)."""
    joined = "\n".join(str(part) for part in parts if part)
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch
                   for ch in joined)


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def intake_document(intake: Intake) -> Document | None:
    if intake.discarded_at is not None:
        return None
    review_notes = [entry.get("note") for entry in (intake.systems_review or {}).values()
                    if isinstance(entry, dict)]
    return Document(Kind.INTAKE, intake.id, intake.id, intake.client_id,
                    intake.assessed_on or _day(intake.created_at),
                    _text(intake.condition_type_name, intake.chief_complaint,
                          intake.complaint_history, intake.medications, intake.goals,
                          intake.notes, *review_notes))


def session_document(session: TreatmentSession) -> Document | None:
    if session.discarded_at is not None:
        return None
    step_notes = [step.get("note") for step in session.steps or [] if isinstance(step, dict)]
    return Document(Kind.SESSION, session.id, session.id, session.client_id,
                    _day(session.started_at),
                    _text(session.subjective, session.objective, session.assessment,
                          session.plan_note, session.home_program_changes, *step_notes))


def _parent(addendum, relation: str, model, key: str):
    """An addendum's record: loaded by its key when the addendum was made with the key alone
    (a relationship of a row just inserted is not loaded for it)."""
    return getattr(addendum, relation) or object_session(addendum).get(model, getattr(addendum, key))


def intake_addendum_document(addendum: IntakeAddendum) -> Document:
    intake = _parent(addendum, "intake", Intake, "intake_id")
    return Document(Kind.INTAKE_ADDENDUM, addendum.id, addendum.intake_id, intake.client_id,
                    _day(addendum.created_at), _text(addendum.body))


def session_addendum_document(addendum: SessionAddendum) -> Document:
    session = _parent(addendum, "session", TreatmentSession, "session_id")
    return Document(Kind.SESSION_ADDENDUM, addendum.id, addendum.session_id, session.client_id,
                    _day(addendum.created_at), _text(addendum.body))


def plan_document(plan: SessionPlan) -> Document:
    steps = [part for step in plan.steps for part in (step.technique, step.instructions)]
    return Document(Kind.PLAN, plan.id, plan.id, plan.client_id, plan.start_date,
                    _text(plan.name, plan.goals, *steps))


#: Each indexed model and how it becomes a document.
BUILDERS = {
    Intake: intake_document,
    TreatmentSession: session_document,
    IntakeAddendum: intake_addendum_document,
    SessionAddendum: session_addendum_document,
    SessionPlan: plan_document,
}
KINDS = {Intake: Kind.INTAKE, TreatmentSession: Kind.SESSION,
         IntakeAddendum: Kind.INTAKE_ADDENDUM, SessionAddendum: Kind.SESSION_ADDENDUM,
         SessionPlan: Kind.PLAN}


def indexed_record(instance):
    """The record whose document ``instance`` is part of (a plan step's plan), or ``None``."""
    if isinstance(instance, PlanStep):
        return instance.plan
    return instance if type(instance) in BUILDERS else None


def document_of(record) -> Document | None:
    return BUILDERS[type(record)](record)
