"""Condition profiles, and the intake notes taken over time with their addenda."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db
from practice.core.signed_records import AddendumMixin, SignableMixin
from practice.intakes.scoring import (
    SEVERITY_ITEMS,
    SOMATIC_ITEMS,
    WPI_REGIONS,
    FibromyalgiaScores,
    Region,
    SymptomItem,
    score,
)
from practice.intakes.systems import ReviewEntry, review_entries


class ConditionType(db.Model):
    """A practice-editable condition profile used on intakes (e.g. fibromyalgia types)."""

    __tablename__ = "condition_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    #: Retired types stay on old intakes but are no longer offered.
    is_active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<ConditionType {self.id}>"


def _range_check(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=f"{column}_range")


class Intake(SignableMixin, db.Model):
    """A structured intake note: the first assessment or a later re-assessment.

    A draft until signed; signed intakes are read-only and corrected by addenda. The
    fibromyalgia scores are never stored: ``scores`` derives them from the answers with
    ``scoring.score``, the one place they are computed.
    """

    __tablename__ = "intakes"
    __table_args__ = (
        Index("ix_intakes_client_id_assessed_on", "client_id", "assessed_on"),
        _range_check("fatigue", 0, 3),
        _range_check("waking_unrefreshed", 0, 3),
        _range_check("cognitive_symptoms", 0, 3),
        _range_check("headaches", 0, 1),
        _range_check("lower_abdominal_pain", 0, 1),
        _range_check("depression", 0, 1),
        _range_check("pain_overall", 0, 10),
        _range_check("pain_neck_shoulders", 0, 10),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The practitioner who wrote the note.
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The day of the assessment (a date in the practice's time zone).
    assessed_on: Mapped[date] = mapped_column(Date)
    condition_type_id: Mapped[int | None] = mapped_column(ForeignKey("condition_types.id"))
    chief_complaint: Mapped[str] = mapped_column(Text)
    complaint_history: Mapped[str | None] = mapped_column(Text)
    #: Symptoms at a similar level for at least three months (the 2016 duration rule).
    symptoms_3_months: Mapped[bool]
    medications: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    #: Widespread Pain Index regions with pain in the past week: keys of scoring.REGION_KEYS.
    painful_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Symptom Severity Scale: 0-3 for the past week.
    fatigue: Mapped[int]
    waking_unrefreshed: Mapped[int]
    cognitive_symptoms: Mapped[int]
    #: Symptom Severity Scale: 0 (no) or 1 (yes) for the past six months.
    headaches: Mapped[int]
    lower_abdominal_pain: Mapped[int]
    depression: Mapped[int]
    #: {system: {"findings": [...], "note": "..."}} for every system in intakes/systems.py.
    systems_review: Mapped[dict] = mapped_column(JSON, default=dict)
    #: 0-10 numeric rating scales (0 no pain, 10 worst imaginable).
    pain_overall: Mapped[int]
    pain_neck_shoulders: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    condition_type: Mapped[ConditionType | None] = relationship()
    addenda: Mapped[list["IntakeAddendum"]] = relationship(
        back_populates="intake", order_by="(IntakeAddendum.created_at, IntakeAddendum.id)")

    def __repr__(self) -> str:
        return f"<Intake {self.id}>"

    @property
    def scores(self) -> FibromyalgiaScores:
        return score(self.painful_regions or (), self.fatigue, self.waking_unrefreshed,
                     self.cognitive_symptoms, self.headaches, self.lower_abdominal_pain,
                     self.depression, self.symptoms_3_months)

    @property
    def regions(self) -> list[Region]:
        """The painful regions in the published order."""
        chosen = set(self.painful_regions or ())
        return [region for region in WPI_REGIONS if region.key in chosen]

    @property
    def symptom_answers(self) -> list[tuple[SymptomItem, int]]:
        """Each Symptom Severity Scale item with its answer, in the published order."""
        return [(item, getattr(self, item.key)) for item in SEVERITY_ITEMS + SOMATIC_ITEMS]

    @property
    def review(self) -> list[ReviewEntry]:
        """The systems review, one entry per system in the listed order."""
        return review_entries(self.systems_review)


class IntakeAddendum(AddendumMixin, db.Model):
    """A dated correction or addition to a signed intake."""

    __tablename__ = "intake_addenda"

    intake_id: Mapped[int] = mapped_column(ForeignKey("intakes.id"), index=True)

    intake: Mapped[Intake] = relationship(back_populates="addenda")

    def __repr__(self) -> str:
        return f"<IntakeAddendum {self.id}>"


#: What ``core.signed_records.add_addendum`` creates under a signed intake.
Intake.ADDENDUM_CLASS = IntakeAddendum
