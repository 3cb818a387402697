"""The ``auth`` blueprint, shared by the sign-in and two-factor view modules."""
from flask import session
from flask_login import login_user


def start_session(user) -> None:
    """Sign ``user`` in on a fresh session: nothing carries over from before sign-in."""
    session.clear()
    login_user(user)
    session.permanent = True
