"""Signing in and out, changing one's password, and the links that set a password."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.auth import bp, operations
from practice.auth.forms import ChangePasswordForm, LoginForm, RequestResetForm, SetPasswordForm
from practice.auth.limits import TooManyAttempts
from practice.auth.operations import AccountDeactivated, AccountError
from practice.auth.sessions import await_code, end_current_session, start_session
from practice.auth.tokens import TokenError, TokenPurpose, load_token
from practice.core.access import public
from practice.core.extensions import limiter
from practice.core.forms import EmptyForm


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
        try:
            user = operations.check_credentials(form.email.data, form.password.data)
        except TooManyAttempts as error:
            return render_template("auth/login.html", form=form, limited=error.message), 429
        except AccountDeactivated as error:
            return render_template("auth/login.html", form=form, deactivated=error.message)
        next_url = safe_next_url(request.args.get("next"))
        if user is None:
            flash("Invalid email or password.", "danger")
        elif user.has_two_factor:
            await_code(user, next_url)
            return redirect(url_for("auth.two_factor_code"))
        else:
            operations.record_login(user)
            start_session(user)
            return redirect(next_url or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if EmptyForm().validate_on_submit():
        operations.record_logout(current_user._get_current_object())
        end_current_session()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(user, form.current_password.data, form.new_password.data)
        except AccountError as error:
            form.current_password.errors.append(error.message)
        else:
            start_session(user)  # every session ended with the change: this one starts afresh
            flash("Your password has been changed.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        try:
            operations.request_password_reset(form.email.data)
        except TooManyAttempts as error:
            return render_template("auth/request_reset.html", form=form,
                                   limited=error.message), 429
        flash("If this address belongs to an account, a reset link is on its way. If email is "
              "not set up for your practice, ask the practice administrator for a link.",
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
        operations.set_password(user, form.new_password.data, action=action)
        if user.has_two_factor:  # a link proves the email, not the second factor
            await_code(user, None)
            flash("Your password is set. Now enter the code from your authenticator app.",
                  "success")
            return redirect(url_for("auth.two_factor_code"))
        operations.record_login(user)
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
