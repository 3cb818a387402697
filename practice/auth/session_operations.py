"""Ending signed-in sessions on purpose: a person's own, from *Signed-in devices*, and an
admin's *Sign out everywhere*. (Sign-out, password and two-factor changes end sessions in
their own operations; idle and expired sessions end as they are next used.)"""
from practice.auth.models import SessionEnd, User, UserSession
from practice.auth.sessions import end_current_session, end_sessions
from practice.core import audit
from practice.core.database import now_utc


def end_own_session(user: User, row: UserSession, this_session: UserSession) -> bool:
    """End one of the person's sessions; ``True`` when it was this one (they are signed out)."""
    audit.record("auth.session_ended", user, detail={
        "browser": row.user_agent, "ip": row.ip, "this_device": row is this_session})
    if row is this_session:
        end_current_session(SessionEnd.SIGNED_OUT)
        return True
    row.ended_at, row.ended_reason = now_utc(), SessionEnd.ENDED_BY_USER
    return False


def end_other_own_sessions(user: User, this_session: UserSession) -> int:
    ended = end_sessions(user, SessionEnd.ENDED_BY_USER, keep=this_session)
    audit.record("auth.sessions_ended", user, detail={"count": ended, "by": "self"})
    return ended


def sign_out_everywhere(user: User) -> int:
    """An admin's: every session of ``user`` ends (a lost laptop, a shared password)."""
    ended = end_sessions(user, SessionEnd.ENDED_BY_ADMIN)
    audit.record("auth.sessions_ended", user, detail={"count": ended, "by": "admin"})
    return ended

