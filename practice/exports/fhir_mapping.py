"""Records as FHIR R4B resources: pure functions from the export's row documents.

The practice -> Organization; staff -> Practitioner; client -> Patient (managed by the
Organization), CareTeam (their practitioner), and every record under them: intakes
(practice/exports/fhir_intake.py), plans and sessions (fhir_care.py), the home program and
check-ins (fhir_home.py), the precautions checklist, referrals, consent and appointments
(fhir_safety.py).
docs/fhir-mapping.md describes each resource.
"""
from practice.exports.fhir_care import plan_resources, session_resources
from practice.exports.fhir_common import Ids, compact
from practice.exports.fhir_home import check_in_resources, home_program_resources
from practice.exports.fhir_intake import intake_resources
from practice.exports.fhir_safety import (
    appointment,
    consent_resources,
    precaution_flag,
    referral_request,
)
from practice.exports.fhir_terms import EMERGENCY_CONTACT

STAFF_ROLES = {"practitioner", "admin"}


def organization(ids: Ids, practice: dict) -> dict:
    telecom = [{"system": system, "value": practice[key], "use": "work"}
               for system, key in (("phone", "phone"), ("email", "email"), ("url", "website"))
               if practice.get(key)]
    return compact(
        resourceType="Organization", id=ids.resource_id("organization", "practice"),
        identifier=[{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{ids.practice}"}],
        active=True, name=practice["name"], telecom=telecom,
        address=[{"text": practice["address"]}] if practice.get("address") else None)


def practitioner(ids: Ids, user: dict) -> dict | None:
    if user["role"] not in STAFF_ROLES:
        return None
    return {"resourceType": "Practitioner", "id": ids.resource_id("user", user["id"]),
            "identifier": ids.identifier("user", user["id"]),
            "active": user["status"] == "active",
            "name": [{"text": user["display_name"]}],
            "telecom": [{"system": "email", "value": user["email"], "use": "work"}]}


def patient_resources(ids: Ids, client: dict, exercises: dict[int, dict]) -> list[dict]:
    """The client's Patient, CareTeam, a Flag per precaution (current or ended), and every
    record under them."""
    resources = [_patient(ids, client), _care_team(ids, client)]
    resources += [precaution_flag(ids, item, client) for item in client.get("precautions", [])]
    for intake in client.get("intakes", []):
        resources += intake_resources(ids, intake, client)
    for plan in client.get("plans", []):
        resources += plan_resources(ids, plan, client)
    for session in client.get("sessions", []):
        resources += session_resources(ids, session, client)
    resources += home_program_resources(ids, client, exercises)
    for check_in in client.get("check_ins", []):
        resources += check_in_resources(ids, check_in, client)
    resources += [referral_request(ids, referral, client) for referral in client.get("referrals", [])]
    resources += consent_resources(ids, client.get("consent_records", []), client)
    resources += _appointments(ids, client, resources)
    return resources


def _appointments(ids: Ids, client: dict, resources: list[dict]) -> list[dict]:
    """The client's appointments; a session recorded for one names it (``Encounter.appointment``)."""
    booked = [appointment(ids, item, client) for item in client.get("appointments", [])]
    encounters = {resource["id"]: resource for resource in resources
                  if resource["resourceType"] == "Encounter"}
    for item in client.get("appointments", []):
        if item.get("session_id"):
            encounter = encounters.get(ids.resource_id("session", item["session_id"]))
            if encounter is not None:
                encounter.setdefault("appointment", []).append(ids.ref("appointment", item["id"]))
    return booked


def _care_team(ids: Ids, client: dict) -> dict:
    """Who looks after the client: their practitioner, in the practice (not a GP)."""
    return {"resourceType": "CareTeam", "id": ids.resource_id("client", client["id"], "care-team"),
            "status": "inactive" if client["archived_at"] else "active",
            "name": "Medical qigong care", "subject": ids.ref("client", client["id"]),
            "participant": [{"role": [{"text": "Responsible practitioner"}],
                             "member": ids.ref("user", client["practitioner_id"]),
                             "onBehalfOf": ids.organization}],
            "managingOrganization": [ids.organization]}


def _patient(ids: Ids, client: dict) -> dict:
    telecom = [{"system": system, "value": client[key], "use": "home"}
               for system, key in (("phone", "phone"), ("email", "email")) if client.get(key)]
    contact = None
    if client.get("emergency_contact_name") or client.get("emergency_contact_phone"):
        contact = [compact(
            relationship=[{"coding": [EMERGENCY_CONTACT]}],
            name={"text": client["emergency_contact_name"]}
            if client.get("emergency_contact_name") else None,
            telecom=[{"system": "phone", "value": client["emergency_contact_phone"]}]
            if client.get("emergency_contact_phone") else None)]
    return compact(
        resourceType="Patient", id=ids.resource_id("client", client["id"]),
        identifier=ids.identifier("client", client["id"]),
        active=client["archived_at"] is None,
        name=[{"use": "official", "family": client["family_name"],
               "given": [client["given_name"]]}],
        telecom=telecom, birthDate=client.get("date_of_birth"),
        address=[{"text": client["address"]}] if client.get("address") else None,
        contact=contact, managingOrganization=ids.organization)
