"""The append-only audit trail and its single entry point, ``record()``.

Each event stores a SHA-256 hash over its own content and the previous event's hash,
so editing or deleting a row breaks the chain (``flask --app wsgi audit verify``).
The event joins the caller's transaction: it is committed with the change it describes.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.database import UTCDateTime, now_utc
from practice.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_client_id_occurred_at", "client_id", "occurred_at"),
        Index("ix_audit_events_actor_id_occurred_at", "actor_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Copied at the time, so the trail reads the same after an account changes.
    actor_email: Mapped[str | None] = mapped_column(String(254))
    #: Dotted verb, e.g. ``auth.login``, ``client.view``, ``session.sign``.
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[int | None]
    #: The client whose record was touched, for the per-client access history.
    client_id: Mapped[int | None]
    ip: Mapped[str | None] = mapped_column(String(64))
    #: JSON object with the particulars (never secrets or clinical free text).
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor = relationship("User", lazy="joined")

    @property
    def detail_dict(self) -> dict:
        return json.loads(self.detail or "{}")

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, self.canonical_content())

    def canonical_content(self) -> str:
        return json.dumps(
            {
                "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
                "actor_id": self.actor_id,
                "actor_email": self.actor_email,
                "action": self.action,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "client_id": self.client_id,
                "ip": self.ip,
                "detail": self.detail,
            },
            sort_keys=True,
        )


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + content).encode()).hexdigest()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(mapper, connection, target):
    raise RuntimeError("audit events are append-only")


def _lock_chain() -> None:
    """Serialise writers on PostgreSQL so two events never chain to the same parent."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(727274)"))


def record(action: str, target=None, *, client_id: int | None = None, detail: dict | None = None,
           actor=None) -> AuditEvent:
    """Add an audit event to the current transaction.

    :param target: a model instance (its class name and id are stored) or ``None``.
    :param actor: defaults to the signed-in user.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if target is not None and target in db.session.new:
        db.session.flush([target])
    _lock_chain()
    last = db.session.execute(
        db.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar()
    audit_event = AuditEvent(
        occurred_at=now_utc(),
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else None,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        client_id=client_id,
        ip=request.remote_addr if has_request_context() else None,
        detail=json.dumps(detail or {}, sort_keys=True, default=str),
        prev_hash=last or GENESIS_HASH,
    )
    audit_event.hash = audit_event.compute_hash()
    db.session.add(audit_event)
    db.session.flush([audit_event])
    return audit_event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    reason: str


def verify_chain(batch_size: int = 1000) -> ChainProblem | None:
    """Walk the whole trail in id order; return the first broken link, if any."""
    expected_prev = GENESIS_HASH
    last_id = 0
    while True:
        batch = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not batch:
            return None
        for audit_event in batch:
            if audit_event.prev_hash != expected_prev:
                return ChainProblem(audit_event.id, "does not follow the event before it "
                                                    "(an event was deleted or inserted)")
            if audit_event.compute_hash() != audit_event.hash:
                return ChainProblem(audit_event.id, "its content was changed after it was written")
            expected_prev = audit_event.hash
            last_id = audit_event.id
