"""A session given to a client (draft until signed, then immutable) and its addenda."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.clients.models import Client
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db
from practice.core.signed_records import AddendumMixin, SignableMixin
from practice.plans.models import SessionPlan
from practice.precautions.models import PrecautionOverrideMixin

#: The 0-10 pain ratings taken at the start and the end of a session.
PAIN_COLUMNS = ("pain_before", "pain_after", "neck_shoulder_pain_before",
                "neck_shoulder_pain_after")
#: The free-text parts of the note, in the order they are written and shown.
NOTE_FIELDS = ("subjective", "objective", "assessment", "plan_note", "home_program_changes")


def _pain_range(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN 0 AND 10", name=f"{column}_range")


class TreatmentSession(SignableMixin, PrecautionOverrideMixin, db.Model):
    """One session given: what was done, pain before and after, and a SOAP note."""

    __tablename__ = "treatment_sessions"
    __table_args__ = (
        *(_pain_range(column) for column in PAIN_COLUMNS),
        CheckConstraint("duration_minutes BETWEEN 1 AND 600", name="duration_range"),
        Index("ix_treatment_sessions_client_id_started_at", "client_id", "started_at"),
        #: The drafts still to sign, by client: the Today page's drafts list and count read
        #: these few rows instead of every signed session of the practitioner's clients.
        Index("ix_treatment_sessions_drafts", "client_id", "started_at",
              sqlite_where=text("signed_at IS NULL AND discarded_at IS NULL"),
              postgresql_where=text("signed_at IS NULL AND discarded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: Who gave the session (the client's practitioner at the time).
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("session_plans.id"), index=True)
    #: The plan's name when the session was signed: what a signed session shows and exports,
    #: whatever the plan is called later. Empty on drafts (they show the plan's name as it is).
    plan_name: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    #: The steps as given, in order: ``[{"technique", "body_region", "minutes", "performed",
    #: "note", "conflicts_with"}]`` (the last: the precautions a step from the plan conflicts
    #: with, as values). Part of the signed note, so it lives on this row and is locked with it
    #: (a mutable list, so even an in-place append reaches the signing guard).
    steps: Mapped[list[dict]] = mapped_column(MutableList.as_mutable(JSON), default=list)
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    neck_shoulder_pain_before: Mapped[int | None]
    neck_shoulder_pain_after: Mapped[int | None]
    subjective: Mapped[str | None] = mapped_column(Text)
    objective: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(Text)
    #: The "P" of the SOAP note: what comes next.
    plan_note: Mapped[str | None] = mapped_column(Text)
    #: Exercises added, changed or stopped in the client's home program at this session.
    home_program_changes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: A draft recorded by mistake is set aside, never deleted; signed sessions cannot be.
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[Client] = relationship()
    practitioner = relationship("User", foreign_keys=[practitioner_id])
    plan: Mapped[SessionPlan | None] = relationship(back_populates="sessions")
    addenda: Mapped[list["SessionAddendum"]] = relationship(
        back_populates="session", order_by="SessionAddendum.created_at")

    def __repr__(self) -> str:
        return f"<TreatmentSession {self.id}>"

    @property
    def is_discarded(self) -> bool:
        return self.discarded_at is not None

    def sign(self, user) -> None:
        """Sign, keeping the plan's name as it is now (see ``plan_label``); the steps, with their
        techniques and body regions, are this row's own copy already."""
        if not self.is_signed:
            self.plan_name = self.plan.name if self.plan is not None else None
        super().sign(user)

    @property
    def plan_label(self) -> str | None:
        """The plan's name: as signed on a signed session, as it is now on a draft."""
        if self.is_signed and (self.plan_name is not None or self.plan_id is None):
            return self.plan_name
        return self.plan.name if self.plan is not None else None

    @property
    def performed_steps(self) -> list[dict]:
        return [step for step in self.steps or [] if step.get("performed")]


class SessionAddendum(AddendumMixin, db.Model):
    """A dated correction or addition to a signed session, shown under its note."""

    __tablename__ = "session_addenda"

    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)

    session: Mapped[TreatmentSession] = relationship(back_populates="addenda")

    def __repr__(self) -> str:
        return f"<SessionAddendum {self.id}>"


#: What ``signed_records.add_addendum`` creates under a signed session.
TreatmentSession.ADDENDUM_CLASS = SessionAddendum
