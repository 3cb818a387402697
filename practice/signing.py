"""Sign-and-lock for clinical notes (intakes, session records) and their addenda.

A record that uses ``SignableMixin`` is a draft until signed. Once signed it is immutable
at the model level: a ``before_flush`` hook raises ``SignedRecordError`` on any change to
a signed row or on its deletion, whichever route or script attempts it. Corrections are
addenda: each feature declares its addendum table with ``AddendumMixin`` and a foreign
key to its record.

Drafts carry a version number (SQLAlchemy's ``version_id_col``): a form sends the version
it was loaded at, and ``check_version`` raises ``EditConflict`` when someone saved in
between, so the second save never silently overwrites the first.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Text, event, inspect, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from practice.database import UTCDateTime, now_utc


class SignedRecordError(RuntimeError):
    """A signed record was about to be changed or deleted."""


class EditConflict(Exception):
    """The record changed since the editor loaded it; ``current`` is the stored version."""

    def __init__(self, current):
        super().__init__("This record was changed by someone else since you opened it.")
        self.current = current


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

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def sign(self, user) -> None:
        if self.is_signed:
            raise SignedRecordError("This record is already signed.")
        signer_id = user.id  # read first: loading it may autoflush
        self.signed_by_id = signer_id
        self.signed_at = now_utc()


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


def check_version(record: SignableMixin, submitted_version: int | None) -> None:
    """Raise ``EditConflict`` unless the editor saw the version that is stored now."""
    if record.is_signed:
        raise SignedRecordError("This record is signed; add an addendum instead.")
    if submitted_version is None or int(submitted_version) != record.version:
        raise EditConflict(record)


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
