"""The practitioner's consent form, and the client's choice about messages."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from practice.clients.forms import text
from practice.clients.validators import PastDate
from practice.consent.models import ConsentMethod
from practice.consent.wording import PRACTITIONER_KINDS, ConsentKind
from practice.core.forms import DayField, MultiCheckboxField, select_choices
from practice.core.once import OnceFormMixin

TICK_KINDS = "Tick what the client consented to (or withdrew)."
GIVEN_OR_WITHDRAWN = "Say whether consent was given or withdrawn."
SAY_HOW = "Say how the client gave or withdrew it."
#: The ways a practitioner records (the portal is the client's own).
RECORDED_METHODS = (ConsentMethod.SIGNED_FORM, ConsentMethod.IN_PERSON)


class ConsentForm(OnceFormMixin, FlaskForm):
    kinds = MultiCheckboxField("What it is about", validate_choice=False,
                               choices=select_choices((kind.value, kind.label)
                                                      for kind in PRACTITIONER_KINDS))
    decision = RadioField("Given or withdrawn", validate_choice=False,
                          choices=select_choices([("given", "Given"), ("withdrawn", "Withdrawn")]),
                          validators=[InputRequired(message=GIVEN_OR_WITHDRAWN)])
    method = RadioField("How", validate_choice=False,
                        choices=select_choices((method.value, method.label.capitalize())
                                               for method in RECORDED_METHODS),
                        validators=[InputRequired(message=SAY_HOW)])
    given_on = DayField("Day", [InputRequired(message="Enter the day the client said so."),
                                PastDate(100, "day")])
    note = text("Note", 2000, field_class=TextAreaField, render_kw={"rows": 2},
                description="Optional: for example where the signed form is kept.")

    def validate_kinds(self, field):
        allowed = {kind.value for kind in PRACTITIONER_KINDS}
        if not field.data or set(field.data) - allowed:
            raise ValidationError(TICK_KINDS)

    def validate_decision(self, field):
        if field.data not in ("given", "withdrawn"):
            raise ValidationError(GIVEN_OR_WITHDRAWN)

    def validate_method(self, field):
        if field.data not in {method.value for method in RECORDED_METHODS}:
            raise ValidationError(SAY_HOW)

    def values(self) -> dict:
        return {"kinds": [ConsentKind(value) for value in self.kinds.data],
                "is_given": self.decision.data == "given",
                "method": ConsentMethod(self.method.data), "given_on": self.given_on.data,
                "note": self.note.data or None}


class MessagesChoiceForm(FlaskForm):
    """The portal's one button: ``yes`` to receive messages, ``no`` to stop them."""

    choice = HiddenField()

    def validate_choice(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError("Choose to receive messages or to stop them.")
