"""Owner-scoped loading of session records (another practitioner's answer 404), and the read
models built on them: a client's sessions, the overview's "Sessions" section and the
practitioner's Today page.

A page about a client's clinical content loads its record through a ``*_for_view`` loader,
which audits the visit (once per request, GET only: ``audit.record_view``).
"""
from datetime import date, timedelta

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.clock import start_of_local_day
from practice.core.extensions import db
from practice.core.pagination import paginate
from practice.plans.queries import active_plans
from practice.treatments.models import SessionAddendum, TreatmentSession

SESSIONS_PER_PAGE = 25
#: How many of a client's open drafts "Record a session" offers to continue.
OPEN_DRAFTS_OFFERED = 3
TIMELINE_LENGTH = 8
RECENT_DAYS = 14
LIST_LIMIT = 20


# --- one session -------------------------------------------------------------------------------

def get_session_or_404(session_id: int, *options) -> TreatmentSession:
    """A session of one of the signed-in practitioner's clients."""
    return one_or_404(select(TreatmentSession).join(TreatmentSession.client)
                      .where(TreatmentSession.id == session_id,
                             Client.practitioner_id == current_user.id).options(*options))


def with_addenda() -> tuple:
    """Loader options for the session page: its plan and its addenda with their authors."""
    return (joinedload(TreatmentSession.plan),
            selectinload(TreatmentSession.addenda).joinedload(SessionAddendum.author))


def get_session_for_view_or_404(session_id: int) -> TreatmentSession:
    """The session a page shows, with its addenda; the visit is audited."""
    session = get_session_or_404(session_id, *with_addenda())
    audit.record_view("session.view", session, client_id=session.client_id)
    return session


def get_session_for_edit_or_404(session_id: int) -> TreatmentSession:
    """The draft the edit form shows; the visit is audited.

    A signed or discarded session has no edit form: the route sends the visitor to the
    session page, which records the visit itself. An archived client's draft cannot be
    edited, so its form is refused (``Archived``) rather than shown.
    """
    session = get_session_or_404(session_id)
    if not (session.is_signed or session.is_discarded):
        ensure_not_archived(session)
        audit.record_view("session.view", session, client_id=session.client_id,
                          detail={"page": "edit"})
    return session


def plans_for_draft(session: TreatmentSession) -> list:
    """The plans a draft may be filed under: the client's active ones and its own."""
    plans = active_plans(session.client)
    if session.plan is not None and session.plan not in plans:
        plans.append(session.plan)
    return plans


# --- a client's sessions -----------------------------------------------------------------------

def get_client_for_sessions_or_404(client_id: int) -> Client:
    """The client whose sessions a page lists (pain and notes): the visit is audited."""
    client = get_client_or_404(client_id)
    audit.record_view("session.list", client, client_id=client.id)
    return client


def get_client_for_new_session_or_404(client_id: int) -> Client:
    """The client a session is being recorded for; the form shows their precautions and plan
    steps, so the visit is audited. Nothing is recorded for an archived client: its form is
    refused (``Archived``) rather than shown."""
    client = get_client_or_404(client_id)
    ensure_not_archived(client)
    audit.record_view("client.view", client, client_id=client.id, detail={"page": "new_session"})
    return client


def last_signed_session(client: Client) -> TreatmentSession | None:
    """The client's most recent signed session: what "Start from the last session" copies."""
    return db.session.scalars(
        select(TreatmentSession).where(*_recorded(client), TreatmentSession.signed_at.is_not(None))
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc()).limit(1)).first()


def get_client_and_last_session_or_404(client_id: int) -> tuple[Client, TreatmentSession | None]:
    """The client a session is being recorded for, and their last signed session, whose steps
    and note the form starts from: the visit is audited as reading that session (or the
    client, when there is none). An archived client's form is refused, as for a new one."""
    client = get_client_or_404(client_id)
    ensure_not_archived(client)
    last = last_signed_session(client)
    if last is None:
        audit.record_view("client.view", client, client_id=client.id,
                          detail={"page": "new_session"})
    else:
        audit.record_view("session.view", last, client_id=client.id,
                          detail={"page": "new_session_from"})
    return client, last


def open_drafts(client: Client) -> list[TreatmentSession]:
    """The client's drafts neither signed nor discarded, newest first: "Record a session"
    offers them before a new one, so one session is not recorded twice."""
    return db.session.scalars(
        select(TreatmentSession).where(*_recorded(client), TreatmentSession.signed_at.is_(None))
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(OPEN_DRAFTS_OFFERED)).all()


def _recorded(client: Client) -> tuple:
    return TreatmentSession.client_id == client.id, TreatmentSession.discarded_at.is_(None)


def sessions_page(client: Client):
    """One page of the client's sessions, newest first (discarded drafts left out)."""
    query = (select(TreatmentSession).where(*_recorded(client))
             .options(joinedload(TreatmentSession.plan))
             .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc()))
    return paginate(query, per_page=SESSIONS_PER_PAGE)


@overview_section("sessions", "Sessions", "treatments/_overview_section.html", order=40,
                  kept=True)
def sessions_section(client) -> dict:
    """Always shown (it holds "Record a session"); two queries whatever the history.

    Part of the overview, whose own loader audits the visit: nothing is recorded here.
    """
    sessions = db.session.scalars(
        select(TreatmentSession).where(*_recorded(client)).options(joinedload(TreatmentSession.plan))
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(TIMELINE_LENGTH)).all()
    total = db.session.scalar(select(func.count(TreatmentSession.id)).where(*_recorded(client)))
    return {"client": client, "sessions": sessions, "total": total,
            "has_signed": any(session.is_signed for session in sessions)}


# --- the Today page ----------------------------------------------------------------------------

def practitioner_day(user, today: date) -> dict:
    """Today's sessions, drafts to sign (with their count) and recent work: three queries,
    whatever the practice.

    The recent sessions are picked by their ids and times alone, and only those listed are
    read whole: sorting every recent session of the practitioner's clients with its note,
    client and plan cost more than reading the twenty again by id. (The pick is by time
    alone, so PostgreSQL can stop early on its index of times; sessions begun at the same
    time are then listed the newest recorded first.)
    """
    start, end = start_of_local_day(today), start_of_local_day(today + timedelta(days=1))
    owned = (Client.practitioner_id == user.id, TreatmentSession.discarded_at.is_(None))
    listed = (select(TreatmentSession).join(TreatmentSession.client)
              .options(contains_eager(TreatmentSession.client), joinedload(TreatmentSession.plan)))
    mine = listed.where(*owned)
    today_sessions = db.session.scalars(
        mine.where(TreatmentSession.started_at >= start, TreatmentSession.started_at < end)
        .order_by(TreatmentSession.started_at)).all()
    draft_count = (select(func.count(TreatmentSession.id)).join(TreatmentSession.client)
                   .where(*owned, TreatmentSession.signed_at.is_(None)).correlate(None))
    draft_rows = db.session.execute(
        mine.add_columns(draft_count.scalar_subquery())
        .where(TreatmentSession.signed_at.is_(None))
        .order_by(TreatmentSession.started_at).limit(LIST_LIMIT)).all()
    drafts = [session for session, _count in draft_rows]
    newest = TreatmentSession.started_at.desc()
    recent_ids = (select(TreatmentSession.id).join(TreatmentSession.client)
                  .where(*owned, TreatmentSession.started_at < start,
                         TreatmentSession.started_at >= start_of_local_day(
                             today - timedelta(days=RECENT_DAYS)))
                  .order_by(newest).limit(LIST_LIMIT))
    recent = db.session.scalars(
        listed.where(TreatmentSession.id.in_(recent_ids))
        .order_by(newest, TreatmentSession.id.desc())).all()
    return {"today_sessions": today_sessions, "drafts": drafts,
            "draft_count": draft_rows[0][1] if draft_rows else 0,
            "recent_sessions": recent, "recent_days": RECENT_DAYS}
