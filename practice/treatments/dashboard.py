"""What a practitioner's start page shows: today's sessions, drafts to sign, recent work."""
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from practice.clients.models import Client
from practice.core.clock import practice_timezone
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession

RECENT_DAYS = 14
LIST_LIMIT = 20


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=practice_timezone()).astimezone(UTC)


def practitioner_day(user, today: date) -> dict:
    """Four queries, whatever the size of the practice."""
    start, end = _day_start(today), _day_start(today + timedelta(days=1))
    mine = (select(TreatmentSession).join(TreatmentSession.client)
            .where(Client.practitioner_id == user.id, TreatmentSession.discarded_at.is_(None))
            .options(contains_eager(TreatmentSession.client), joinedload(TreatmentSession.plan)))
    today_sessions = db.session.scalars(
        mine.where(TreatmentSession.started_at >= start, TreatmentSession.started_at < end)
        .order_by(TreatmentSession.started_at)).all()
    drafts = db.session.scalars(
        mine.where(TreatmentSession.signed_at.is_(None))
        .order_by(TreatmentSession.started_at).limit(LIST_LIMIT)).all()
    draft_count = db.session.scalar(
        select(func.count(TreatmentSession.id)).join(TreatmentSession.client)
        .where(Client.practitioner_id == user.id, TreatmentSession.discarded_at.is_(None),
               TreatmentSession.signed_at.is_(None)))
    recent = db.session.scalars(
        mine.where(TreatmentSession.started_at < start,
                   TreatmentSession.started_at >= _day_start(today - timedelta(days=RECENT_DAYS)))
        .order_by(TreatmentSession.started_at.desc()).limit(LIST_LIMIT)).all()
    return {"today_sessions": today_sessions, "drafts": drafts, "draft_count": draft_count,
            "recent_sessions": recent, "recent_days": RECENT_DAYS}
