"""Signed-in sessions, kept on the server, and the wait between a password and its code.

The signed cookie carries only the id of a ``UserSession`` row (besides Flask-Login's and the
CSRF token's bookkeeping): no user id, no stamp, no secret. Every request checks that row
(``user_for_session``, Flask-Login's user loader): it exists and has not ended, the account
can still sign in and its stamp is the one the session began with, it was used within
``IDLE_TIMEOUT_MINUTES``, and it began within ``SESSION_LIFETIME_HOURS``. Ending the row
(``end_sessions``) signs that browser out, even one holding a copy of its cookie.

Activity is written at most once a minute, and autosaves (a POST to an endpoint named
``autosave`` or ``autosave_...``, such as ``treatments.autosave_session``, or any request with
``X-Autosave: 1``) and the page's status checks are not activity: a form left open does not
keep a sign-in alive.

Nothing from before sign-in carries over into a signed-in session (``start_session`` clears
the cookie and makes a new row), so a session planted by someone else is worth nothing.
Between a correct password and the two-factor code, the cookie names who is signing in and
since when; wrong codes are counted on the server (``practice.auth.limits``).
"""
import hashlib
import time
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from practice.auth.browsers import describe_browser
from practice.auth.models import SessionEnd, User, UserSession
from practice.core import database
from practice.core.extensions import db

#: Flask-Login's cookie key: its user loader receives the session row's id.
SESSION_KEY = "_user_id"
PENDING_KEY = "two_factor_pending"
#: How long the code step waits after a correct password.
PENDING_SECONDS = 300
#: Activity is written at most this often.
SEEN_RESOLUTION = timedelta(minutes=1)
#: Requests that are not activity: the page asking how long is left.
NOT_ACTIVITY = {"auth.session_status"}
SIGNED_OUT_MESSAGES = {
    SessionEnd.IDLE: "You were signed out after {idle} minutes without activity. Sign in again "
                     "to continue.",
    SessionEnd.EXPIRED: "You were signed out: a sign-in lasts at most {hours} hours. Sign in "
                        "again to continue.",
}


def _idle_timeout() -> timedelta:
    return timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])


def _lifetime() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])


def live_sessions(user_id: int, now: datetime):
    """The conditions of a session that still opens pages (the stamp apart)."""
    return (UserSession.user_id == user_id, UserSession.ended_at.is_(None),
            UserSession.last_seen_at > now - _idle_timeout(),
            UserSession.created_at > now - _lifetime())


# --- Starting and checking --------------------------------------------------------------------

def start_session(user: User) -> UserSession:
    """Sign ``user`` in on a fresh session: a new row, and a cookie naming only that row."""
    row = UserSession(user=user, security_stamp=user.security_stamp, ip=request.remote_addr,
                      user_agent=describe_browser(request.user_agent.string)[:120])
    db.session.add(row)
    db.session.flush([row])
    session.clear()
    login_user(user)
    session[SESSION_KEY] = row.id
    session.permanent = True
    g.user_session = row
    return row


def user_for_session(session_id) -> User | None:
    """Flask-Login's user loader: the user of a session that may still open pages, else
    ``None`` (an ended session is marked with why, for the sign-in page to say)."""
    if not isinstance(session_id, str) or len(session_id) > 64:
        return None
    row = db.session.scalar(select(UserSession).options(joinedload(UserSession.user))
                            .where(UserSession.id == session_id))
    if row is None or row.ended_at is not None:
        return None
    now = database.now_utc()
    reason = _why_over(row, now)
    if reason is not None:
        _end(row, reason, now)
        message = SIGNED_OUT_MESSAGES.get(reason)
        if message:
            g.signed_out_message = message.format(
                idle=current_app.config["IDLE_TIMEOUT_MINUTES"],
                hours=current_app.config["SESSION_LIFETIME_HOURS"])
        return None
    if now - row.last_seen_at >= SEEN_RESOLUTION and \
            counts_as_activity(request.method, request.endpoint, request.headers):
        row.last_seen_at = now
    g.user_session = row
    return row.user


def _why_over(row: UserSession, now: datetime) -> SessionEnd | None:
    user = row.user
    if not user.is_enabled:
        return SessionEnd.DEACTIVATED
    if not user.is_active or row.security_stamp != user.security_stamp:
        return SessionEnd.ACCOUNT_CHANGED
    if now - row.created_at >= _lifetime():
        return SessionEnd.EXPIRED
    if now - row.last_seen_at >= _idle_timeout():
        return SessionEnd.IDLE
    return None


def counts_as_activity(method: str, endpoint: str | None, headers) -> bool:
    """Whether a request shows someone at work (autosaves and status checks do not)."""
    if headers.get("X-Autosave") == "1":
        return False
    if method == "POST" and (endpoint or "").rpartition(".")[2].startswith("autosave"):
        return False
    return endpoint not in NOT_ACTIVITY


def current_session() -> UserSession | None:
    """The signed-in request's session row (loaded with ``current_user``)."""
    return g.get("user_session")


def time_left(row: UserSession) -> tuple[int, bool]:
    """Seconds until ``row`` ends (idle or lifetime, whichever first), and whether staying
    signed in can put that off (not when the lifetime ends first)."""
    now = database.now_utc()
    idle_left = (row.last_seen_at + _idle_timeout() - now).total_seconds()
    life_left = (row.created_at + _lifetime() - now).total_seconds()
    return max(0, int(min(idle_left, life_left))), life_left > idle_left


def keep_alive(row: UserSession) -> None:
    """"Stay signed in": activity now, whenever it was last written."""
    row.last_seen_at = database.now_utc()


# --- Ending -----------------------------------------------------------------------------------

def _end(row: UserSession, reason: SessionEnd, now: datetime | None = None) -> None:
    row.ended_at = now or database.now_utc()
    row.ended_reason = reason


def end_sessions(user: User, reason: SessionEnd, *, keep: UserSession | None = None) -> int:
    """End every session of ``user`` that still opens pages (but ``keep``); return how many."""
    statement = update(UserSession).where(*live_sessions(user.id, database.now_utc()))
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    result = db.session.execute(statement.values(ended_at=database.now_utc(),
                                                 ended_reason=reason))
    return result.rowcount


def end_current_session(reason: SessionEnd = SessionEnd.SIGNED_OUT) -> None:
    """Sign this browser out: its row ends, so a saved copy of the cookie opens nothing."""
    row = current_session()
    if row is not None and row.ended_at is None:
        _end(row, reason)
    logout_user()
    session.clear()


# --- Between the password and the code --------------------------------------------------------

def _stamp_digest(user: User) -> str:
    """Tells whether the stamp changed, without putting the stamp in the cookie."""
    return hashlib.sha256(user.security_stamp.encode()).hexdigest()[:16]


def await_code(user: User, next_url: str | None) -> None:
    """After a correct password: remember who is signing in until the code arrives."""
    session.clear()
    session[PENDING_KEY] = {"uid": user.id, "since": time.time(), "next": next_url,
                            "stamp": _stamp_digest(user)}


def pending_sign_in() -> tuple[User | None, dict]:
    """The user waiting for their code (and the pending state), or ``(None, {})`` when the
    wait is over, never began, or the account changed meanwhile."""
    pending = session.get(PENDING_KEY) or {}
    if not isinstance(pending, dict) or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("uid")) if isinstance(pending.get("uid"), int) \
        else None
    if user is None or not user.is_active or not user.has_two_factor or \
            _stamp_digest(user) != pending.get("stamp"):
        return None, {}
    return user, pending


def forget_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)


# --- Setting up two-factor sign-in ------------------------------------------------------------

def setup_secret(new_secret) -> str:
    """The secret being set up in this session (made by ``new_secret()`` the first time), kept
    on the session's row, so a reload shows the same QR code and the cookie never holds it."""
    row = current_session()
    if not row.two_factor_setup_secret:
        row.two_factor_setup_secret = new_secret()
    return row.two_factor_setup_secret


def forget_setup_secret() -> None:
    row = current_session()
    if row is not None:
        row.two_factor_setup_secret = None
