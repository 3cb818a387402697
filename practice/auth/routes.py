from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from practice.auth import bp, two_factor_routes
from practice.auth.blueprint import start_session
from practice.auth.forms import ChangePasswordForm, LoginForm, RequestResetForm, SetPasswordForm
from practice.auth.models import find_user_by_email
from practice.auth.services import (
    AccountError,
    change_password,
    check_credentials,
    issue_link,
    record_login,
    set_password,
)
from practice.auth.tokens import TokenError, TokenPurpose, load_token
from practice.core import audit
from practice.core.access import public
from practice.core.extensions import db, limiter
from practice.core.forms import EmptyForm

__all__ = ["bp", "safe_next_url"]


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def safe_next_url(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else ``None`` (no open redirects)."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = check_credentials(form.email.data, form.password.data)
        next_url = safe_next_url(request.args.get("next"))
        if user is None:
            db.session.commit()
            flash("Invalid email or password.", "danger")
        elif user.has_two_factor:
            db.session.commit()
            two_factor_routes.await_code(user, next_url)
            return redirect(url_for("auth.two_factor_code"))
        else:
            record_login(user)
            db.session.commit()
            start_session(user)
            return redirect(next_url or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if EmptyForm().validate_on_submit():
        audit.record("auth.logout")
        db.session.commit()
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except AccountError as exc:
            form.current_password.errors.append(str(exc))
        else:
            db.session.commit()
            start_session(current_user._get_current_object())  # the id carries the new stamp
            flash("Your password has been changed.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is not None and user.is_active:
            issue_link(user, TokenPurpose.PASSWORD_RESET)
            db.session.commit()
        flash("If this address belongs to an account, a reset link is on its way. If email is "
              "not set up for your practice, ask your administrator or practitioner for a link.",
              "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form)


def _password_from_link(token: str, purpose: TokenPurpose, template: str, action: str):
    try:
        user = load_token(token, purpose)
    except TokenError as exc:
        return render_template("auth/link_invalid.html", message=str(exc)), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        set_password(user, form.new_password.data, action=action)
        db.session.commit()
        logout_user()
        start_session(user)
        flash("Your password is set. Welcome.", "success")
        return redirect(url_for("home.index"))
    return render_template(template, form=form, user=user)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    return _password_from_link(token, TokenPurpose.PASSWORD_RESET, "auth/reset_password.html",
                               "auth.password_reset")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    return _password_from_link(token, TokenPurpose.INVITATION, "auth/accept_invitation.html",
                               "auth.invitation_accepted")
