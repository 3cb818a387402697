"""The browser session of someone signing in: starting it, ending it, and the wait between a
correct password and the two-factor code.

Nothing from before sign-in carries over into a signed-in session (``start_session`` clears
it), so a session id planted by someone else is worth nothing.
"""
import time

from flask import session
from flask_login import login_user, logout_user

from practice.auth.models import User
from practice.core.extensions import db

PENDING_KEY = "two_factor_pending"
SETUP_KEY = "two_factor_setup_secret"
#: How long the code step waits after a correct password, and how many wrong codes it takes.
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: nothing carries over from before sign-in."""
    session.clear()
    login_user(user)
    session.permanent = True


def end_session() -> None:
    logout_user()
    session.clear()


def await_code(user: User, next_url: str | None) -> None:
    """After a correct password: remember who is signing in until the code arrives."""
    session.clear()
    session[PENDING_KEY] = {"uid": user.id, "stamp": user.security_stamp,
                            "since": time.time(), "next": next_url, "attempts": 0}


def pending_sign_in() -> tuple[User | None, dict]:
    """The user waiting for their code (and the pending state), or ``(None, {})`` when the
    wait is over, never began, or the account changed meanwhile."""
    pending = session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.is_active or user.security_stamp != pending.get("stamp"):
        return None, {}
    return user, pending


def forget_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)


def count_wrong_code(pending: dict) -> bool:
    """Note one more wrong code; ``True`` when that was one too many (the wait is over)."""
    pending["attempts"] = pending.get("attempts", 0) + 1
    if pending["attempts"] >= MAX_CODE_ATTEMPTS:
        forget_pending_sign_in()
        return True
    session[PENDING_KEY] = pending
    return False


def setup_secret(new_secret) -> str:
    """The secret being set up in this session (made by ``new_secret()`` the first time), so a
    reload shows the same QR code."""
    secret = session.get(SETUP_KEY) or new_secret()
    session[SETUP_KEY] = secret
    return secret


def forget_setup_secret() -> None:
    session.pop(SETUP_KEY, None)
