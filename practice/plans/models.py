"""Plan templates, a client's session plans, and the ordered steps of both."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.precautions.kinds import PrecautionKind
from practice.precautions.models import PrecautionOverrideMixin, precaution_list_column


class PlanStatus(enum.Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Measure(enum.Enum):
    """What a plan watches to judge whether it helps (0-10 ratings and intake scores)."""

    PAIN = "pain"
    NECK_SHOULDER_PAIN = "neck_shoulder_pain"
    FATIGUE = "fatigue"
    SLEEP = "sleep"
    FOG = "fog"
    WPI = "wpi"
    SSS = "sss"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    Measure.PAIN: "Overall pain (0-10)",
    Measure.NECK_SHOULDER_PAIN: "Neck and shoulder pain (0-10)",
    Measure.FATIGUE: "Fatigue (0-10)",
    Measure.SLEEP: "Sleep (0-10)",
    Measure.FOG: "Fog (0-10)",
    Measure.WPI: "Widespread Pain Index (0-19)",
    Measure.SSS: "Symptom Severity Scale (0-12)",
}


def _members(enum_class: type[enum.Enum], values) -> list:
    """Enum members for stored values or members, first occurrence kept, order kept."""
    members = []
    for value in values or []:
        member = value if isinstance(value, enum_class) else enum_class(value)
        if member not in members:
            members.append(member)
    return members


def _as_members(enum_class: type[enum.Enum], values) -> list:
    """What an assigned list holds, as members where the value is known.

    Converted at once, so a record reads the same before and after it is saved and loaded
    again (the session keeps loaded rows across commits). An unknown value is left as it is:
    writing it raises (``EnumList``), with the value in the message.
    """
    known = {member.value: member for member in enum_class}
    members = []
    for value in values or []:
        member = value if isinstance(value, enum_class) else known.get(value, value)
        if member not in members:
            members.append(member)
    return members


class EnumList(TypeDecorator):
    """A JSON list of an enum's values, loaded as members in their stored order.

    Writing an unknown value raises ``ValueError``; values no longer in the enum are dropped
    on reading, so an old row never breaks a page.
    """

    impl = JSON
    cache_ok = True

    def __init__(self, enum_class: type[enum.Enum]):
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        return [member.value for member in _members(self.enum_class, value)]

    def process_result_value(self, value, dialect):
        known = {member.value: member for member in self.enum_class}
        return [known[item] for item in value or [] if item in known]


class PlanTemplate(db.Model):
    """A reusable plan: practice-wide (no owner, read-only) or a practitioner's own."""

    __tablename__ = "plan_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``None`` for the practice-wide starter templates every practitioner sees.
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    focus_systems: Mapped[list[FocusSystem]] = mapped_column(EnumList(FocusSystem), default=list)
    goals: Mapped[str | None] = mapped_column(Text)
    #: The measures a plan started from it watches (copied into the plan, then its own).
    measures: Mapped[list[Measure]] = mapped_column(EnumList(Measure), default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    steps: Mapped[list["PlanStep"]] = relationship(
        back_populates="template", order_by="PlanStep.position", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<PlanTemplate {self.id}>"

    @validates("focus_systems")
    def _focus_members(self, key, values):
        return _as_members(FocusSystem, values)

    @validates("measures")
    def _measure_members(self, key, values):
        return _as_members(Measure, values)

    @property
    def is_practice_wide(self) -> bool:
        return self.practitioner_id is None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes or 0 for step in self.steps)


class SessionPlan(PrecautionOverrideMixin, db.Model):
    """A client's course of sessions with its own steps (copied from a template, then edited)."""

    __tablename__ = "session_plans"
    __table_args__ = (
        CheckConstraint("sessions_per_week BETWEEN 1 AND 14", name="sessions_per_week_range"),
        CheckConstraint("weeks BETWEEN 1 AND 104", name="weeks_range"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_session_plans_client_id_status", "client_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The template it was copied from; later edits to either never flow to the other.
    template_id: Mapped[int | None] = mapped_column(ForeignKey("plan_templates.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(120))
    focus_systems: Mapped[list[FocusSystem]] = mapped_column(EnumList(FocusSystem), default=list)
    goals: Mapped[str | None] = mapped_column(Text)
    sessions_per_week: Mapped[int] = mapped_column(default=1)
    weeks: Mapped[int] = mapped_column(default=6)
    #: The measures to watch while the plan runs.
    measures: Mapped[list[Measure]] = mapped_column(EnumList(Measure), default=list)
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus, "plan_status"),
                                               default=PlanStatus.ACTIVE)
    start_date: Mapped[date] = mapped_column(Date)
    #: Set when the plan is completed (or ahead of time, as the planned end).
    end_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    template: Mapped[PlanTemplate | None] = relationship()
    created_by = relationship("User")
    steps: Mapped[list["PlanStep"]] = relationship(
        back_populates="plan", order_by="PlanStep.position", cascade="all, delete-orphan")
    #: Sessions recorded under this plan (declared by name: treatments builds on plans).
    sessions: Mapped[list["TreatmentSession"]] = relationship(  # noqa: F821
        back_populates="plan", order_by="TreatmentSession.started_at")

    def __repr__(self) -> str:
        return f"<SessionPlan {self.id}>"

    @validates("focus_systems")
    def _focus_members(self, key, values):
        return _as_members(FocusSystem, values)

    @validates("measures")
    def _measure_members(self, key, values):
        return _as_members(Measure, values)

    @property
    def recorded_sessions(self) -> list:
        """The sessions given under this plan (drafts too; discarded drafts left out)."""
        return [session for session in self.sessions if session.discarded_at is None]

    @property
    def sessions_done(self) -> int:
        return len(self.recorded_sessions)

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.sessions_done / self.planned_sessions))

    @property
    def planned_sessions(self) -> int:
        return self.sessions_per_week * self.weeks

    @property
    def is_active(self) -> bool:
        return self.status is PlanStatus.ACTIVE

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes or 0 for step in self.steps)


class PlanStep(db.Model):
    """One step of a template or of a client's plan (exactly one of the two)."""

    __tablename__ = "plan_steps"
    __table_args__ = (
        CheckConstraint("(template_id IS NULL) <> (plan_id IS NULL)", name="one_owner"),
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 0 AND 240", name="minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("plan_templates.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("session_plans.id"), index=True)
    #: 1-based order within the template or plan.
    position: Mapped[int] = mapped_column(default=1)
    technique: Mapped[str] = mapped_column(String(120))
    body_region: Mapped[str | None] = mapped_column(String(120))
    minutes: Mapped[int | None]
    instructions: Mapped[str | None] = mapped_column(Text)
    #: The checklist precautions the step conflicts with (checked when a plan starts).
    conflicts_with: Mapped[list[PrecautionKind]] = precaution_list_column()

    template: Mapped[PlanTemplate | None] = relationship(back_populates="steps")
    plan: Mapped[SessionPlan | None] = relationship(back_populates="steps")

    def __repr__(self) -> str:
        return f"<PlanStep {self.id}>"

    def as_dict(self) -> dict:
        return {"technique": self.technique, "body_region": self.body_region,
                "minutes": self.minutes, "instructions": self.instructions,
                "conflicts_with": [PrecautionKind(kind).value for kind in self.conflicts_with]}
