"""Setting up two-factor sign-in, its recovery codes, and the code step after the password."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from practice.auth import bp, operations, recovery_codes, two_factor
from practice.auth.forms import (
    DisableTwoFactorForm,
    RecoveryCodesForm,
    SignInCodeForm,
    TwoFactorCodeForm,
)
from practice.auth.limits import TooManyAttempts
from practice.auth.operations import AccountError, WrongPassword
from practice.auth.sessions import (
    current_session,
    forget_pending_sign_in,
    forget_setup_secret,
    pending_sign_in,
    setup_secret,
    start_session,
)
from practice.core.access import public
from practice.core.extensions import limiter
from practice.core.roles import Role


@bp.route("/two-factor/code", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor_code():
    user, pending = pending_sign_in()
    if user is None:
        forget_pending_sign_in()
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        try:
            signed_in = operations.confirm_sign_in_code(user, form.code.data)
        except TooManyAttempts as error:
            forget_pending_sign_in()
            flash(error.message, "danger")
            return redirect(url_for("auth.login"))
        if signed_in:
            start_session(user)
            left = recovery_codes.codes_left(user)
            if left <= 3:
                flash(f"{left} recovery code{'s' if left != 1 else ''} left: make new ones on "
                      "the two-factor page.", "warning")
            return redirect(pending.get("next") or url_for("home.index"))
        form.code.errors.append("That code does not match. Use the newest code from your app, "
                                "or one of your recovery codes.")
    return render_template("auth/two_factor_code.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor_settings():
    """Turn two-factor sign-in on (scan, confirm a code) or off (password and a code)."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        form = DisableTwoFactorForm()
        if form.validate_on_submit():
            try:
                operations.disable_two_factor(user, form.password.data, form.code.data,
                                              this_session=current_session())
            except WrongPassword as error:
                form.password.errors.append(error.message)
            except AccountError as error:
                form.code.errors.append(error.message)
            else:
                flash("Two-factor sign-in is off. Every other device was signed out.", "info")
                return redirect(url_for("auth.two_factor_settings"))
        return render_template("auth/two_factor_manage.html", form=form,
                               renew_form=RecoveryCodesForm(formdata=None),
                               codes_left=recovery_codes.codes_left(user))

    secret = setup_secret(two_factor.new_secret)
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            codes = operations.enable_two_factor(user, secret, form.code.data,
                                                 this_session=current_session())
        except AccountError as error:
            form.code.errors.append(error.message)
        else:
            forget_setup_secret()
            return render_template("auth/recovery_codes.html", codes=codes, just_enabled=True)
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           qr_svg=two_factor.qr_svg(uri),
                           admin_must_enrol=_admin_must_enrol(user))


@bp.route("/two-factor/recovery-codes", methods=["POST"])
def renew_recovery_codes():
    user = current_user._get_current_object()
    form = RecoveryCodesForm()
    if form.validate_on_submit():
        try:
            codes = operations.renew_recovery_codes(user, form.password.data)
        except AccountError as error:
            form.password.errors.append(error.message)
        else:
            return render_template("auth/recovery_codes.html", codes=codes, just_enabled=False)
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor_settings"))
    return render_template("auth/two_factor_manage.html", form=DisableTwoFactorForm(formdata=None),
                           renew_form=form, codes_left=recovery_codes.codes_left(user))


def _admin_must_enrol(user) -> bool:
    return bool(current_app.config["ADMIN_TWO_FACTOR_REQUIRED"] and user.is_admin
                and not user.has_two_factor)


@bp.before_app_request
def require_admin_enrolment():
    """Where admins must use two-factor sign-in (production), an admin without it reaches the
    admin pages only after setting it up."""
    view = current_app.view_functions.get(request.endpoint or "")
    if Role.ADMIN not in getattr(view, "allowed_roles", ()):
        return None
    if not current_user.is_authenticated or not _admin_must_enrol(current_user):
        return None
    flash("Admins need two-factor sign-in: set it up to continue.", "warning")
    return redirect(url_for("auth.two_factor_settings"))
