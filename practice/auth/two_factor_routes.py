"""Setting up two-factor sign-in, and the code step after the password."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from practice.auth import bp, operations, two_factor
from practice.auth.forms import DisableTwoFactorForm, TwoFactorCodeForm
from practice.auth.sessions import (
    count_wrong_code,
    forget_pending_sign_in,
    forget_setup_secret,
    pending_sign_in,
    setup_secret,
    start_session,
)
from practice.core.access import public
from practice.core.errors import DomainError
from practice.core.extensions import limiter


@bp.route("/two-factor/code", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor_code():
    user, pending = pending_sign_in()
    if user is None:
        forget_pending_sign_in()
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if operations.confirm_sign_in_code(user, form.code.data):
            start_session(user)
            return redirect(pending.get("next") or url_for("home.index"))
        if count_wrong_code(pending):
            flash("Too many wrong codes. Please sign in again.", "danger")
            return redirect(url_for("auth.login"))
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
                operations.disable_two_factor(user, form.password.data, form.code.data)
            except DomainError as error:
                form.code.errors.append(error.message)
            else:
                flash("Two-factor sign-in is off.", "info")
                return redirect(url_for("auth.two_factor_settings"))
        return render_template("auth/two_factor_manage.html", form=form)

    secret = setup_secret(two_factor.new_secret)
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            operations.enable_two_factor(user, secret, form.code.data)
        except DomainError as error:
            form.code.errors.append(error.message)
        else:
            forget_setup_secret()
            flash("Two-factor sign-in is on. You will need your app's code each time you sign in.",
                  "success")
            return redirect(url_for("auth.two_factor_settings"))
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           qr_svg=two_factor.qr_svg(uri))
