"""Reading the attention list, and loading the facts its rules read.

``load_facts`` loads what the rules need for any number of clients in a fixed number of
queries (one per kind of record, plus one per rule with a loader of its own). The Today page
reads the stored items in one query, however large the practice.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import request
from flask_login import current_user
from sqlalchemy import JSON, Text, func, inspect, or_, select
from sqlalchemy.orm import contains_eager, defer

from practice.attention.facts import CheckInFacts, ClientFacts, RecordRef
from practice.attention.models import AttentionItem
from practice.attention.registry import RULES
from practice.attention.rules import ADHERENCE_DAYS
from practice.clients.models import Client
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.clock import local_datetime
from practice.core.extensions import db
from practice.exercises.adherence import logs_per_day
from practice.exercises.models import Assignment, ExerciseLog
from practice.intakes.models import Intake
from practice.plans.models import PlanStatus, SessionPlan
from practice.progress.baseline import BASELINE_DAYS, RECENT_DAYS
from practice.progress.models import CheckIn, CheckInSource
from practice.treatments.models import TreatmentSession

#: The Today page lists this many items at most, newest first.
SHOWN = 30
#: Notes since the latest session kept for the rules (the newest; all are counted).
NOTES_KEPT = 3


# --- the Today page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class AttentionList:
    items: list[AttentionItem]
    #: How many are showing in all (``items`` holds the newest ``SHOWN``).
    total: int


def showing(practitioner_id: int, now: datetime):
    """The items showing now for the practitioner's own clients (not archived), unseen.

    PostgreSQL gets the clients as an array (``= ANY(ARRAY(...))``): it then reads the
    unseen items' index for those clients alone, where it answered a join (or ``IN``) by
    scanning every item of the practice (27 ms -> 2 ms for 500 of 10,000 clients). SQLite
    reads the same index client by client either way.
    """
    own_clients = select(Client.id).where(Client.practitioner_id == practitioner_id,
                                          Client.archived_at.is_(None))
    if db.session.get_bind().dialect.name == "postgresql":
        of_own_client = AttentionItem.client_id == func.any(
            func.array(own_clients.scalar_subquery()))
    else:
        of_own_client = AttentionItem.client_id.in_(own_clients)
    return select(AttentionItem).where(
        of_own_client, AttentionItem.seen_at.is_(None), AttentionItem.shows_from <= now,
        or_(AttentionItem.shows_until.is_(None), AttentionItem.shows_until > now))


def needs_attention(practitioner, now: datetime) -> AttentionList:
    """The newest items for the Today page and how many there are: one query.

    The newest are picked by their ids and times alone (``ix_attention_items_unseen`` holds
    them), and only those ``SHOWN`` are read whole with their clients: sorting every unseen
    item of the practitioner's clients with its client row cost three times as much. The
    total comes in the same statement as a count of the same entries (none when no item
    shows). The reasons quote clients' check-ins and notes, so the page's view is audited
    once, with the clients it showed (``attention.view``).
    """
    newest = (AttentionItem.raised_at.desc(), AttentionItem.id.desc())
    shown = showing(practitioner.id, now).with_only_columns(AttentionItem.id)
    total = (showing(practitioner.id, now).with_only_columns(func.count(AttentionItem.id))
             .correlate(None))
    rows = db.session.execute(
        select(AttentionItem, total.scalar_subquery()).join(AttentionItem.client)
        .options(contains_eager(AttentionItem.client))
        .where(AttentionItem.id.in_(shown.order_by(*newest).limit(SHOWN)))
        .order_by(*newest)).all()
    items = [item for item, _total in rows]
    if items and request.method in ("GET", "HEAD"):
        audit.record("attention.view", None, detail={
            "client_ids": sorted({item.client_id for item in items})})
    return AttentionList(items, rows[0][1] if rows else 0)


def get_item_or_404(item_id: int) -> AttentionItem:
    """One of the current practitioner's clients' items, or 404."""
    return one_or_404(select(AttentionItem).join(AttentionItem.client)
                      .where(AttentionItem.id == item_id,
                             Client.practitioner_id == current_user.id))


# --- the facts the rules read -----------------------------------------------------------------

def load_facts(client_ids, today: date, now: datetime) -> dict[int, ClientFacts]:
    """``ClientFacts`` for each of ``client_ids``, in a fixed number of queries."""
    ids = sorted(set(client_ids))
    facts = {client_id: ClientFacts(client_id, now, today) for client_id in ids}
    if not ids:
        return facts
    for client_id, portal_user_id in db.session.execute(
            select(Client.id, Client.portal_user_id).where(Client.id.in_(ids))):
        facts[client_id].logs_exercises = portal_user_id is not None
    for check_in in _check_ins(ids, today):
        facts[check_in.client_id].check_ins.append(check_in)
    for check_in, total in _notes_since_last_session(ids):
        facts[check_in.client_id].notes_since_session.append(check_in)
        facts[check_in.client_id].notes_since_session_count = total
    for session, is_latest in _sessions(ids):
        reference = _reference(session, session.started_at)
        if is_latest:
            facts[session.client_id].last_session = reference
        if not session.is_signed:
            facts[session.client_id].draft_sessions.append(reference)
    for intake in _intakes(ids):
        if intake.is_signed:
            facts[intake.client_id].baseline_intake = intake
        else:
            facts[intake.client_id].draft_intakes.append(_reference(intake, intake.assessed_on))
    for plan in db.session.scalars(select(SessionPlan).options(*_short_columns(SessionPlan)).where(
            SessionPlan.client_id.in_(ids), SessionPlan.status == PlanStatus.ACTIVE)
            .order_by(SessionPlan.start_date, SessionPlan.id)):
        facts[plan.client_id].active_plans.append(plan)
    _add_program(facts, ids, today)
    for rule in RULES.values():
        if rule.load is not None:
            for client_id, data in rule.load(ids, today).items():
                facts[client_id].extra[rule.key] = data
    return facts


def _short_columns(model) -> list:
    """Loader options leaving out a model's text and JSON columns: the rules read none of
    them (notes, steps, reviews), and decoding them was a good part of a whole practice's
    refresh. Other code reading one later loads it then (the objects are the session's)."""
    long_types = (Text, JSON)
    return [defer(attribute) for attribute in inspect(model).column_attrs
            if isinstance(attribute.columns[0].type, long_types)
            or isinstance(getattr(attribute.columns[0].type, "impl_instance", None), JSON)]


def _reference(record, when) -> RecordRef:
    day = local_datetime(when).date() if isinstance(when, datetime) else when
    return RecordRef(record.id, day, record.created_at, record.updated_at)


#: The columns of ``CheckInFacts``, in its order.
_CHECK_IN_COLUMNS = tuple(getattr(CheckIn, name) for name in CheckInFacts.__slots__)


def _check_ins(ids, today: date):
    """The check-ins of each client's first ``BASELINE_DAYS`` days with one (a superset of the
    baseline period) and of the latest days."""
    day_rank = func.dense_rank().over(partition_by=CheckIn.client_id,
                                      order_by=CheckIn.checked_on)
    ranked = select(CheckIn.id, day_rank.label("day_rank")).where(
        CheckIn.client_id.in_(ids)).subquery()
    rows = db.session.execute(
        select(*_CHECK_IN_COLUMNS).join(ranked, ranked.c.id == CheckIn.id)
        .where(or_(ranked.c.day_rank <= BASELINE_DAYS,
                   CheckIn.checked_on >= today - timedelta(days=RECENT_DAYS - 1)))
        .order_by(CheckIn.client_id, CheckIn.checked_on, CheckIn.source))
    return [CheckInFacts(*row) for row in rows]


def _notes_since_last_session(ids):
    """``(check-in, notes in all)``: the client's own check-ins with a note written since their
    latest session (or ever, before the first), the newest ``NOTES_KEPT``."""
    last_session = (select(TreatmentSession.client_id,
                           func.max(TreatmentSession.started_at).label("started_at"))
                    .where(TreatmentSession.client_id.in_(ids),
                           TreatmentSession.discarded_at.is_(None))
                    .group_by(TreatmentSession.client_id).subquery())
    newest_first = (CheckIn.checked_on.desc(), CheckIn.id.desc())
    notes = (select(CheckIn.id,
                    func.count().over(partition_by=CheckIn.client_id).label("total"),
                    func.row_number().over(partition_by=CheckIn.client_id,
                                           order_by=newest_first).label("place"))
             .outerjoin(last_session, last_session.c.client_id == CheckIn.client_id)
             .where(CheckIn.client_id.in_(ids), CheckIn.source == CheckInSource.CLIENT,
                    CheckIn.note.is_not(None), CheckIn.note != "",
                    or_(last_session.c.started_at.is_(None),
                        CheckIn.created_at > last_session.c.started_at))
             .subquery())
    rows = db.session.execute(
        select(*_CHECK_IN_COLUMNS, notes.c.total).join(notes, notes.c.id == CheckIn.id)
        .where(notes.c.place <= NOTES_KEPT).order_by(CheckIn.client_id, *newest_first))
    return [(CheckInFacts(*row[:-1]), row[-1]) for row in rows]


def _sessions(ids):
    """``(session, is the latest)``: each client's latest session and their drafts (none
    discarded)."""
    place = func.row_number().over(partition_by=TreatmentSession.client_id,
                                   order_by=(TreatmentSession.started_at.desc(),
                                             TreatmentSession.id.desc()))
    ranked = (select(TreatmentSession.id, place.label("place"))
              .where(TreatmentSession.client_id.in_(ids),
                     TreatmentSession.discarded_at.is_(None)).subquery())
    return db.session.execute(
        select(TreatmentSession, ranked.c.place == 1).options(*_short_columns(TreatmentSession))
        .join(ranked, ranked.c.id == TreatmentSession.id)
        .where(or_(ranked.c.place == 1, TreatmentSession.signed_at.is_(None)))
        .order_by(TreatmentSession.started_at)).all()


def _intakes(ids):
    """Each client's first signed intake, and their intake drafts (none discarded)."""
    place = func.row_number().over(partition_by=(Intake.client_id, Intake.signed_at.is_(None)),
                                   order_by=(Intake.assessed_on, Intake.id))
    ranked = (select(Intake.id, place.label("place"))
              .where(Intake.client_id.in_(ids), Intake.discarded_at.is_(None)).subquery())
    return db.session.scalars(
        select(Intake).options(*_short_columns(Intake)).join(ranked, ranked.c.id == Intake.id)
        .where(or_(Intake.signed_at.is_(None), ranked.c.place == 1)).order_by(Intake.id))


def _add_program(facts: dict[int, ClientFacts], ids, today: date) -> None:
    """The assignments of the last ``ADHERENCE_DAYS`` days and later, their logs per day, and
    when the program last changed (a log, or an assignment saved)."""
    first = today - timedelta(days=ADHERENCE_DAYS - 1)
    for assignment in db.session.scalars(
            select(Assignment).options(*_short_columns(Assignment))
            .where(Assignment.client_id.in_(ids),
                                     or_(Assignment.ends_on.is_(None), Assignment.ends_on >= first),
                                     or_(Assignment.stopped_on.is_(None),
                                         Assignment.stopped_on > first))):
        if assignment.cancelled_before_start:
            continue
        client = facts[assignment.client_id]
        client.assignments.append(assignment)
        client.program_changed_at = max(filter(None, (client.program_changed_at,
                                                      assignment.updated_at)))
    for client_id, logs in logs_per_day(ids, first, today).items():
        facts[client_id].logs = logs
    for client_id, logged_at in db.session.execute(
            select(ExerciseLog.client_id, func.max(ExerciseLog.logged_at))
            .where(ExerciseLog.client_id.in_(ids)).group_by(ExerciseLog.client_id)):
        client = facts[client_id]
        client.program_changed_at = max(filter(None, (client.program_changed_at, logged_at)))
