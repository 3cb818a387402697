"""Clients, their intake notes with addenda, and the condition types intakes use."""
from functools import lru_cache

from sqlalchemy.orm import selectinload

from practice.clients.models import Client
from practice.exports.base import Derived, Exporter, column
from practice.exports.records.common import SIGNING_COLUMNS, addenda_exporter
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.intakes.scoring import SEVERITY_ITEMS, SOMATIC_ITEMS, score

CONDITION_TYPES = Exporter(
    key="condition_types", title="Condition types",
    description="The practice's list of condition profiles an intake can name.",
    model=ConditionType,
    columns=(
        column("id", "Condition type number (intakes.condition_type_id)."),
        column("name", "Name, e.g. “Type 1 - Immune hypersensitivity”."),
        column("description", "What the type means."),
        column("is_active", "false once retired: kept on old intakes, no longer offered."),
        column("position", "Order in the list."),
    ),
)

CLIENTS = Exporter(
    key="clients", title="Clients",
    description="The people in the practice's care, archived ones included.",
    model=Client, client_column=Client.id, section_order=1,
    columns=(
        column("id", "Client number; client_id in the other files."),
        column("practitioner_id", "The practitioner responsible (users.id)."),
        column("portal_user_id", "The client's own portal account (users.id), if invited."),
        column("given_name", "Given name."),
        column("family_name", "Family name."),
        column("family_name_first", "true where the name is shown family name first "
                                    "(“Chen Mei”)."),
        column("date_of_birth", "Date of birth (YYYY-MM-DD)."),
        column("pronouns", "Pronouns."),
        column("email", "Email address."),
        column("phone", "Phone number."),
        column("address", "Postal address."),
        column("emergency_contact_name", "Emergency contact's name."),
        column("emergency_contact_phone", "Emergency contact's phone number."),
        column("notes", "General notes."),
        column("created_at", "When the record was created (UTC)."),
        column("updated_at", "When the client's details last changed (UTC)."),
        column("last_activity_at", "When anything was last recorded about the client (UTC)."),
        column("archived_at", "When the record was archived (UTC); empty while current."),
        column("record_released_at", "When the practitioner released the record for the client "
                                     "to download from the portal (UTC); empty if not."),
    ),
)


_SCORED_ITEMS = tuple(item.key for item in SEVERITY_ITEMS + SOMATIC_ITEMS)
#: What the scores are worked out from.
_SCORE_SOURCES = ("painful_regions", *_SCORED_ITEMS, "symptoms_3_months")


#: Enough for a page of intakes (``collect.BATCH_SIZE``): the plain reader works out one
#: column of a whole page, then the next.
@lru_cache(maxsize=1024)
def _scored(regions: tuple, answers: tuple, symptoms_3_months):
    return score(regions, *answers, symptoms_3_months)


def _score_column(name: str, description: str):
    """A derived score; empty while a draft leaves a symptom severity answer out.

    ``Intake.scores`` as the export reads it: the scores are a function of the answers, so
    the six score columns of an intake (and intakes answered alike) work them out once.
    """
    def of(painful_regions, *answers_and_duration):
        answers = answers_and_duration[:-1]
        if None in answers:
            return None
        scores = _scored(tuple(painful_regions or ()), answers, answers_and_duration[-1])
        return getattr(scores, name, None)

    return column(name, description,
                  lambda intake: of(*(getattr(intake, source) for source in _SCORE_SOURCES)),
                  derived=Derived(_SCORE_SOURCES, of))


def _condition_label(signed_at, name_at_signing, current_name):
    """``Intake.condition_label`` from the intake's columns and its condition type's name."""
    return name_at_signing if signed_at is not None else current_name


INTAKES = Exporter(
    key="intakes", title="Intake notes",
    description="Structured intake notes and re-assessments, with the ACR 2016 fibromyalgia "
                "scores derived from the answers (a screening aid, not a diagnosis).",
    model=Intake, client_column=Intake.client_id,
    parent="clients", parent_column=Intake.client_id,
    options=(selectinload(Intake.condition_type),),
    columns=(
        column("id", "Intake number."),
        column("client_id", "The client (clients.id)."),
        column("author_id", "The practitioner who wrote it (users.id)."),
        column("assessed_on", "Day of the assessment (YYYY-MM-DD, practice time zone)."),
        column("condition_type_id", "Condition profile (condition_types.id)."),
        column("condition_type", "Condition profile name (on a signed intake, as it was when "
                                 "signed).", lambda intake: intake.condition_label,
               derived=Derived(("signed_at", "condition_type_name", "condition_type.name"),
                               _condition_label)),
        column("condition_type_name", "Condition profile name kept at signing; empty on drafts."),
        column("chief_complaint", "Chief complaint, in the practitioner's words."),
        column("complaint_history", "History of the complaint."),
        column("symptoms_3_months", "Symptoms at a similar level for at least 3 months."),
        column("painful_regions", "Widespread Pain Index regions with pain in the past week "
                                  "(keys, e.g. neck, shoulder_girdle_left)."),
        _score_column("wpi", "Widespread Pain Index, 0-19 (derived)."),
        column("fatigue", "SSS fatigue, past week, 0-3."),
        column("waking_unrefreshed", "SSS waking unrefreshed, past week, 0-3."),
        column("cognitive_symptoms", "SSS cognitive symptoms, past week, 0-3."),
        column("headaches", "SSS headaches in the past 6 months, 0 no / 1 yes."),
        column("lower_abdominal_pain", "SSS pain or cramps in the lower abdomen, past 6 months, "
                                       "0 no / 1 yes."),
        column("depression", "SSS depression in the past 6 months, 0 no / 1 yes."),
        _score_column("sss", "Symptom Severity Scale, 0-12 (derived)."),
        _score_column("psd", "Polysymptomatic Distress = WPI + SSS, 0-31 (derived)."),
        _score_column("psd_band", "PSD band: none, mild, moderate, severe, very_severe "
                                  "(derived)."),
        _score_column("generalized_pain", "Pain in at least 4 of the 5 body regions (derived)."),
        _score_column("criteria_met", "ACR 2016 criteria met (derived)."),
        column("pain_overall", "Overall pain, 0-10 numeric rating scale (0 none, 10 worst "
                               "imaginable)."),
        column("pain_neck_shoulders", "Neck and shoulder pain, 0-10 numeric rating scale."),
        column("systems_review", "Systems review: per system (lymphatic, endocrine, digestive, "
                                 "sleep, ...) the flags ticked and a note, as JSON."),
        column("medications", "Medications."),
        column("goals", "The client's goals."),
        column("notes", "Other notes."),
        column("precautions_reviewed", "The precautions checklist was gone through with the "
                                       "client at this intake (true; empty before that was "
                                       "asked)."),
        column("precautions_at_signing", "What the precautions checklist held when the intake "
                                         "was signed, one line per item (JSON list)."),
        column("created_at", "When it was written (UTC)."),
        column("updated_at", "When the draft last changed (UTC)."),
        column("discarded_at", "When a draft was set aside (UTC): kept, not part of the record."),
        *SIGNING_COLUMNS,
    ),
)

INTAKE_ADDENDA = addenda_exporter(
    key="intake_addenda", title="Intake addenda",
    description="Dated corrections or additions to signed intake notes.",
    model=IntakeAddendum, to_parent=IntakeAddendum.intake, parent="intakes", parent_label="intake")

EXPORTERS = [CONDITION_TYPES, CLIENTS, INTAKES, INTAKE_ADDENDA]
