"""The checklist form (one part per precaution, asking only that item's details), and the
fields any form adds when the work it saves conflicts with the client's precautions."""
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from practice.clients.forms import strip
from practice.clients.validators import PastDate
from practice.core.clock import local_today
from practice.core.locking import VersionedForm
from practice.precautions import kinds as k
from practice.precautions.kinds import (
    KINDS,
    LIMB_LABELS,
    SIDE_LABELS,
    TAG_CHOICES,
    Limb,
    PrecautionKind,
    Side,
    parse_kinds,
)
from practice.precautions.operations import GoAhead

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
#: How far ahead a due date can be: a pregnancy is at most 42 weeks long.
LONGEST_PREGNANCY_DAYS = 42 * 7


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice("", "Choose...")] + [SelectChoice(member.value, label)
                                              for member, label in labels.items()]


class FutureDate:
    """A date from today to ``max_days`` ahead."""

    def __init__(self, max_days: int, what: str):
        self.max_days, self.what = max_days, what

    def __call__(self, form, field):
        if field.data is None:
            return
        days = (field.data - local_today()).days
        if days < 0:
            raise ValidationError(f"The {self.what} has passed: if this no longer applies, "
                                  "untick it.")
        if days > self.max_days:
            raise ValidationError(f"The {self.what} is too far ahead: check the year.")


def _detail_fields(kind: PrecautionKind) -> dict:
    about = KINDS[kind]
    fields = {
        k.DETAILS: TextAreaField(f"{about.label}: {about.details_prompt.lower()}",
                                 [Optional(), Length(max=2000)], filters=[strip],
                                 render_kw={"rows": 2}),
        k.SITE: StringField(f"{about.label}: where", [Optional(), Length(max=200)],
                            filters=[strip], description="Where on the body, in a few words. "
                            "The client reads this beside the exercises it concerns."),
        k.EVENT_ON: DateField(f"{about.label}: when", [Optional(), PastDate(5, "date")]),
        k.DUE_ON: DateField(f"{about.label}: due date", [
            Optional(), FutureDate(LONGEST_PREGNANCY_DAYS, "due date")],
            description="The weeks and the trimester are worked out from it, day by day."),
        k.SIDE: SelectField(f"{about.label}: side", choices=_choices(SIDE_LABELS),
                            validators=[Optional()]),
        k.LIMB: SelectField(f"{about.label}: limb or area", choices=_choices(LIMB_LABELS),
                            validators=[Optional()]),
        k.UNDER_TREATMENT: RadioField(f"{about.label}: under treatment now?", choices=YES_NO,
                                      validators=[Optional()]),
        k.CLEARED: BooleanField(f"{about.label}: cleared by their doctor for this work",
                                description="Say what was cleared, and when, in the note."),
    }
    return {name: fields[name] for name in about.fields}


def _item_form(kind: PrecautionKind) -> type[Form]:
    """The part of the checklist for one precaution: does it apply, since when, its details."""
    about = KINDS[kind]
    attributes = {
        "kind": kind,
        "applies": BooleanField(about.label),
        "noted_on": DateField(f"{about.label}: noted on", [Optional(), PastDate(120, "date")],
                              description="Leave empty for today."),
        **_detail_fields(kind),
    }
    return type(f"{kind.name.title().replace('_', '')}Form", (Form,), attributes)


def _field_name(kind: PrecautionKind) -> str:
    return f"item_{kind.value}"


#: What each detail needs when the item applies: (field, message).
REQUIRED_DETAILS = {
    PrecautionKind.LYMPHOEDEMA: ((k.SIDE, "Choose the side."), (k.LIMB, "Choose the limb or area.")),
    PrecautionKind.PREGNANCY: ((k.DUE_ON, "Enter the due date: the trimester follows from it."),),
    PrecautionKind.RECENT_SURGERY: ((k.SITE, "Say where."), (k.EVENT_ON, "Enter when.")),
    PrecautionKind.CANCER: ((k.UNDER_TREATMENT, "Say whether it is under treatment now."),),
    PrecautionKind.OTHER: ((k.DETAILS, "Write what to keep in mind."),),
}


class ChecklistForm(VersionedForm):
    """Every precaution of the checklist, ticked where it applies. The version is the
    checklist's lock (``core.locking``): two people saving at once never overwrite."""

    @property
    def items(self) -> list[tuple[PrecautionKind, FormField]]:
        return [(kind, self[_field_name(kind)]) for kind in PrecautionKind]

    def validate(self, extra_validators=None) -> bool:
        """The parts that apply are checked, with the details each one needs; a part that
        does not apply is not (a due date that has passed does not stop it being unticked)."""
        super().validate(extra_validators)
        for kind, field in self.items:
            part = field.form
            if not part.applies.data:
                for subfield in part:
                    subfield.errors = []
                continue
            for name, message in REQUIRED_DETAILS.get(kind, ()):
                subfield = part[name]
                if subfield.data in (None, "") and not subfield.errors:
                    subfield.errors = [message]
        return not self.errors

    def entries(self) -> dict[PrecautionKind, dict | None]:
        """Per precaution: ``None`` where it does not apply, else the item's values (no
        ``noted_on`` date: today for a new item, unchanged for one already noted)."""
        found = {}
        for kind, field in self.items:
            part = field.form
            if not part.applies.data:
                found[kind] = None
                continue
            values = {"noted_on": part.noted_on.data}
            for name in KINDS[kind].fields:
                values[name] = _stored(name, part[name].data)
            found[kind] = values
        return found

    @staticmethod
    def data_of(items) -> dict:
        """Form data showing the active ``items`` as stored."""
        data = {}
        for item in items:
            if item.ended_on is not None:
                continue
            part = {"applies": True, "noted_on": item.noted_on}
            for name in KINDS[item.kind].fields:
                part[name] = _shown(name, getattr(item, name))
            data[_field_name(item.kind)] = part
        return data


def _stored(name: str, value):
    """A submitted detail as the item stores it."""
    if name == k.SIDE:
        return Side(value) if value else None
    if name == k.LIMB:
        return Limb(value) if value else None
    if name == k.UNDER_TREATMENT:
        return {"yes": True, "no": False}.get(value)
    if name == k.CLEARED:
        return bool(value)
    return value or None


def _shown(name: str, value):
    if name in (k.SIDE, k.LIMB):
        return value.value if value else ""
    if name == k.UNDER_TREATMENT:
        return {True: "yes", False: "no"}.get(value)
    return value


for _kind in PrecautionKind:
    setattr(ChecklistForm, _field_name(_kind), FormField(_item_form(_kind),
                                                         label=KINDS[_kind].label))


class PrecautionTagsField(SelectMultipleField):
    """The precautions an exercise or a plan step conflicts with, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label="Conflicts with these precautions", validators=None, **kwargs):
        kwargs.setdefault("choices", [SelectChoice(value, text) for value, text in TAG_CHOICES])
        super().__init__(label, validators or [Optional()], **kwargs)

    def pre_validate(self, form):
        """Unknown values are dropped (``parse_kinds``), never an error on the form."""


class OverrideFieldsMixin:
    """Going ahead although the work conflicts with the client's precautions: the reason, and
    for the gravest a second confirmation. Shown and checked only when there is a conflict
    (``check_override``)."""

    precaution_reason = TextAreaField(
        "Why go ahead anyway", [Optional(), Length(max=2000)], filters=[strip],
        render_kw={"rows": 2},
        description="Kept on the record and in the audit log, for example "
                    "\u201cCleared by her GP on 3 March; left side left out\u201d.")
    precaution_confirm_grave = BooleanField(
        "I have checked that this is safe for this client (their doctor agrees, or the "
        "affected area is left out) and go ahead")

    def going_ahead(self) -> GoAhead:
        return GoAhead((self.precaution_reason.data or "").strip() or None,
                       bool(self.precaution_confirm_grave.data))

    # Left out of the conflict page's comparison (``core.conflicts``): going ahead is about
    # this save, not part of the record both versions hold.
    def describe_precaution_reason(self, field) -> str:
        return ""

    def describe_precaution_confirm_grave(self, field) -> str:
        return ""


class HiddenTagsField(HiddenField):
    """The precautions a session step carries from its plan, kept through the form as
    "kind,kind" (they are edited on the plan, not here)."""

    def process_data(self, value):
        values = value if isinstance(value, list | tuple) else str(value or "").split(",")
        self.data = [kind.value for kind in parse_kinds(values)]

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [kind.value for kind in parse_kinds(valuelist[0].split(","))]

    def _value(self) -> str:
        return ",".join(self.data or [])


def check_override(form, conflicts) -> bool:
    """Whether ``form`` may go ahead with ``conflicts``: a reason for any, and the second
    confirmation for the gravest. Puts the message on the field that is missing."""
    if not conflicts:
        return True
    ok = True
    if not (form.precaution_reason.data or "").strip():
        form.precaution_reason.errors = [
            *form.precaution_reason.errors,
            "This conflicts with the client's precautions: give the reason for going ahead, "
            "or change what you chose."]
        ok = False
    if any(conflict.grave for conflict in conflicts) and not form.precaution_confirm_grave.data:
        form.precaution_confirm_grave.errors = [
            *form.precaution_confirm_grave.errors,
            "This is one of the gravest conflicts: confirm that you have checked it is safe."]
        ok = False
    return ok
