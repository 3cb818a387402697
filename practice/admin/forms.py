"""Forms for the admin pages."""
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from practice.auth.models import Role
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin
from practice.core.settings import timezone_names


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one list of values (rendered by the shared macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReassignClientsForm(FlaskForm):
    """A handover: the account page asks for it, a confirmation page lists whom it moves.

    Which clients is the button pressed (``which``): the ticked ones, or all of them; nothing
    is chosen beforehand. The confirmation page sends the listed clients' ids back with
    ``confirmed``, so exactly the clients it showed move.
    """

    to_practitioner_id = SelectField("Hand the clients to", coerce=int,
                                     validators=[InputRequired("Choose a practitioner.")])
    which = HiddenField(validators=[Optional(), AnyOf(("all", "selected"))])
    client_ids = MultiCheckboxField("Clients", coerce=int, validate_choice=False)
    confirmed = HiddenField()

    @property
    def wants_all(self) -> bool:
        return self.which.data == "all"

    def chosen_ids(self) -> list[int] | None:
        """The ticked clients' ids, or ``None`` for all of them."""
        return None if self.wants_all else list(self.client_ids.data)

    def validate_client_ids(self, field):
        if not self.wants_all and not field.data:
            raise ValidationError("Tick at least one client, or hand over all of them.")


class SettingsForm(VersionedForm):
    practice_name = StringField("Practice name", validators=[DataRequired(), Length(max=120)])
    timezone = SelectField("Time zone", validators=[DataRequired()],
                           description="Every date and time in the app is shown in this zone. "
                                       "Changing it moves nothing stored: the same moments "
                                       "are shown in the new zone, and each day starts at "
                                       "midnight there.")
    address = TextAreaField("Address", validators=[Optional(), Length(max=500)],
                            render_kw={"rows": 3})
    phone = StringField("Phone", validators=[Optional(), Length(max=40)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=254)])
    website = StringField("Website", validators=[Optional(), Length(max=200),
                                                 URL(message="Enter a full address, e.g. "
                                                             "https://example.org")],
                          render_kw={"inputmode": "url"})

    client_records_need_release = BooleanField(
        "Clients download their own record only after their practitioner releases it",
        description="Unticked, a client can download their signed notes, program and "
                    "check-ins from the portal at any time.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = [SelectChoice(name) for name in timezone_names()]

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("Start the address with https:// (or http://).")

    def values(self) -> dict:
        values = {name: (getattr(self, name).data or "").strip() for name in
                  ("practice_name", "timezone", "address", "phone", "email", "website")}
        values["client_records_need_release"] = bool(self.client_records_need_release.data)
        return values


class ConditionTypeForm(OnceFormMixin, FlaskForm):
    """A new condition type; sent twice, it is added once (``core.once``)."""

    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=1000)],
                                render_kw={"rows": 2},
                                description="Shown to practitioners when they choose a type.")


EXPORT_FORMATS = [
    SelectChoice("csv", "CSV files in a zip (spreadsheets)"),
    SelectChoice("json", "JSON document (nested per client)"),
    SelectChoice("fhir", "FHIR R4 Bundle (health record systems)"),
]


class ExportForm(FlaskForm):
    format = RadioField("Format", choices=EXPORT_FORMATS, default="csv")
    scope = RadioField("Records", default="practice",
                       choices=[SelectChoice("practice", "The whole practice"),
                                SelectChoice("client", "One client")])
    client_id = SelectField("Client", coerce=int, validators=[Optional()],
                            description="Only used for a one-client export.")

    def validate_client_id(self, field):
        if self.scope.data == "client" and not field.data:
            raise ValidationError("Choose the client to export.")


class AuditFilterForm(FlaskForm):
    """The audit log's filters: read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    actor_id = SelectField("Who", coerce=int, validators=[Optional()])
    action = SelectField("What", validators=[Optional()])
    client_id = SelectField("Client", coerce=int, validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")


ROLE_FILTER_CHOICES = [("", "All roles")] + [(role.value, role.label) for role in Role]
