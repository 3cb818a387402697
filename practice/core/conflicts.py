"""What differs between the form someone submitted and the record as stored now.

When a save conflicts (``core.locking``), or a draft was signed meanwhile, the page shows both
versions of each differing field, so the person can merge by hand: nothing they typed, and
nothing the other person saved, is lost. One function and one template
(``templates/_conflict.html``) serve every record type: the route builds a second form of the
same class from the stored record and passes both forms here.

A form can word a field itself with a method ``describe_<field name>(field) -> str`` (a list of
steps as lines, say); otherwise choices read as their labels and dates in words.
"""
from dataclasses import dataclass
from datetime import date, datetime

from wtforms import Field, FieldList, FormField
from wtforms.fields.choices import SelectFieldBase

from practice.core.formatting import format_date, format_datetime

#: Fields that are bookkeeping, not content.
_SKIPPED = {"CSRFTokenField", "HiddenField", "SubmitField"}


@dataclass(frozen=True)
class Difference:
    label: str
    stored: str
    typed: str


def _shown(form, field: Field) -> str:
    """A field's value as a person reads it."""
    describe = getattr(form, f"describe_{field.short_name}", None)
    if describe is not None:
        return describe(field)
    data = field.data
    if isinstance(field, SelectFieldBase):
        return ", ".join(str(choice.label) for choice in field.iter_choices()
                         if choice.selected and choice.value not in (0, "", "0"))
    if isinstance(field, FieldList):
        return "\n".join(_shown(form, entry) for entry in field)
    if isinstance(data, datetime):
        return format_datetime(data)
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
            yield str(field.label.text), _shown(stored, twin), _shown(submitted, field)


def differences(submitted, stored) -> list[Difference]:
    """Fields whose submitted value differs from the stored one (two forms of one class)."""
    return [Difference(label, stored_text, typed_text)
            for label, stored_text, typed_text in _pairs(submitted, stored)
            if stored_text != typed_text]


def typed_as_text(found: list[Difference]) -> str:
    """The typed side of the differences, as a starting text for an addendum."""
    return "\n\n".join(f"{difference.label}: {difference.typed}" for difference in found
                       if difference.typed)
