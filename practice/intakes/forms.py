"""The intake form (first intake and re-assessments), addenda and signing."""
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from practice.clients.forms import strip, text
from practice.clients.validators import PastDate
from practice.core.forms import DayField, MultiCheckboxField, select_choices
from practice.core.locking import VersionedForm, version_of
from practice.core.once import OnceFormMixin
from practice.intakes.models import ConditionType, Intake
from practice.intakes.scoring import REGION_CHOICES, SEVERITY_ITEMS, SOMATIC_ITEMS, SymptomItem
from practice.intakes.systems import NOTE_MAX_LENGTH, REVIEW_SYSTEMS, ReviewSystem, normalize_review

SYMPTOM_ITEMS = SEVERITY_ITEMS + SOMATIC_ITEMS
RATE_PAIN = "Rate the pain from 0 to 10."
#: Intake columns the form edits directly (the rest are converted in ``values``).
TEXT_FIELDS = ("chief_complaint", "complaint_history", "medications", "goals", "notes")


YES_NO = select_choices([("yes", "Yes"), ("no", "No")])


def _symptom(item: SymptomItem) -> RadioField:
    return RadioField(item.label, choices=select_choices(item.choices), coerce=int,
                      validators=[Optional()])


def _pain(label: str) -> IntegerField:
    return IntegerField(label, [Optional(), NumberRange(0, 10, message=RATE_PAIN)],
                        render_kw={"min": 0, "max": 10, "inputmode": "numeric"},
                        description="0 no pain, 10 worst pain imaginable.")


def _review_form(system: ReviewSystem) -> type[Form]:
    class SystemReviewForm(Form):
        findings = MultiCheckboxField(f"{system.label}: findings",
                                      choices=select_choices(system.findings))
        note = TextAreaField(f"{system.label} note", [Optional(), Length(max=NOTE_MAX_LENGTH)],
                             filters=[strip], render_kw={"rows": 2})

    return SystemReviewForm


def _review_field_name(system: ReviewSystem) -> str:
    return f"review_{system.key}"


def _condition_type_id(value) -> int:
    """The chosen type's id; 0 for none chosen, -1 (never offered) for anything unreadable."""
    if value in (None, ""):
        return 0
    text_value = str(value).strip()
    return int(text_value) if text_value.isascii() and text_value.isdigit() and \
        len(text_value) < 10 else -1


class IntakeForm(OnceFormMixin, VersionedForm):
    """Every answer may wait on a draft; one that is given must be valid. Signing checks that
    the required ones are there (``Intake.missing_answers``).

    ``form_key`` makes a new intake's form make its draft once however often it is sent
    (``core.once``), and names the editing visit its autosaves are audited under."""

    assessed_on = DayField("Date of assessment", [Optional(), PastDate(30, "date of assessment")])
    condition_type_id = SelectField(
        "Condition profile", coerce=_condition_type_id,
        description="The practitioner's classification (e.g. a qigong typing), not a medical "
                    "diagnosis.")
    chief_complaint = text("Chief complaint", 1000, field_class=TextAreaField,
                           render_kw={"rows": 2})
    complaint_history = text("History of the complaint", 5000, field_class=TextAreaField,
                             render_kw={"rows": 4})
    symptoms_3_months = RadioField(
        "Symptoms at a similar level for at least 3 months?", choices=YES_NO,
        validators=[Optional()])
    medications = text("Medications", 2000, field_class=TextAreaField, render_kw={"rows": 2})
    goals = text("Goals", 2000, field_class=TextAreaField, render_kw={"rows": 2},
                 description="What the client hopes to change, in their words.")
    #: Choices are set per form: the body-map macro reads them as (key, label) pairs.
    painful_regions = SelectMultipleField("Painful regions")
    fatigue = _symptom(SEVERITY_ITEMS[0])
    waking_unrefreshed = _symptom(SEVERITY_ITEMS[1])
    cognitive_symptoms = _symptom(SEVERITY_ITEMS[2])
    headaches = _symptom(SOMATIC_ITEMS[0])
    lower_abdominal_pain = _symptom(SOMATIC_ITEMS[1])
    depression = _symptom(SOMATIC_ITEMS[2])
    pain_overall = _pain("Pain overall (0-10)")
    pain_neck_shoulders = _pain("Neck and shoulder pain (0-10)")
    notes = text("Notes", 10000, field_class=TextAreaField, render_kw={"rows": 4})
    precautions_reviewed = BooleanField(
        "I went through the precautions checklist with the client today and it is up to date",
        description="Signing asks for it. If anything changed, update the checklist first.")

    def __init__(self, *args, condition_types: list[ConditionType] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.painful_regions.choices = list(REGION_CHOICES)
        self.condition_type_id.choices = select_choices(
            [(0, "Choose a profile")] +
            [(ct.id, ct.name if ct.is_active else f"{ct.name} (retired)") for ct in condition_types])

    @property
    def symptom_fields(self):
        return [getattr(self, item.key) for item in SYMPTOM_ITEMS]

    @property
    def review_fields(self):
        """(system, subform field) for each system of the review, in order."""
        return [(system, getattr(self, _review_field_name(system))) for system in REVIEW_SYSTEMS]

    def values(self) -> dict:
        """The intake's column values from the submitted answers."""
        values = {name: getattr(self, name).data or None for name in TEXT_FIELDS}
        values.update(
            assessed_on=self.assessed_on.data,
            condition_type_id=self.condition_type_id.data or None,
            symptoms_3_months={"yes": True, "no": False}.get(self.symptoms_3_months.data),
            painful_regions=list(dict.fromkeys(self.painful_regions.data or ())),
            pain_overall=self.pain_overall.data,
            pain_neck_shoulders=self.pain_neck_shoulders.data,
            systems_review=normalize_review({system.key: field.data
                                             for system, field in self.review_fields}),
            precautions_reviewed=True if self.precautions_reviewed.data else None,
        )
        values.update({item.key: getattr(self, item.key).data for item in SYMPTOM_ITEMS})
        return values


for _system in REVIEW_SYSTEMS:
    setattr(IntakeForm, _review_field_name(_system), FormField(_review_form(_system),
                                                               label=_system.label))


def intake_form_data(intake: Intake) -> dict:
    """Form data that shows ``intake`` as stored (to edit it, or to compare in a conflict)."""
    data = {name: getattr(intake, name) for name in TEXT_FIELDS}
    data.update(
        version=version_of(intake),
        assessed_on=intake.assessed_on,
        condition_type_id=intake.condition_type_id or 0,
        symptoms_3_months={True: "yes", False: "no"}.get(intake.symptoms_3_months),
        painful_regions=list(intake.painful_regions or ()),
        pain_overall=intake.pain_overall,
        pain_neck_shoulders=intake.pain_neck_shoulders,
        precautions_reviewed=bool(intake.precautions_reviewed),
    )
    data.update({item.key: getattr(intake, item.key) for item in SYMPTOM_ITEMS})
    review = normalize_review(intake.systems_review)
    data.update({_review_field_name(system): review[system.key] for system in REVIEW_SYSTEMS})
    return data


class AddendumForm(OnceFormMixin, FlaskForm):
    """A dated correction; sent twice, it is added once (``core.once``)."""

    body = text("Addendum", 5000, field_class=TextAreaField, render_kw={"rows": 3},
                required_message="Write the correction or addition.",
                description="Dated and signed with your name; the signed intake stays as it was.")


class SignForm(VersionedForm):
    """Signing sends the version the practitioner read, so they sign what they saw."""
