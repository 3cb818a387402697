"""An intake as FHIR: its answers (QuestionnaireResponse), its scores (Observations) and the
note itself (Composition, addenda, Provenance of the signature).

Every answer goes into the QuestionnaireResponse, the body-map regions by name (codes of the
local WPI regions CodeSystem). The WPI, SSS and two pain ratings are Observations derived
from it; the PSD is derived from the WPI and SSS; the neck and shoulder rating carries its
body site.
"""
from practice.exports.fhir_common import Ids, compact, observation, record_status, score
from practice.exports.fhir_documents import note_documents, section
from practice.exports.fhir_terms import (
    DEFINITIONS_VERSION,
    FINDINGS_SYSTEM,
    HISTORY_AND_PHYSICAL,
    INTAKE_QUESTIONNAIRE,
    INTAKE_QUESTIONS,
    NECK_AND_SHOULDERS,
    REGIONS_SYSTEM,
    coding,
    measure,
    pain,
)
from practice.intakes.scoring import REGIONS_BY_KEY, WPI_REGIONS
from practice.intakes.systems import REVIEW_SYSTEMS

QUESTION_TEXTS = {link_id: text for link_id, text, _kind in INTAKE_QUESTIONS}
QR_STATUS = {"final": "completed", "preliminary": "in-progress",
             "entered-in-error": "entered-in-error"}


def intake_resources(ids: Ids, intake: dict, client: dict) -> list[dict]:
    response_ref = ids.ref("intake", intake["id"])
    observations = _score_observations(ids, intake, client, response_ref)
    title = f"Intake note of {intake['assessed_on']}" if intake["assessed_on"] else "Intake note"
    documents = note_documents(
        ids, "intake", intake, client, doc_type=HISTORY_AND_PHYSICAL, title=title,
        author_id=intake["author_id"], documents=[response_ref],
        sections=[section("Answers", entries=[response_ref]),
                  section("Scores", entries=[ids.ref("intake", intake["id"], part["id_part"])
                                             for part in observations])])
    return [_response(ids, intake, client), *(o["resource"] for o in observations), *documents]


def _response(ids: Ids, intake: dict, client: dict) -> dict:
    return compact(
        resourceType="QuestionnaireResponse", id=ids.resource_id("intake", intake["id"]),
        identifier=ids.identifier("intake", intake["id"])[0],
        questionnaire=f"{INTAKE_QUESTIONNAIRE}|{DEFINITIONS_VERSION}",
        status=QR_STATUS[record_status(intake)], subject=ids.ref("client", client["id"]),
        authored=intake.get("signed_at") or intake["updated_at"],
        author=ids.ref("user", intake["author_id"]), item=_answers(intake))


def _answers(intake: dict) -> list[dict]:
    items = []
    for link_id, text, kind in INTAKE_QUESTIONS:
        if link_id == "systems_review":
            groups = _review_groups(intake.get("systems_review") or {})
            if groups:
                items.append({"linkId": link_id, "text": text, "item": groups})
            continue
        answers = _answer_values(link_id, kind, intake)
        if answers:
            items.append({"linkId": link_id, "text": text, "answer": answers})
    return items


def _answer_values(link_id: str, kind: str, intake: dict) -> list[dict]:
    if link_id == "painful_regions":  # in the published order, as the intake page lists them
        chosen = intake.get("painful_regions") or []
        keys = [r.key for r in WPI_REGIONS if r.key in chosen]
        keys += [key for key in chosen if key not in REGIONS_BY_KEY]
        return [{"valueCoding": coding(REGIONS_SYSTEM, key, REGIONS_BY_KEY[key].label
                                       if key in REGIONS_BY_KEY else key)} for key in keys]
    value = intake.get(link_id)
    if value is None or value == "":
        return []
    value_type = {"date": "valueDate", "boolean": "valueBoolean",
                  "integer": "valueInteger"}.get(kind, "valueString")
    return [{value_type: value}]


def _review_groups(review: dict) -> list[dict]:
    groups = []
    for system in REVIEW_SYSTEMS:
        entry = review.get(system.key) or {}
        labels = system.finding_labels
        parts = []
        if entry.get("findings"):
            parts.append({"linkId": f"systems_review.{system.key}.findings", "text": "Findings",
                          "answer": [{"valueCoding": coding(
                              FINDINGS_SYSTEM, f"{system.key}.{key}",
                              f"{system.label}: {labels.get(key, key)}")}
                              for key in entry["findings"]]})
        if entry.get("note"):
            parts.append({"linkId": f"systems_review.{system.key}.note", "text": "Note",
                          "answer": [{"valueString": entry["note"]}]})
        if parts:
            groups.append({"linkId": f"systems_review.{system.key}", "text": system.label,
                           "item": parts})
    return groups


def _score_observations(ids: Ids, intake: dict, client: dict, response_ref: dict) -> list[dict]:
    """[{"id_part": ..., "resource": Observation}] for the scores and pain ratings given."""
    common = {"client_id": client["id"], "status": record_status(intake),
              "effective": intake["assessed_on"],
              "performer": [ids.ref("user", intake["author_id"])]}
    found = []

    def add(part: str, code: dict, value, **fields) -> None:
        found.append({"id_part": part, "resource": observation(
            ids, "intake", intake["id"], part, code=code, valueQuantity=score(value), **common,
            **fields)})

    if intake.get("wpi") is not None:  # a draft may leave a symptom answer out: no scores yet
        add("wpi", measure("wpi"), intake["wpi"], derivedFrom=[response_ref])
        add("sss", measure("sss"), intake["sss"], derivedFrom=[response_ref])
        add("psd", measure("psd"), intake["psd"],
            derivedFrom=[ids.ref("intake", intake["id"], "wpi"),
                         ids.ref("intake", intake["id"], "sss")],
            interpretation=[{"text": f"PSD band: {intake['psd_band'].replace('_', ' ')}"}])
    for part, text, site in (
            ("pain_overall", "Pain severity 0-10 (NRS), overall", None),
            ("pain_neck_shoulders", "Pain severity 0-10 (NRS), neck and shoulders",
             NECK_AND_SHOULDERS)):
        if intake.get(part) is not None:
            add(part, pain(text), intake[part], bodySite=site, derivedFrom=[response_ref])
    return found
