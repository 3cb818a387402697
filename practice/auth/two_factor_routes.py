"""Setting up two-factor sign-in, and the code step after the password."""
import time

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from practice.auth import bp, two_factor
from practice.auth.blueprint import start_session
from practice.auth.forms import DisableTwoFactorForm, TwoFactorCodeForm
from practice.auth.models import User
from practice.auth.services import record_login
from practice.core import audit
from practice.core.access import public
from practice.core.extensions import db, limiter

PENDING_KEY = "two_factor_pending"
SETUP_KEY = "two_factor_setup_secret"
#: How long the code step waits after a correct password, and how many wrong codes it takes.
PENDING_SECONDS = 300
MAX_ATTEMPTS = 5


def await_code(user: User, next_url: str | None) -> None:
    """After a correct password: remember who is signing in until the code arrives."""
    session.clear()
    session[PENDING_KEY] = {"uid": user.id, "stamp": user.security_stamp,
                            "since": time.time(), "next": next_url, "attempts": 0}


def _pending_user() -> tuple[User | None, dict]:
    pending = session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.is_active or user.security_stamp != pending.get("stamp"):
        return None, {}
    return user, pending


@bp.route("/two-factor/code", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor_code():
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if two_factor.verify_user_code(user, form.code.data):
            record_login(user, two_factor=True)
            db.session.commit()
            start_session(user)
            return redirect(pending.get("next") or url_for("home.index"))
        audit.record("auth.two_factor_failed", user, actor=user)
        db.session.commit()
        pending["attempts"] = pending.get("attempts", 0) + 1
        if pending["attempts"] >= MAX_ATTEMPTS:
            session.pop(PENDING_KEY, None)
            flash("Too many wrong codes. Please sign in again.", "danger")
            return redirect(url_for("auth.login"))
        session[PENDING_KEY] = pending
        form.code.errors.append("That code does not match. Use the newest code from your app.")
    return render_template("auth/two_factor_code.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor_settings():
    """Turn two-factor sign-in on (scan, confirm a code) or off (password and a code)."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        form = DisableTwoFactorForm()
        if form.validate_on_submit():
            try:
                two_factor.disable(user, form.password.data, form.code.data)
            except two_factor.TwoFactorError as exc:
                form.code.errors.append(str(exc))
            else:
                db.session.commit()
                flash("Two-factor sign-in is off.", "info")
                return redirect(url_for("auth.two_factor_settings"))
        return render_template("auth/two_factor_manage.html", form=form)

    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            two_factor.enable(user, secret, form.code.data)
        except two_factor.TwoFactorError as exc:
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            session.pop(SETUP_KEY, None)
            flash("Two-factor sign-in is on. You will need your app's code each time you sign in.",
                  "success")
            return redirect(url_for("auth.two_factor_settings"))
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           qr_svg=two_factor.qr_svg(uri))
