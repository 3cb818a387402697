"""Condition profiles, and the intake notes taken over time with their addenda."""
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RequiredAnswer:
    """An answer a draft may leave out but a signed intake must give."""

    key: str
    label: str
    #: What the form asks for when the answer is missing.
    request: str


_CHOOSE_ONE = "Choose one answer."
_RATE = "Rate the pain from 0 to 10."
#: Every answer a signed intake must give, in form order (the condition profile is required
#: too while the practice offers any: see ``queries.missing_to_sign``).
REQUIRED_ANSWERS: tuple[RequiredAnswer, ...] = (
    RequiredAnswer("assessed_on", "Date of assessment", "Enter the date of the assessment."),
    RequiredAnswer("chief_complaint", "Chief complaint",
                   "Describe the chief complaint in a few words."),
    RequiredAnswer("symptoms_3_months", "Symptoms at a similar level for at least 3 months?",
                   "Answer yes or no."),
    RequiredAnswer("pain_overall", "Pain overall (0-10)", _RATE),
    RequiredAnswer("pain_neck_shoulders", "Neck and shoulder pain (0-10)", _RATE),
    *(RequiredAnswer(item.key, item.label, _CHOOSE_ONE) for item in SEVERITY_ITEMS + SOMATIC_ITEMS),
)
PRECAUTIONS_REVIEWED = RequiredAnswer(
    "precautions_reviewed", "Precautions checklist gone through with the client",
    "Go through the precautions checklist with the client, update it if anything changed, "
    "and tick that it is up to date.")
CONDITION_PROFILE = RequiredAnswer(
    "condition_type_id", "Condition profile",
    "Choose a condition profile (\u201cNot typed\u201d if none fits yet).")
#: What the database checks on a signed row: every required answer is there.
_SIGNED_COMPLETE = " AND ".join(f"{answer.key} IS NOT NULL" for answer in REQUIRED_ANSWERS)


class Intake(SignableMixin, db.Model):
    """A structured intake note: the first assessment or a later re-assessment.

    A draft until signed, and a draft may leave any answer out (it is saved as far as it
    goes); signing needs every ``REQUIRED_ANSWERS``. Signed intakes are read-only, keep the
    condition profile's name they were signed with, and are corrected by addenda. A draft
    set aside is kept, marked ``discarded_at``. The fibromyalgia scores are never stored:
    ``scores`` derives them from the answers with ``scoring.score``, the one place they are
    computed.
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
        CheckConstraint(f"signed_at IS NULL OR ({_SIGNED_COMPLETE})", name="signed_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The practitioner who wrote the note.
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The day of the assessment (a date in the practice's time zone).
    assessed_on: Mapped[date | None] = mapped_column(Date)
    condition_type_id: Mapped[int | None] = mapped_column(ForeignKey("condition_types.id"))
    #: The condition profile's name when the intake was signed: what a signed intake shows and
    #: exports, whatever the type is called later. Empty on drafts.
    condition_type_name: Mapped[str | None] = mapped_column(String(120))
    chief_complaint: Mapped[str | None] = mapped_column(Text)
    complaint_history: Mapped[str | None] = mapped_column(Text)
    #: Symptoms at a similar level for at least three months (the 2016 duration rule).
    symptoms_3_months: Mapped[bool | None]
    medications: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    #: Widespread Pain Index regions with pain in the past week: keys of scoring.REGION_KEYS.
    painful_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Symptom Severity Scale: 0-3 for the past week (empty while a draft leaves it out).
    fatigue: Mapped[int | None]
    waking_unrefreshed: Mapped[int | None]
    cognitive_symptoms: Mapped[int | None]
    #: Symptom Severity Scale: 0 (no) or 1 (yes) for the past six months.
    headaches: Mapped[int | None]
    lower_abdominal_pain: Mapped[int | None]
    depression: Mapped[int | None]
    #: {system: {"findings": [...], "note": "..."}} for every system in intakes/systems.py.
    systems_review: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The precautions checklist was gone through with the client at this intake (signing
    #: asks for it), and what it held when the intake was signed, in words.
    precautions_reviewed: Mapped[bool | None]
    precautions_at_signing: Mapped[list[str] | None] = mapped_column(JSON)
    #: 0-10 numeric rating scales (0 no pain, 10 worst imaginable).
    pain_overall: Mapped[int | None]
    pain_neck_shoulders: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: When a draft was set aside (``signed_records.discard``): kept, no longer part of the record.
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[Client] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    condition_type: Mapped[ConditionType | None] = relationship()
    addenda: Mapped[list["IntakeAddendum"]] = relationship(
        back_populates="intake", order_by="(IntakeAddendum.created_at, IntakeAddendum.id)")

    def __repr__(self) -> str:
        return f"<Intake {self.id}>"

    def sign(self, user) -> None:
        """Sign, keeping the condition profile's name as it is now (see ``condition_label``)."""
        if not self.is_signed:
            self.condition_type_name = self._current_condition_type_name()
        super().sign(user)

    def _current_condition_type_name(self) -> str | None:
        if self.condition_type is not None:
            return self.condition_type.name
        if self.condition_type_id is None:
            return None
        return db.session.get(ConditionType, self.condition_type_id).name

    @property
    def condition_label(self) -> str | None:
        """The condition profile's name: as signed on a signed intake, as it is now on a draft."""
        if self.is_signed:
            return self.condition_type_name
        return self.condition_type.name if self.condition_type else None

    def missing_answers(self) -> list[RequiredAnswer]:
        """The required answers this intake does not give yet (none on a signed one)."""
        return [answer for answer in REQUIRED_ANSWERS if getattr(self, answer.key) is None]

    @property
    def scores(self) -> FibromyalgiaScores | None:
        """The ACR 2016 scores, or None while a draft leaves a symptom severity answer out.

        On a draft they are provisional: only signed intakes count in the client's record.
        """
        answers = [getattr(self, item.key) for item in SEVERITY_ITEMS + SOMATIC_ITEMS]
        if any(answer is None for answer in answers):
            return None
        return score(self.painful_regions or (), *answers, self.symptoms_3_months)

    @property
    def regions(self) -> list[Region]:
        """The painful regions in the published order."""
        chosen = set(self.painful_regions or ())
        return [region for region in WPI_REGIONS if region.key in chosen]

    @property
    def symptom_answers(self) -> list[tuple[SymptomItem, int | None]]:
        """Each Symptom Severity Scale item with its answer (None if not given), in order."""
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
