"""Sign-and-lock for clinical notes (intakes, session records) and their addenda.

A record that uses ``SignableMixin`` is a draft until signed. Once signed it is immutable
at the model level: a ``before_flush`` hook raises ``SignedRecordError`` on any change to
a signed row or on its deletion, whichever route or script attempts it. Corrections are
addenda: each feature declares its addendum table with ``AddendumMixin`` and a foreign
key to its record.

Every editable record (drafts, client records, templates, plans, exercises, settings) is
protected by the one optimistic lock in ``practice.core.locking``. ``sign`` and
``add_addendum`` are the one way to sign a record or correct a signed one, with the same
arguments and errors for intakes and sessions.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Text, event, inspect, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from practice.core.archive import ensure_not_archived
from practice.core.database import UTCDateTime, now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version


class SignedRecordError(InvalidState):
    """A signed record was about to be changed or deleted."""

    default_message = "This record is signed; add an addendum instead."


class DraftDiscarded(InvalidState):
    default_message = "This draft was discarded."


class SignableMixin:
    #: Columns that may still change after signing (bookkeeping, not content).
    MUTABLE_AFTER_SIGNING: frozenset[str] = frozenset()

    version: Mapped[int] = mapped_column(default=1)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def signed_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def signed_by(cls):
        return relationship("User", foreign_keys=[cls.signed_by_id])

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_discarded(self) -> bool:
        return getattr(self, "discarded_at", None) is not None

    def sign(self, user) -> None:
        """Mark signed by ``user`` now (``signed_records.sign`` checks the version first)."""
        if self.is_signed:
            raise SignedRecordError("This record is already signed.")
        signer_id = user.id  # read first: loading it may autoflush
        self.signed_by_id = signer_id
        self.signed_at = now_utc()

    def ensure_draft(self) -> None:
        """Raise unless the record is still an editable draft."""
        if self.is_signed:
            raise SignedRecordError()
        if self.is_discarded:
            raise DraftDiscarded()


class AddendumMixin:
    """A dated correction or addition to a signed record, by its author."""

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    @declared_attr
    def author_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def author(cls):
        return relationship("User", foreign_keys=[cls.author_id])


def save_draft(record: SignableMixin, submitted_version, apply_changes=None) -> None:
    """Apply ``apply_changes()`` to a draft, if it is still the version the editor saw."""
    ensure_not_archived(record)
    record.ensure_draft()
    claim_version(record, submitted_version)
    if apply_changes is not None:
        apply_changes()


def sign(record: SignableMixin, user, submitted_version) -> None:
    """Sign the draft the signer saw (``submitted_version``); from then on it is locked."""
    ensure_not_archived(record)
    record.ensure_draft()
    claim_version(record, submitted_version)
    record.sign(user)


def discard(record: SignableMixin, submitted_version) -> None:
    """Set a draft aside (kept, never shown as part of the record)."""
    ensure_not_archived(record)
    record.ensure_draft()
    claim_version(record, submitted_version)
    record.discarded_at = now_utc()


def add_addendum(record: SignableMixin, author, body: str):
    """A dated correction under a signed record; drafts are edited instead."""
    ensure_not_archived(record)
    if not record.is_signed:
        raise InvalidState("This is still a draft: edit it instead of adding an addendum.")
    addendum = record.ADDENDUM_CLASS(body=body, author_id=author.id)
    record.addenda.append(addendum)
    db.session.flush([addendum])
    return addendum


def _changed_columns(record) -> set[str]:
    state = inspect(record)
    return {attr.key for attr in state.mapper.column_attrs
            if state.attrs[attr.key].history.has_changes()}


def _was_signed_before(session: Session, record) -> bool:
    """Whether the stored row is signed, whatever this flush is about to write."""
    history = inspect(record).attrs.signed_at.history
    if not history.has_changes():
        return record.signed_at is not None
    if history.deleted:
        return history.deleted[0] is not None
    cls = type(record)
    with session.no_autoflush:
        stored = session.execute(
            select(cls.signed_at).where(cls.id == record.id).execution_options(populate_existing=False)
        ).scalar()
    return stored is not None


@event.listens_for(Session, "before_flush")
def _guard_signed_records(session: Session, flush_context, instances) -> None:
    for record in session.dirty:
        if not isinstance(record, SignableMixin) or not session.is_modified(record):
            continue
        if not _was_signed_before(session, record):
            continue
        changed = _changed_columns(record) - record.MUTABLE_AFTER_SIGNING - {"version"}
        if changed:
            raise SignedRecordError(
                f"{type(record).__name__} {record.id} is signed; its {', '.join(sorted(changed))} "
                "cannot change. Add an addendum instead.")
    for record in session.deleted:
        if isinstance(record, SignableMixin) and _was_signed_before(session, record):
            raise SignedRecordError(f"{type(record).__name__} {record.id} is signed and "
                                    "cannot be deleted.")

