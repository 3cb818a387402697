"""The exercise library, home-program assignments and the client's logs of doing them."""
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.precautions.kinds import PrecautionKind
from practice.precautions.models import PrecautionOverrideMixin, precaution_list_column


class DoseUnit(enum.Enum):
    REPETITIONS = "repetitions"
    MINUTES = "minutes"

    def describe(self, amount: int) -> str:
        word = {"repetitions": "repetition", "minutes": "minute"}[self.value]
        return f"{amount} {word}{'' if amount == 1 else 's'}"


class DosePeriod(enum.Enum):
    DAY = "day"
    WEEK = "week"

    def describe(self, times: int) -> str:
        count = {1: "once", 2: "twice"}.get(times, f"{times} times")
        return f"{count} a {self.value}"


DOSE_UNIT_CHOICES = [(unit.value, unit.value.capitalize()) for unit in DoseUnit]
DOSE_PERIOD_CHOICES = [(period.value, period.value) for period in DosePeriod]


@dataclass(frozen=True)
class Dose:
    """How much (amount of unit) and how often (times per period)."""

    amount: int
    unit: DoseUnit
    times: int
    period: DosePeriod

    def __str__(self) -> str:
        return f"{self.unit.describe(self.amount)}, {self.period.describe(self.times)}"


class ExerciseFocus(db.Model):
    """One focus system of one exercise (a row per system, so the library filters in SQL)."""

    __tablename__ = "exercise_focus_systems"

    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), primary_key=True)
    focus_system: Mapped[FocusSystem] = mapped_column(
        enum_type(FocusSystem, "exercise_focus_system"), primary_key=True)

    exercise: Mapped["Exercise"] = relationship(back_populates="focus_links")


class Exercise(db.Model):
    """A library item: practice-wide (no owner, read-only) or a practitioner's own."""

    __tablename__ = "exercises"
    __table_args__ = (
        CheckConstraint("default_amount > 0", name="default_amount_positive"),
        CheckConstraint("default_times > 0", name="default_times_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``None`` for the practice-wide library; otherwise only this practitioner sees it.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The exercise this one was copied from, when a practitioner adapted another item.
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id"))
    name: Mapped[str] = mapped_column(String(120))
    #: One or two sentences on what it is for, shown in lists and to the client.
    summary: Mapped[str | None] = mapped_column(String(300))
    #: Written for the client: one step per line; pages number the lines.
    instructions: Mapped[str] = mapped_column(Text)
    precautions: Mapped[str | None] = mapped_column(Text)
    #: The checklist precautions it conflicts with: assigning it to a client with one of them
    #: warns, and the client reads the matching caution beside it.
    conflicts_with: Mapped[list[PrecautionKind]] = precaution_list_column()
    default_amount: Mapped[int]
    default_unit: Mapped[DoseUnit] = mapped_column(enum_type(DoseUnit, "default_unit"))
    #: How many times per ``default_period``.
    default_times: Mapped[int]
    default_period: Mapped[DosePeriod] = mapped_column(enum_type(DosePeriod, "default_period"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    copied_from: Mapped["Exercise | None"] = relationship(remote_side=[id])
    focus_links: Mapped[list[ExerciseFocus]] = relationship(
        back_populates="exercise", cascade="all, delete-orphan",
        order_by=ExerciseFocus.focus_system)
    focus_systems: AssociationProxy[list[FocusSystem]] = association_proxy(
        "focus_links", "focus_system", creator=lambda focus: ExerciseFocus(focus_system=focus))

    def __repr__(self) -> str:
        return f"<Exercise {self.id}>"

    @property
    def is_practice_wide(self) -> bool:
        return self.owner_id is None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def steps(self) -> list[str]:
        return instruction_steps(self.instructions)

    @property
    def default_dose(self) -> Dose:
        return Dose(self.default_amount, self.default_unit, self.default_times,
                    self.default_period)


def instruction_steps(text: str | None) -> list[str]:
    """The non-blank lines of an instructions text, without any numbering typed in."""
    steps = []
    for line in (text or "").splitlines():
        line = line.strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit() and rest.strip():
            line = rest.strip()
        if line:
            steps.append(line)
    return steps


class Assignment(PrecautionOverrideMixin, db.Model):
    """An exercise prescribed to a client: dose, dates and personal notes.

    A prescription is never rewritten once it has been in effect: changing the dose or
    dates stops it (``stopped_on``) and starts a new one that ``replaces`` it, so the
    earlier prescription stays in the history.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("times > 0", name="times_positive"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), index=True)
    prescribed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[int]
    unit: Mapped[DoseUnit] = mapped_column(enum_type(DoseUnit, "unit"))
    #: How many times per ``period``.
    times: Mapped[int]
    period: Mapped[DosePeriod] = mapped_column(enum_type(DosePeriod, "period"))
    starts_on: Mapped[date] = mapped_column(Date)
    #: Last planned day (inclusive); ``None`` for an open-ended prescription.
    ends_on: Mapped[date | None] = mapped_column(Date)
    #: Personal notes for the client, shown in their portal and on the printed program.
    notes: Mapped[str | None] = mapped_column(Text)
    #: The earlier prescription this one changed (stop-and-replace keeps the history).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    #: First day it no longer applied: set when stopped early or replaced by a change.
    stopped_on: Mapped[date | None] = mapped_column(Date)
    stopped_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    exercise: Mapped[Exercise] = relationship()
    prescribed_by: Mapped[User] = relationship(foreign_keys=[prescribed_by_id])
    stopped_by: Mapped[User | None] = relationship(foreign_keys=[stopped_by_id])
    replaces: Mapped["Assignment | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Assignment {self.id}>"

    @property
    def dose(self) -> Dose:
        return Dose(self.amount, self.unit, self.times, self.period)

    @property
    def is_stopped(self) -> bool:
        return self.stopped_on is not None

    @property
    def last_day(self) -> date | None:
        """The last day it applies (inclusive), whichever of the end or the stop comes first."""
        return last_day_of(self.ends_on, self.stopped_on)

    @property
    def cancelled_before_start(self) -> bool:
        """Stopped before its first day came: it never was on the client's program."""
        return cancelled_before(self.starts_on, self.stopped_on)

    @property
    def shown_last_day(self) -> date | None:
        """The last day to show in its dates (see ``shown_last_day_of``)."""
        return shown_last_day_of(self.starts_on, self.ends_on, self.stopped_on)

    def applies_on(self, day: date) -> bool:
        last = self.last_day
        return self.starts_on <= day and (last is None or day <= last)

    def is_current(self, today: date) -> bool:
        """In the program now or later (not ended, not stopped)."""
        last = self.last_day
        return last is None or last >= today

    def can_change(self, today: date) -> bool:
        """Its dose, dates and notes may still change: not stopped, not ended."""
        return not self.is_stopped and self.is_current(today)


def last_day_of(ends_on: date | None, stopped_on: date | None) -> date | None:
    """An assignment's last day (inclusive): its end or the day before its stop, whichever
    comes first. Functions of the dates, so the export works them out from plain rows."""
    if stopped_on is None:
        return ends_on
    day_before_stop = stopped_on - timedelta(days=1)
    return day_before_stop if ends_on is None else min(ends_on, day_before_stop)


def cancelled_before(starts_on: date, stopped_on: date | None) -> bool:
    return stopped_on is not None and stopped_on < starts_on


def shown_last_day_of(starts_on: date, ends_on: date | None, stopped_on: date | None) -> date | None:
    """``last_day_of``, except that one stopped on its first day was on the program that day
    (``stopped_on`` is exclusive; the stop came during the day, often after the client had
    seen or done it)."""
    last = last_day_of(ends_on, stopped_on)
    if last is None or cancelled_before(starts_on, stopped_on):
        return last
    return max(last, starts_on)


class ExerciseLog(db.Model):
    """A client's record of doing an assigned exercise once.

    ``slot`` numbers the logs of one assignment on one day (1..times for daily items, 1 for
    weekly ones): with the unique constraint, two taps racing each other cannot both land.
    ``form_token`` is unique per rendered form, so a resubmitted form is recognised.
    """

    __tablename__ = "exercise_logs"
    __table_args__ = (
        UniqueConstraint("assignment_id", "logged_on", "slot",
                         name="uq_exercise_logs_assignment_id_logged_on_slot"),
        Index("ix_exercise_logs_client_id_logged_on", "client_id", "logged_on"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        CheckConstraint("effort IS NULL OR effort BETWEEN 0 AND 10", name="effort_range"),
        CheckConstraint("pain_after IS NULL OR pain_after BETWEEN 0 AND 10",
                        name="pain_after_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    #: Copied from the assignment so the client's logs are found (and scoped) directly.
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The day in the practice's time zone.
    logged_on: Mapped[date] = mapped_column(Date)
    slot: Mapped[int] = mapped_column(default=1)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: How hard it felt, 0 (no effort) to 10 (maximum).
    effort: Mapped[int | None]
    #: Pain right afterwards, 0 (none) to 10 (worst imaginable).
    pain_after: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    form_token: Mapped[str] = mapped_column(String(64), unique=True)

    assignment: Mapped[Assignment] = relationship()

    def __repr__(self) -> str:
        return f"<ExerciseLog {self.id}>"
