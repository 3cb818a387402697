"""The referral form: to whom, why, how urgent and the day."""
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from practice.clients.forms import text
from practice.clients.validators import PastDate
from practice.core.forms import DayField, select_choices
from practice.core.once import OnceFormMixin
from practice.referrals.models import ReferralUrgency

CHOOSE_URGENCY = "Choose how urgent it is."
#: Offered as you type "To whom" (any other answer is fine too).
SUGGESTED_RECIPIENTS = ("Their GP", "NHS 111", "Emergency services (999)",
                        "Their consultant or specialist team", "Their physiotherapist",
                        "Their midwife")


class ReferralForm(OnceFormMixin, FlaskForm):
    referred_to = text("To whom", 200, required_message="Say to whom: their GP, NHS 111, "
                                                        "emergency services...",
                       render_kw={"list": "referred-to-suggestions", "autocomplete": "off"})
    urgency = RadioField("How urgent",
                         choices=select_choices((u.value, u.label) for u in ReferralUrgency),
                         validators=[InputRequired(message=CHOOSE_URGENCY)],
                         validate_choice=False)
    referred_on = DayField("Day referred", [InputRequired(message="Enter the day you referred "
                                                                  "the client."),
                                            PastDate(5, "referral day")])
    reason = text("Why", 4000, required_message="Say why: what you saw or were told.",
                  field_class=TextAreaField, render_kw={"rows": 4},
                  description="What you saw or were told (the red flag), and what you advised.")

    def validate_urgency(self, field):
        if field.data not in {urgency.value for urgency in ReferralUrgency}:
            raise ValidationError(CHOOSE_URGENCY)

    def values(self) -> dict:
        return {"referred_to": self.referred_to.data, "reason": self.reason.data,
                "urgency": ReferralUrgency(self.urgency.data),
                "referred_on": self.referred_on.data}
