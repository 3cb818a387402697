"""The outcomes page's choices: the period and how the clients are grouped."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

from practice.core.clock import local_today
from practice.outcomes.figures import Grouping

#: Without a choice, the page covers the last year.
DEFAULT_DAYS = 365
#: The earliest day a period may start: before it, a typing slip rather than a real day.
EARLIEST_DAY = date(1900, 1, 1)
GROUPING_CHOICES = [SelectChoice(grouping.value, grouping.label) for grouping in Grouping]


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


class OutcomesForm(FlaskForm):
    """Read from the query string for the page (``csrf=False``: it changes nothing), and
    posted with the CSRF token for the CSV download."""

    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    group = SelectField("Group by", choices=GROUPING_CHOICES, default=Grouping.TEMPLATE.value,
                        validators=[Optional()])

    def __init__(self, *args, csrf: bool = True, **kwargs):
        super().__init__(*args, **({} if csrf else {"meta": {"csrf": False}}), **kwargs)

    def validate_date_from(self, field):
        if field.data and not EARLIEST_DAY <= field.data <= local_today():
            raise ValidationError(f"Choose a day from {EARLIEST_DAY:%d %B %Y} to today.")

    def validate_date_to(self, field):
        if field.data and not EARLIEST_DAY <= field.data <= local_today():
            raise ValidationError(f"Choose a day from {EARLIEST_DAY:%d %B %Y} to today.")
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end is before the start.")

    def period(self) -> Period:
        """The chosen days (valid form), the last year up to today where one is left out."""
        last = self.date_to.data or local_today()
        first = self.date_from.data or max(EARLIEST_DAY, last - timedelta(days=DEFAULT_DAYS - 1))
        return Period(first, last)

    def grouping(self) -> Grouping:
        return Grouping(self.group.data or Grouping.TEMPLATE.value)
