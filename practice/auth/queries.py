"""Finding accounts and their signed-in sessions."""
from sqlalchemy import func, select

from practice.auth.models import User, UserSession, normalize_email
from practice.auth.sessions import live_sessions
from practice.core.database import now_utc
from practice.core.errors import NotFound
from practice.core.extensions import db


def find_user_by_email(email: str) -> User | None:
    """The account with this email however it is typed (emails are stored lower-cased; the
    comparison is on ``lower(email)`` so the unique index on it finds the row)."""
    return db.session.scalar(db.select(User).where(func.lower(User.email) == normalize_email(email)))


def _open_sessions(user: User):
    return select(UserSession).where(*live_sessions(user.id, now_utc()),
                                     UserSession.security_stamp == user.security_stamp)


def open_sessions_of(user: User) -> list[UserSession]:
    """The sessions that can open pages now, most recently used first."""
    return list(db.session.scalars(_open_sessions(user).order_by(
        UserSession.last_seen_at.desc(), UserSession.created_at.desc())))


def get_open_session_or_404(user: User, session_id: str) -> UserSession:
    """One of ``user``'s open sessions; another person's (or an ended one) is not found."""
    row = db.session.scalar(_open_sessions(user).where(UserSession.id == str(session_id)[:64]))
    if row is None:
        raise NotFound("That session has already ended.")
    return row
