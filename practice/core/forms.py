"""Form pieces shared by every feature."""
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def select_choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 choices from (value, label) pairs (tuples are deprecated there)."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DayField(DateField):
    """A date typed or picked as YYYY-MM-DD, with a message that says what is expected."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter the date as a real day, like 2026-03-14.") from error


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
