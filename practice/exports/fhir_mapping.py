"""Records as FHIR R4 resources: pure functions from the export's row documents.

Client -> Patient (+ Flag for precautions); practitioner -> Practitioner; intake -> WPI,
SSS, PSD and pain Observations; session plan -> CarePlan (+ Goal); the assignments ->
one home-program CarePlan per client, each exercise log -> Procedure (+ Observations for
pain and effort afterwards); session -> Encounter (+ pain Observations before and after);
check-in -> one Observation with a component per rating.

The building blocks (ids, references, codes) are in fhir_common.py; plans, sessions and
the home program in fhir_care.py.
"""
from practice.exports.fhir_care import (
    check_in_observation,
    home_program_resources,
    plan_resources,
    session_resources,
)
from practice.exports.fhir_common import identifier, observation, pain_code, ref, resource_id, score
from practice.intakes.scoring import REGIONS_BY_KEY

STAFF_ROLES = {"practitioner", "admin"}


def practitioner(user: dict) -> dict | None:
    if user["role"] not in STAFF_ROLES:
        return None
    return {"resourceType": "Practitioner", "id": resource_id("user", user["id"]),
            "identifier": identifier("user", user["id"]), "active": user["status"] == "active",
            "name": [{"text": user["display_name"]}],
            "telecom": [{"system": "email", "value": user["email"], "use": "work"}]}


def patient_resources(client: dict) -> list[dict]:
    """The client's Patient, a Flag for precautions, and every record under them."""
    resources = [_patient(client)]
    if client.get("precautions"):
        resources.append({
            "resourceType": "Flag", "id": resource_id("client", client["id"], "precautions"),
            "status": "inactive" if client["archived_at"] else "active",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/flag-category",
                                      "code": "clinical", "display": "Clinical"}]}],
            "code": {"text": f"Precautions: {client['precautions']}"},
            "subject": ref("client", client["id"])})
    for intake in client.get("intakes", []):
        resources += intake_observations(intake, client)
    for plan in client.get("plans", []):
        resources += plan_resources(plan, client)
    for session in client.get("sessions", []):
        resources += session_resources(session, client)
    resources += home_program_resources(client)
    resources += [check_in_observation(check_in, client) for check_in in client.get("check_ins", [])]
    return resources


def _patient(client: dict) -> dict:
    telecom = [{"system": system, "value": client[key], "use": "home"}
               for system, key in (("phone", "phone"), ("email", "email")) if client.get(key)]
    patient = {"resourceType": "Patient", "id": resource_id("client", client["id"]),
               "identifier": identifier("client", client["id"]),
               "active": client["archived_at"] is None,
               "name": [{"use": "official", "family": client["family_name"],
                         "given": [client["given_name"]]}],
               "generalPractitioner": [ref("user", client["practitioner_id"])]}
    if telecom:
        patient["telecom"] = telecom
    if client.get("date_of_birth"):
        patient["birthDate"] = client["date_of_birth"]
    if client.get("address"):
        patient["address"] = [{"text": client["address"]}]
    if client.get("emergency_contact_name") or client.get("emergency_contact_phone"):
        contact = {"relationship": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C",
            "display": "Emergency Contact"}]}]}
        if client.get("emergency_contact_name"):
            contact["name"] = {"text": client["emergency_contact_name"]}
        if client.get("emergency_contact_phone"):
            contact["telecom"] = [{"system": "phone", "value": client["emergency_contact_phone"]}]
        patient["contact"] = [contact]
    return patient


def intake_observations(intake: dict, client: dict) -> list[dict]:
    common = {"client_id": client["id"], "effective": intake["assessed_on"],
              "status": ("entered-in-error" if intake.get("discarded_at") else
                         "final" if intake["signed_at"] else "preliminary"),
              "performer": [ref("user", intake["author_id"])]}
    regions = [{"code": {"text": REGIONS_BY_KEY[key].label if key in REGIONS_BY_KEY else key},
                "valueBoolean": True} for key in intake["painful_regions"] or []]
    observations = [] if intake["wpi"] is None else [  # a draft may have no scores yet
        observation("intake", intake["id"], "wpi", **common,
                     code={"text": "Widespread Pain Index (WPI) 0-19, ACR 2016"},
                     valueQuantity=score(intake["wpi"]), component=regions or None),
        observation("intake", intake["id"], "sss", **common,
                     code={"text": "Symptom Severity Scale (SSS) 0-12, ACR 2016"},
                     valueQuantity=score(intake["sss"])),
        observation("intake", intake["id"], "psd", **common,
                     code={"text": "Polysymptomatic Distress (PSD = WPI + SSS) 0-31"},
                     valueQuantity=score(intake["psd"]),
                     interpretation=[{"text": f"PSD band: {intake['psd_band'].replace('_', ' ')}"}]),
    ]
    for part, text in (("pain_overall", "Pain severity 0-10 (NRS), overall"),
                       ("pain_neck_shoulders", "Pain severity 0-10 (NRS), neck and shoulders")):
        if intake.get(part) is not None:
            observations.append(observation("intake", intake["id"], part, **common,
                                             code=pain_code(text),
                                             valueQuantity=score(intake[part])))
    return observations
