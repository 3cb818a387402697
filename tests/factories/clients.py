"""Test data builders for intakes and the form posts of client pages: plain functions."""
from datetime import date, timedelta

from practice.core.extensions import db
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.intakes.systems import normalize_review

#: A typical first intake: neck and shoulder pain spreading, poor sleep, fog.
INTAKE_DEFAULTS = {
    "chief_complaint": "Neck and shoulder pain, worse in the evening",
    "complaint_history": "Started after a viral illness two years ago.",
    "symptoms_3_months": True,
    "medications": "Amitriptyline 10 mg at night",
    "goals": "Sleep through the night; carry shopping without pain",
    "notes": "Responds well to gentle breathing work.",
    "painful_regions": ["neck", "upper_back", "shoulder_girdle_left", "shoulder_girdle_right",
                        "upper_arm_left", "lower_back", "hip_right", "upper_leg_left"],
    "fatigue": 2, "waking_unrefreshed": 3, "cognitive_symptoms": 2,
    "headaches": 1, "lower_abdominal_pain": 0, "depression": 0,
    "pain_overall": 7, "pain_neck_shoulders": 8,
    "precautions_reviewed": True,
}


def condition_type(name: str = "Type 1 - Immune hypersensitivity") -> ConditionType:
    return db.session.scalar(db.select(ConditionType).where(ConditionType.name == name))


def make_intake(client, *, author=None, signed: bool = False, days_ago: int = 10,
                review: dict | None = None, **fields) -> Intake:
    values = {**INTAKE_DEFAULTS, **fields}
    values.setdefault("assessed_on", date.today() - timedelta(days=days_ago))
    if "condition_type_id" not in values:
        values["condition_type_id"] = condition_type().id
    intake = Intake(client=client, author=author or client.practitioner,
                    systems_review=normalize_review(review), **values)
    db.session.add(intake)
    db.session.flush()
    if signed:
        intake.sign(author or client.practitioner)
    db.session.commit()
    return intake


def make_addendum(intake, body: str = "Also takes magnesium at night.") -> IntakeAddendum:
    addendum = IntakeAddendum(intake=intake, author=intake.author, body=body)
    db.session.add(addendum)
    db.session.commit()
    return addendum


def client_form(**overrides) -> dict:
    """A valid client form post."""
    data = {"given_name": "Hannah", "family_name": "Price", "pronouns": "she/her",
            "date_of_birth": "1979-04-12", "email": "hannah@example.com",
            "phone": "020 7946 0101", "address": "1 Mill Lane\nLeeds",
            "emergency_contact_name": "Tom Price (husband)",
            "emergency_contact_phone": "+44 20 7946 0102", "notes": ""}
    data.update(overrides)
    return data


def intake_form(**overrides) -> dict:
    """A valid intake form post (assessed yesterday, Type 1, eight regions)."""
    data = {
        "assessed_on": (date.today() - timedelta(days=1)).isoformat(),
        "condition_type_id": str(condition_type().id),
        "chief_complaint": "Aching neck and shoulders, heavy arms",
        "complaint_history": "Two years, worse in winter.",
        "symptoms_3_months": "yes",
        "medications": "Pregabalin 75 mg",
        "goals": "Walk the dog every day",
        "painful_regions": ["neck", "upper_back", "shoulder_girdle_left",
                            "shoulder_girdle_right", "upper_arm_right", "lower_back",
                            "hip_left", "upper_leg_right"],
        "fatigue": "2", "waking_unrefreshed": "2", "cognitive_symptoms": "1",
        "headaches": "1", "lower_abdominal_pain": "0", "depression": "0",
        "pain_overall": "6", "pain_neck_shoulders": "8",
        "review_lymphatic-findings": ["swollen_nodes", "heaviness"],
        "review_lymphatic-note": "Tender nodes under the left jaw.",
        "review_sleep-findings": ["night_waking"],
        "review_sleep-note": "",
        "notes": "",
        "precautions_reviewed": "y",
    }
    data.update(overrides)
    return data
