"""The client record form, and the trimmed text fields the intake form shares."""
from wtforms import BooleanField, DateField, EmailField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from practice.clients.validators import PHONE_HELP, PastDate, PhoneNumber
from practice.core.locking import VersionedForm
from practice.core.once import OnceFormMixin

#: The record fields the form edits, in form order (also what a conflict compares).
CLIENT_FIELDS = ("given_name", "family_name", "family_name_first", "pronouns", "date_of_birth",
                 "email", "phone", "address", "emergency_contact_name", "emergency_contact_phone",
                 "notes")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def text(label, max_length, *, required_message=None, checks=(), field_class=StringField, **kwargs):
    """A trimmed text field: required with ``required_message``, else optional."""
    first = DataRequired(message=required_message) if required_message else Optional()
    return field_class(label, [first, Length(max=max_length), *checks], filters=[strip], **kwargs)


class ClientForm(VersionedForm):
    given_name = text("Given name", 100, required_message="Enter the client's given name.",
                      render_kw={"autocomplete": "off"})
    family_name = text("Family name", 100, required_message="Enter the client's family name.",
                       render_kw={"autocomplete": "off"})
    family_name_first = BooleanField(
        "Family name first",
        description="Show the name as the client says it, family name first (Chen Mei), on "
                    "every page and printout.")
    pronouns = text("Pronouns", 40, description="For example she/her, he/him, they/them.")
    date_of_birth = DateField("Date of birth", [Optional(), PastDate(120, "date of birth")])
    email = text("Email", 254, field_class=EmailField,
                 checks=[Email(message="Enter a valid email address, like name@example.com.")],
                 description="Needed to invite the client to the portal.")
    phone = text("Phone", 40, field_class=TelField, checks=[PhoneNumber()], description=PHONE_HELP)
    address = text("Address", 500, field_class=TextAreaField, render_kw={"rows": 3})
    emergency_contact_name = text("Emergency contact: name and relationship", 120)
    emergency_contact_phone = text("Emergency contact: phone", 40, field_class=TelField,
                                   checks=[PhoneNumber()])
    notes = text("Notes", 5000, field_class=TextAreaField, render_kw={"rows": 4})

    def values(self) -> dict:
        """The record's new values; empty optional fields become ``None``."""
        values = {name: getattr(self, name).data or None for name in CLIENT_FIELDS}
        values["family_name_first"] = bool(self.family_name_first.data)
        return values


class NewClientForm(OnceFormMixin, ClientForm):
    """The record form that adds a client: sent twice, it adds one (``core.once``)."""
