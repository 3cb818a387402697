"""The codes the FHIR export uses, and the practice's own code systems and intake form.

Published codes (LOINC, SNOMED CT, HL7 terminology) are used where one means exactly what
the app records; everything else has a code in a local CodeSystem whose canonical URL is
fixed here and documented in docs/fhir-mapping.md (every code with its source). The local
CodeSystems and the intake Questionnaire go into every bundle, so a reader finds each
local code's definition in the same file.
"""
from practice.intakes.scoring import SEVERITY_ITEMS, SOMATIC_ITEMS, WPI_REGIONS
from practice.intakes.systems import REVIEW_SYSTEMS
from practice.progress.models import MEASURES

UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
HL7_TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
#: The canonical base of the practice software's own definitions (the same in every practice).
CANONICAL_BASE = "https://qi-practice.org/fhir"
MEASURES_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/measures"
REGIONS_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/wpi-regions"
FINDINGS_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/systems-review-findings"
INTAKE_QUESTIONNAIRE = f"{CANONICAL_BASE}/Questionnaire/intake"
DEFINITIONS_VERSION = "1"

SURVEY = [{"coding": [{"system": f"{HL7_TERMINOLOGY}observation-category", "code": "survey",
                       "display": "Survey"}]}]


def coding(system: str, code: str, display: str) -> dict:
    return {"system": system, "code": code, "display": display}


#: LOINC 72514-3, for every 0-10 pain rating (overall, or at the body site given with it).
PAIN = coding(LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
#: SNOMED CT body structures: the neck and shoulder region a rating is about.
NECK = coding(SNOMED, "45048000", "Neck structure")
SHOULDER_REGION = coding(SNOMED, "16982005", "Shoulder region structure")
NECK_AND_SHOULDERS = {"coding": [NECK, SHOULDER_REGION], "text": "Neck and shoulders"}
#: LOINC document types and the SOAP sections of a session note.
PROGRESS_NOTE = coding(LOINC, "11506-3", "Progress note")
HISTORY_AND_PHYSICAL = coding(LOINC, "34117-2", "History and physical note")
SOAP_SECTIONS = (
    ("subjective", "Subjective", coding(LOINC, "61150-9", "Subjective Narrative")),
    ("objective", "Objective", coding(LOINC, "61149-1", "Objective Narrative")),
    ("assessment", "Assessment", coding(LOINC, "51848-0", "Evaluation note")),
    ("plan_note", "Plan", coding(LOINC, "18776-5", "Plan of care note")),
)
#: A signature: HL7 v3 DocumentCompletion "legally authenticated".
LEGALLY_AUTHENTICATED = coding(f"{HL7_TERMINOLOGY}v3-DocumentCompletion", "LA",
                               "legally authenticated")
LEGAL_AUTHENTICATOR = coding(f"{HL7_TERMINOLOGY}provenance-participant-type", "legal",
                             "Legal Authenticator")
AUTHOR = coding(f"{HL7_TERMINOLOGY}provenance-participant-type", "author", "Author")
PRIMARY_PERFORMER = coding(f"{HL7_TERMINOLOGY}v3-ParticipationType", "PPRF",
                           "primary performer")
AMBULATORY = coding(f"{HL7_TERMINOLOGY}v3-ActCode", "AMB", "ambulatory")
EMERGENCY_CONTACT = coding(f"{HL7_TERMINOLOGY}v2-0131", "C", "Emergency Contact")
CLINICAL_FLAG = coding(f"{HL7_TERMINOLOGY}flag-category", "clinical", "Clinical")

#: The local measures: (code, display, definition).
LOCAL_MEASURES = (
    ("wpi", "Widespread Pain Index (WPI) 0-19, ACR 2016",
     "Number of the 19 body regions with pain in the past week (Wolfe et al. 2016)."),
    ("sss", "Symptom Severity Scale (SSS) 0-12, ACR 2016",
     "Fatigue, waking unrefreshed and cognitive symptoms (0-3 each, past week) plus headaches, "
     "lower abdominal pain and depression (0-1 each, past 6 months)."),
    ("psd", "Polysymptomatic Distress (PSD = WPI + SSS) 0-31",
     "The sum of the WPI and the SSS."),
    *((f"check-in-{name.replace('_', '-')}", f"{label} 0-10 (NRS: {scale})",
       f"Self-rated {label.lower()} on a 0-10 numeric rating scale ({scale}).")
      for name, label, scale in MEASURES if name not in ("pain", "neck_shoulder_pain")),
    ("daily-check-in", "Daily check-in: self-rated 0-10 scales",
     "A client's ratings of one day: pain, neck and shoulder pain, fatigue, sleep quality, fog."),
    ("exercise-effort", "Perceived effort 0-10 (0 no effort, 10 maximum)",
     "How hard a home exercise felt, rated by the client right after doing it."),
)
MEASURE_DISPLAYS = {code: display for code, display, _definition in LOCAL_MEASURES}


def measure(code: str) -> dict:
    """A CodeableConcept of a local measure."""
    return {"coding": [coding(MEASURES_SYSTEM, code, MEASURE_DISPLAYS[code])],
            "text": MEASURE_DISPLAYS[code]}


def pain(text: str) -> dict:
    """A pain rating's code (a neck and shoulder rating carries ``NECK_AND_SHOULDERS`` as its
    body site beside it, so two ratings at one time differ by site, as FHIR expects)."""
    return {"coding": [PAIN], "text": text}


def _code_system(key: str, url: str, title: str, description: str, concepts) -> dict:
    return {"resourceType": "CodeSystem", "id": key, "url": url, "version": DEFINITIONS_VERSION,
            "name": title.replace(" ", ""), "title": title, "status": "active",
            "description": description, "caseSensitive": True, "content": "complete",
            "concept": [{"code": code, "display": display, **({"definition": definition}
                                                              if definition else {})}
                        for code, display, definition in concepts]}


def code_systems(ids) -> list[dict]:
    """The local CodeSystems, with ids unique to the practice's bundle."""
    systems = [
        ("measures", MEASURES_SYSTEM, "Qi Practice measures",
         "Scores and self-ratings recorded by Qi Practice that have no published code.",
         LOCAL_MEASURES),
        ("wpi-regions", REGIONS_SYSTEM, "Widespread Pain Index regions",
         "The 19 body regions of the ACR 2016 Widespread Pain Index, as the body map names them.",
         [(region.key, region.label, None) for region in WPI_REGIONS]),
        ("systems-review-findings", FINDINGS_SYSTEM, "Systems review findings",
         "The findings a practitioner ticks in an intake's systems review, per body system.",
         [(f"{system.key}.{key}", f"{system.label}: {label}", None)
          for system in REVIEW_SYSTEMS for key, label in system.findings]),
    ]
    resources = []
    for key, url, title, description, concepts in systems:
        resource = _code_system(key, url, title, description, concepts)
        resource["id"] = ids.resource_id("code-system", key)
        resources.append(resource)
    return resources


#: The intake form's questions: (linkId, text, type), in form order. Region, SSS and
#: systems-review items are added from the scoring and systems modules.
INTAKE_QUESTIONS = (
    ("assessed_on", "Date of assessment", "date"),
    ("condition_type", "Condition profile", "string"),
    ("chief_complaint", "Chief complaint", "text"),
    ("complaint_history", "History of the complaint", "text"),
    ("symptoms_3_months", "Symptoms at a similar level for at least 3 months?", "boolean"),
    ("painful_regions", "Painful regions in the past week (Widespread Pain Index)", "choice"),
    *((item.key, item.label, "integer") for item in SEVERITY_ITEMS + SOMATIC_ITEMS),
    ("pain_overall", "Pain overall (0-10)", "integer"),
    ("pain_neck_shoulders", "Neck and shoulder pain (0-10)", "integer"),
    ("systems_review", "Systems review", "group"),
    ("medications", "Medications", "text"),
    ("goals", "Goals", "text"),
    ("notes", "Notes", "text"),
)


def intake_questionnaire(ids) -> dict:
    items = []
    for link_id, text, kind in INTAKE_QUESTIONS:
        item = {"linkId": link_id, "text": text, "type": kind}
        if link_id == "painful_regions":
            item["repeats"] = True
            item["answerOption"] = [{"valueCoding": coding(REGIONS_SYSTEM, r.key, r.label)}
                                    for r in WPI_REGIONS]
        elif link_id == "systems_review":
            item["item"] = [{"linkId": f"systems_review.{system.key}", "text": system.label,
                             "type": "group", "item": [
                                 {"linkId": f"systems_review.{system.key}.findings",
                                  "text": "Findings", "type": "choice", "repeats": True,
                                  "answerOption": [{"valueCoding": coding(
                                      FINDINGS_SYSTEM, f"{system.key}.{key}",
                                      f"{system.label}: {label}")} for key, label in system.findings]},
                                 {"linkId": f"systems_review.{system.key}.note", "text": "Note",
                                  "type": "text"}]}
                            for system in REVIEW_SYSTEMS]
        items.append(item)
    return {"resourceType": "Questionnaire", "id": ids.resource_id("questionnaire", "intake"),
            "url": INTAKE_QUESTIONNAIRE, "version": DEFINITIONS_VERSION, "name": "IntakeNote",
            "title": "Qi Practice intake note", "status": "active",
            "subjectType": ["Patient"], "item": items}
