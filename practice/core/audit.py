"""The append-only audit trail and its single entry point, ``record()``.

Each event stores a SHA-256 hash over its own content and the previous event's hash,
so editing or deleting a row breaks the chain (``flask --app wsgi audit verify``).
The event joins the caller's transaction: it is committed with the change it describes.

The chain alone cannot reveal that its *newest* events were deleted: what remains is still
a perfect chain. So a one-row table, ``audit_chain_heads``, keeps the newest event's id and
hash and the number of events; ``record()`` updates it in the same transaction as every
append, and takes the previous hash from it (not from the newest row that happens to be
left). Deleting events from the tail therefore leaves the head pointing at an event that is
gone, and any event written afterwards chains to a hash that no remaining row has; both are
reported. Someone who can rewrite the database wholesale could rewrite the head too, so
``audit verify`` prints the head (id and hash) for keeping elsewhere (a backup log, a ticket)
and ``--anchor ID:HASH`` checks later that the chain still passes through it.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    cast,
    event,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, lazyload, mapped_column, relationship

from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db

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


class AuditChainHead(db.Model):
    """The newest audit event (id and hash) and the number of events: one row, id 1."""

    __tablename__ = "audit_chain_heads"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_event_id: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
    #: How many events the chain holds; a deleted row shows as a count that does not match.
    event_count: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)


HEAD_ID = 1


def _lock_chain(session: Session) -> None:
    """Serialise writers so two events never chain to the same parent.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a no-op write on the head row,
    which takes the database's write lock before the head is read.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    elif dialect == "sqlite":
        session.execute(text("UPDATE audit_chain_heads SET id = id WHERE id = :id"), {"id": HEAD_ID})


def start_chain_head() -> None:
    """Create the head of an empty trail (what the migration inserts; tests load it too)."""
    if db.session.get(AuditChainHead, HEAD_ID) is None:
        db.session.add(AuditChainHead(id=HEAD_ID, last_event_id=0, last_hash=GENESIS_HASH,
                                      event_count=0))


def _chain_head(session: Session) -> AuditChainHead:
    """The head row, read fresh under the chain lock.

    Normally the migration created it; should it be missing (a database built another
    way), it starts at the newest event, so a trail written before the head existed chains on.
    """
    head = session.get(AuditChainHead, HEAD_ID, populate_existing=True)
    if head is None:
        newest = session.execute(
            db.select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first()
        count = session.scalar(db.select(db.func.count(AuditEvent.id)))
        head = AuditChainHead(id=HEAD_ID, last_event_id=newest.id if newest else 0,
                              last_hash=newest.hash if newest else GENESIS_HASH,
                              event_count=count or 0)
        session.add(head)
    return head


def record(action: str, target=None, *, client_id: int | None = None, detail: dict | None = None,
           actor=None) -> AuditEvent:
    """Add an audit event to the current transaction; it is chained when the transaction commits.

    Events wait in the session until just before the commit, and only then take the chain
    lock (``_append_pending``): a request holds the lock for an instant, never while it works.
    A rollback drops them with the change they describe.

    :param target: a model instance (its class name and id are stored) or ``None``.
    :param actor: defaults to the signed-in user.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if target is not None and target in db.session.new:
        db.session.flush([target])
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
    )
    session = db.session()
    if session.get_transaction() is None:
        session.begin()  # so that a rollback, even before any SQL, drops the event with it
    session.info.setdefault(PENDING_KEY, []).append(audit_event)
    return audit_event


def record_view(action: str, target=None, *, client_id: int, detail: dict | None = None) -> None:
    """Audit that a page showed a client's clinical content: once per request.

    The owner-scoped loaders call this for the record a page is about, so no page can forget
    it; a page that loads several records (the overview and its sections) still leaves one
    event, for the first. A POST is a change with an audit event of its own, so only GET
    requests record a view. Outside a request (CLI, tests) every call records.
    """
    if has_request_context():
        if request.method not in ("GET", "HEAD") or g.get("audited_view"):
            return
        g.audited_view = True
    record(action, target, client_id=client_id, detail=detail)


PENDING_KEY = "pending_audit_events"

#: Actions about several clients at once: their detail lists the clients (``client_ids``),
#: or covers every client up to a number (``client_ids_up_to``, a whole-practice export),
#: instead of naming one in ``client_id``.
LISTING_ACTIONS = ("export.create", "attention.view", "notes.search")


def about_client(client_id: int):
    """A condition for the events about one client's record: those carrying its ``client_id``,
    and those of ``LISTING_ACTIONS`` whose detail lists it."""
    return or_(AuditEvent.client_id == client_id,
               and_(AuditEvent.action.in_(LISTING_ACTIONS), AuditEvent.client_id.is_(None),
                    _detail_lists_client(client_id)))


def _detail_lists_client(client_id: int):
    """The detail lists the client (``client_ids``), or covers every client up to a number
    at least the client's (``client_ids_up_to``: a whole-practice export)."""
    if db.session.get_bind().dialect.name == "postgresql":
        detail = cast(AuditEvent.detail, JSONB)
        listed = detail.op("->")("client_ids").op("@>")(cast([client_id], JSONB))
        up_to = cast(detail.op("->>")("client_ids_up_to"), Integer)
        return or_(listed, up_to >= client_id)
    listed = func.json_each(AuditEvent.detail, "$.client_ids").table_valued("value")
    up_to = func.json_extract(AuditEvent.detail, "$.client_ids_up_to")
    return or_(select(listed.c.value).where(listed.c.value == client_id).exists(),
               up_to >= client_id)


@event.listens_for(Session, "before_commit")
def _append_pending(session: Session) -> None:
    """Chain the transaction's events under the lock, as the last writes before the commit.

    Every page view appends, so this is lean: the head is locked and read in one statement
    where the database allows, each event is inserted, and the head is moved
    on in one UPDATE.
    """
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    head = _locked_head(session)
    if head is None:  # no head row yet: start one the slow way
        _lock_chain(session)
        orm_head = _chain_head(session)
        head = (orm_head.last_event_id, orm_head.last_hash, orm_head.event_count)
        session.flush([orm_head])
    last_hash = head[1]
    for audit_event in pending:
        audit_event.prev_hash = last_hash
        audit_event.hash = last_hash = audit_event.compute_hash()
    for audit_event in pending:  # one by one: ids follow the chain's order on any database
        session.add(audit_event)
        session.flush([audit_event])
    session.execute(
        update(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
        .values(last_event_id=pending[-1].id, last_hash=last_hash,
                event_count=head[2] + len(pending), updated_at=now_utc())
        .execution_options(synchronize_session=False))
    key = session.identity_key(AuditChainHead, HEAD_ID)
    if key in session.identity_map:  # a head loaded earlier in this session shows the new one
        session.expire(session.identity_map[key])


def _locked_head(session: Session) -> tuple[int, str, int] | None:
    """Take the chain lock and read the head (last event id, hash, count); ``None`` if absent.

    One statement: the head row itself is the lock (SQLite: a no-op write takes the database's
    write lock; PostgreSQL: ``FOR UPDATE``), held until the commit.
    """
    dialect = session.get_bind().dialect
    if dialect.name == "sqlite" and (dialect.server_version_info or (0,)) >= (3, 35):
        row = session.execute(
            text("UPDATE audit_chain_heads SET id = id WHERE id = :id "
                 "RETURNING last_event_id, last_hash, event_count"), {"id": HEAD_ID}).first()
    elif dialect.name == "postgresql":
        statement = _LOCK_HEAD_FOR_VIEWS if _views_only() else _LOCK_HEAD
        row = session.execute(statement, {"id": HEAD_ID}).first()
    else:
        _lock_chain(session)
        row = session.execute(
            select(AuditChainHead.last_event_id, AuditChainHead.last_hash,
                   AuditChainHead.event_count).where(AuditChainHead.id == HEAD_ID)
            .execution_options(populate_existing=True)).first()
    return tuple(row[:3]) if row is not None else None


_LOCK_HEAD = text("SELECT last_event_id, last_hash, event_count "
                  "FROM audit_chain_heads WHERE id = :id FOR UPDATE")
#: The same, and the view's transaction commits without waiting for the disk (``SET LOCAL``
#: as a function, in the same round trip). A GET changes no record: its transaction holds
#: only its audit events and session bookkeeping. Waiting for PostgreSQL's flush (a few ms,
#: tens at times) while holding the chain lock queued every page view behind the slowest;
#: now a view's event is as durable as on SQLite's WAL with ``synchronous=NORMAL``: kept
#: through any crash of the app, at worst the last fraction of a second of views lost if
#: the database server itself goes down, the chain intact either way (PostgreSQL replays
#: its log in order). Changes still commit durably.
_LOCK_HEAD_FOR_VIEWS = text("SELECT last_event_id, last_hash, event_count, "
                            "set_config('synchronous_commit', 'off', true) "
                            "FROM audit_chain_heads WHERE id = :id FOR UPDATE")


def _views_only() -> bool:
    return has_request_context() and request.method in ("GET", "HEAD")


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction: its events are void
        session.info.pop(PENDING_KEY, None)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: the first problem (``None`` when intact) and the head."""

    problem: ChainProblem | None
    event_count: int
    last_event_id: int
    last_hash: str

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_chain(batch_size: int = 1000, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the whole trail in id order and compare its end with the chain head.

    :param anchor: ``(event id, hash)`` noted earlier; the event must still have that hash.
    """
    expected_prev, last_id, count = GENESIS_HASH, 0, 0
    problem = None
    while problem is None:
        batch = db.session.execute(
            db.select(AuditEvent).options(lazyload(AuditEvent.actor))
            .where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).scalars().all()
        if not batch:
            break
        for audit_event in batch:
            problem = _check_link(audit_event, expected_prev, anchor)
            if problem:
                break
            expected_prev, last_id = audit_event.hash, audit_event.id
            count += 1
    if problem is None:
        problem = _check_head(last_id, expected_prev, count) or _check_anchor_seen(anchor, last_id)
    return ChainReport(problem, count, last_id, expected_prev)


def _check_link(audit_event: AuditEvent, expected_prev: str,
                anchor: tuple[int, str] | None) -> ChainProblem | None:
    if audit_event.prev_hash != expected_prev:
        return ChainProblem(audit_event.id, "does not follow the event before it "
                                            "(an event was deleted or inserted before it)")
    if audit_event.compute_hash() != audit_event.hash:
        return ChainProblem(audit_event.id, "its content was changed after it was written")
    if anchor and anchor[0] == audit_event.id and anchor[1] != audit_event.hash:
        return ChainProblem(audit_event.id, "its hash differs from the anchor noted earlier "
                                            "(the trail was rewritten)")
    return None


def _check_head(last_id: int, last_hash: str, count: int) -> ChainProblem | None:
    head = db.session.get(AuditChainHead, HEAD_ID, populate_existing=True)
    if head is None:
        if count:
            return ChainProblem(last_id, "the chain head is missing (audit_chain_heads was emptied)")
        return None
    if head.last_event_id > last_id:
        return ChainProblem(head.last_event_id, "the newest events were deleted: the chain ends "
                                                f"at event {last_id or 'none'}")
    if head.last_event_id != last_id or head.last_hash != last_hash:
        return ChainProblem(last_id, "the chain does not end at its recorded head "
                                     f"(event {head.last_event_id}): events were added or replaced "
                                     "outside the app")
    if head.event_count != count:
        return ChainProblem(last_id, f"the head counts {head.event_count} events but "
                                     f"{count} are stored")
    return None


def _check_anchor_seen(anchor: tuple[int, str] | None, last_id: int) -> ChainProblem | None:
    if anchor and anchor[0] > last_id:
        return ChainProblem(anchor[0], "the anchored event is gone: the trail was cut short")
    return None
