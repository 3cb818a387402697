"""What differs between the form someone submitted and the record as stored now.

When a save conflicts, the page shows both versions of each differing field, so the person
can merge by hand: nothing they typed, and nothing the other person saved, is lost.
"""
from dataclasses import dataclass
from datetime import date

from wtforms import Field, FormField
from wtforms.fields.choices import SelectFieldBase

from practice.core.formatting import format_date

#: Fields that are bookkeeping, not content.
_SKIPPED = {"CSRFTokenField", "HiddenField", "SubmitField"}


@dataclass(frozen=True)
class Difference:
    label: str
    stored: str
    typed: str


def _shown(field: Field) -> str:
    """A field's value as a person reads it: choice labels rather than keys, dates in words."""
    data = field.data
    if isinstance(field, SelectFieldBase):
        return ", ".join(str(choice.label) for choice in field.iter_choices()
                         if choice.selected and choice.value not in (0, ""))
    if isinstance(data, date):
        return format_date(data)
    return "" if data is None else str(data).strip()


def _pairs(submitted, stored):
    for field in submitted:
        if field.type in _SKIPPED:
            continue
        twin = stored[field.short_name]
        if isinstance(field, FormField):
            yield from _pairs(field.form, twin.form)
        else:
            yield field.label.text, _shown(twin), _shown(field)


def differences(submitted, stored) -> list[Difference]:
    """Fields whose submitted value differs from the stored one (two forms of one class)."""
    return [Difference(label, stored_text, typed_text)
            for label, stored_text, typed_text in _pairs(submitted, stored)
            if stored_text != typed_text]
