"""Form validators for client records and intakes: phone numbers and sensible dates."""
from datetime import date

import phonenumbers
from wtforms.validators import ValidationError

from practice.core.clock import local_today

#: Region assumed for numbers typed without a country code (a national "07700 ..." number).
#: One practice, one country for now; international numbers with "+" work from anywhere.
DEFAULT_PHONE_REGION = "GB"

PHONE_HELP = "A national number (07123 456789) or an international one (+33 6 12 34 56 78)."


def phone_search_key(text: str, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """``text`` as +digits (E.164) when it reads as a phone number, valid or not; else None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(text: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """The number in international format (``+44 20 7946 0018``); ``ValueError`` if invalid."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("This is not a phone number.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("This phone number is not valid: check the digits and the country code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class PhoneNumber:
    """Accept any valid national or international number; store it in international format."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = normalize_phone(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class PastDate:
    """A date that is not in the future and at most ``max_years`` back."""

    def __init__(self, max_years: int, what: str = "date"):
        self.max_years = max_years
        self.what = what

    def __call__(self, form, field):
        if field.data is None:
            return
        today = local_today()
        if field.data > today:
            raise ValidationError(f"The {self.what} cannot be in the future.")
        if field.data < _years_before(today, self.max_years):
            raise ValidationError(f"The {self.what} is more than {self.max_years} years ago: "
                                  "check the year.")


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
