from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from practice.auth.models import Role
from practice.core.forms import NewPasswordMixin
from practice.core.once import OnceFormMixin


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """Choosing a password from an invitation or reset link."""


class RequestResetForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])


class InviteForm(OnceFormMixin, FlaskForm):
    """A new account; sent twice, it invites once (``core.once``)."""

    display_name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=[SelectChoice(Role.PRACTITIONER.value, "Practitioner"),
                                        SelectChoice(Role.ADMIN.value, "Admin")])


class TwoFactorCodeForm(FlaskForm):
    code = StringField("Six-digit code", validators=[DataRequired(), Length(min=6, max=9)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class SignInCodeForm(FlaskForm):
    """The code step: the app's six digits, or one of the recovery codes."""

    code = StringField("Code", validators=[DataRequired(), Length(min=6, max=20)],
                       description="Six digits from your app, or a recovery code.",
                       render_kw={"autocomplete": "one-time-code"})


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField("Password", validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    code = StringField("Code from your app (or a recovery code)",
                       validators=[DataRequired(), Length(min=6, max=20)],
                       render_kw={"autocomplete": "one-time-code"})


class RecoveryCodesForm(FlaskForm):
    """New recovery codes: the password once more (its own id: the page has another form)."""

    password = PasswordField("Password", id="recovery-codes-password",
                             validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
