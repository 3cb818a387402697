"""Form pieces shared by every feature."""
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: the body of every one-button POST."""


def password_rules(min_length: int = 10):
    return [DataRequired(), Length(min=min_length, max=128,
                                   message=f"Use between {min_length} and 128 characters.")]


class NewPasswordMixin:
    new_password = PasswordField("New password", validators=password_rules(),
                                 description="At least 10 characters. A few unrelated words "
                                             "make a strong, memorable password.")
    confirm_password = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The passwords differ.")])

    def validate_new_password(self, field):
        if field.data and field.data.strip() != field.data:
            raise ValidationError("Leading or trailing spaces are not allowed.")
        if field.data and len(set(field.data)) < 4:
            raise ValidationError("This password is too easy to guess.")
