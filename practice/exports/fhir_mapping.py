"""Records as FHIR R4 resources: pure functions from the export's row documents.

Client -> Patient (+ Flag for precautions); practitioner -> Practitioner; intake -> WPI,
SSS, PSD and pain Observations; session plan -> CarePlan (+ Goal); the assignments ->
one home-program CarePlan per client, each exercise log -> Procedure (+ Observations for
pain and effort afterwards); session -> Encounter (+ pain Observations before and after);
check-in -> one Observation with a component per rating.

Every resource gets a deterministic id, uuid5 of its record, and the bundle refers to it
as ``urn:uuid:<id>``, so references resolve inside the bundle and the same record keeps
its id from one export to the next.
"""
import html
import uuid
from datetime import datetime, timedelta

from practice.clients.scoring import REGIONS_BY_KEY
from practice.progress.models import MEASURES

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qi-practice.org/fhir/export")
IDENTIFIER_SYSTEM = "urn:qi-practice:"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
#: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
PAIN_CODING = {"system": LOINC, "code": "72514-3",
               "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PLAN_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
GOAL_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
ACTIVITY_STATUS = {"active": "in-progress", "paused": "on-hold", "completed": "completed"}
STAFF_ROLES = {"practitioner", "admin"}


def resource_id(kind: str, record_id, *part: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join([kind, str(record_id), *part])))


def ref(kind: str, record_id, *part: str) -> dict:
    return {"reference": f"urn:uuid:{resource_id(kind, record_id, *part)}"}


def entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _identifier(kind: str, record_id) -> list[dict]:
    return [{"system": f"{IDENTIFIER_SYSTEM}{kind}-id", "value": str(record_id)}]


def _score(value: int) -> dict:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


def _category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _observation(kind: str, record_id, part: str, *, client_id, code: dict, status: str,
                 effective: str, **fields) -> dict:
    resource = {"resourceType": "Observation", "id": resource_id(kind, record_id, part),
                "status": status, "category": _category("survey", "Survey"), "code": code,
                "subject": ref("client", client_id), "effectiveDateTime": effective}
    resource.update({key: value for key, value in fields.items() if value is not None})
    return resource


def _pain_code(text: str) -> dict:
    return {"coding": [PAIN_CODING], "text": text}


def _performer(user_id, client: dict) -> dict:
    """A user as a performer: the client themselves, or a member of staff."""
    if user_id is not None and user_id == client.get("portal_user_id"):
        return ref("client", client["id"])
    return ref("user", user_id)


def practitioner(user: dict) -> dict | None:
    if user["role"] not in STAFF_ROLES:
        return None
    return {"resourceType": "Practitioner", "id": resource_id("user", user["id"]),
            "identifier": _identifier("user", user["id"]), "active": user["status"] == "active",
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
               "identifier": _identifier("client", client["id"]),
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
              "status": "final" if intake["signed_at"] else "preliminary",
              "performer": [ref("user", intake["author_id"])]}
    regions = [{"code": {"text": REGIONS_BY_KEY[key].label if key in REGIONS_BY_KEY else key},
                "valueBoolean": True} for key in intake["painful_regions"] or []]
    observations = [
        _observation("intake", intake["id"], "wpi", **common,
                     code={"text": "Widespread Pain Index (WPI) 0-19, ACR 2016"},
                     valueQuantity=_score(intake["wpi"]), component=regions or None),
        _observation("intake", intake["id"], "sss", **common,
                     code={"text": "Symptom Severity Scale (SSS) 0-12, ACR 2016"},
                     valueQuantity=_score(intake["sss"])),
        _observation("intake", intake["id"], "psd", **common,
                     code={"text": "Polysymptomatic Distress (PSD = WPI + SSS) 0-31"},
                     valueQuantity=_score(intake["psd"]),
                     interpretation=[{"text": f"PSD band: {intake['psd_band'].replace('_', ' ')}"}]),
    ]
    for part, text in (("pain_overall", "Pain severity 0-10 (NRS), overall"),
                       ("pain_neck_shoulders", "Pain severity 0-10 (NRS), neck and shoulders")):
        if intake.get(part) is not None:
            observations.append(_observation("intake", intake["id"], part, **common,
                                             code=_pain_code(text),
                                             valueQuantity=_score(intake[part])))
    return observations


def plan_resources(plan: dict, client: dict) -> list[dict]:
    activity_status = ACTIVITY_STATUS.get(plan["status"], "unknown")
    care_plan = {
        "resourceType": "CarePlan", "id": resource_id("plan", plan["id"]),
        "identifier": _identifier("plan", plan["id"]),
        "status": PLAN_STATUS.get(plan["status"], "unknown"), "intent": "plan",
        "category": [{"text": "Medical qigong session plan"}]
        + [{"text": f"Focus: {focus.replace('_', ' ')}"} for focus in plan["focus_systems"]],
        "title": plan["name"], "subject": ref("client", client["id"]),
        "period": {key: value for key, value in (("start", plan["start_date"]),
                                                  ("end", plan["end_date"])) if value},
        "created": plan["created_at"], "author": ref("user", plan["created_by_id"]),
        "description": (f"{plan['sessions_per_week']} session(s) a week for {plan['weeks']} "
                        "week(s)"),
        "activity": [{"detail": {
            "code": {"text": step["technique"]}, "status": activity_status,
            "description": "; ".join(part for part in (
                step.get("body_region"),
                f"{step['minutes']} minutes" if step.get("minutes") is not None else None,
                step.get("instructions")) if part) or step["technique"]}}
            for step in plan.get("steps", [])],
    }
    resources = [care_plan]
    if plan.get("goals"):
        goal = {"resourceType": "Goal", "id": resource_id("plan", plan["id"], "goal"),
                "lifecycleStatus": GOAL_STATUS.get(plan["status"], "active"),
                "description": {"text": plan["goals"]}, "subject": ref("client", client["id"]),
                "startDate": plan["start_date"]}
        care_plan["goal"] = [ref("plan", plan["id"], "goal")]
        resources.append(goal)
    if not care_plan["activity"]:
        del care_plan["activity"]
    return resources


def _end_of(started_at: str, minutes: int) -> str:
    return (datetime.fromisoformat(started_at) + timedelta(minutes=minutes)).isoformat()


def _soap_narrative(session: dict) -> dict | None:
    parts = [("Subjective", "subjective"), ("Objective", "objective"), ("Assessment", "assessment"),
             ("Plan", "plan_note"), ("Home program changes", "home_program_changes")]
    paragraphs = [f"<p><b>{label}:</b> {html.escape(session[key])}</p>"
                  for label, key in parts if session.get(key)]
    if not paragraphs:
        return None
    return {"status": "additional",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{"".join(paragraphs)}</div>'}


def session_resources(session: dict, client: dict) -> list[dict]:
    ended = _end_of(session["started_at"], session["duration_minutes"])
    encounter = {
        "resourceType": "Encounter", "id": resource_id("session", session["id"]),
        "identifier": _identifier("session", session["id"]),
        "status": "entered-in-error" if session["discarded_at"] else "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                  "display": "ambulatory"},
        "type": [{"text": "Medical qigong session"}],
        "subject": ref("client", client["id"]),
        "participant": [{"individual": ref("user", session["practitioner_id"])}],
        "period": {"start": session["started_at"], "end": ended},
        "length": {"value": session["duration_minutes"], "unit": "min", "system": UCUM,
                   "code": "min"},
    }
    narrative = _soap_narrative(session)
    if narrative:
        encounter["text"] = narrative
    resources = [encounter]
    status = ("entered-in-error" if session["discarded_at"]
              else "final" if session["signed_at"] else "preliminary")
    for key, text, when in (
            ("pain_before", "Pain severity 0-10 (NRS), overall, before the session",
             session["started_at"]),
            ("pain_after", "Pain severity 0-10 (NRS), overall, after the session", ended),
            ("neck_shoulder_pain_before", "Pain severity 0-10 (NRS), neck and shoulders, "
                                          "before the session", session["started_at"]),
            ("neck_shoulder_pain_after", "Pain severity 0-10 (NRS), neck and shoulders, "
                                         "after the session", ended)):
        if session.get(key) is not None:
            resources.append(_observation(
                "session", session["id"], key, client_id=client["id"], code=_pain_code(text),
                status=status, effective=when, valueQuantity=_score(session[key]),
                encounter=ref("session", session["id"]),
                performer=[ref("user", session["practitioner_id"])]))
    return resources


def _assignment_status(assignment: dict) -> str:
    if assignment["stopped_on"]:
        return "stopped"
    return "in-progress"


def home_program_resources(client: dict) -> list[dict]:
    """One CarePlan for the client's home program (an activity per assignment) and its logs."""
    assignments = client.get("assignments", [])
    if not assignments:
        return []
    statuses = [_assignment_status(a) for a in assignments]
    care_plan = {
        "resourceType": "CarePlan", "id": resource_id("client", client["id"], "home-program"),
        "status": "active" if "in-progress" in statuses else "completed", "intent": "plan",
        "category": [{"text": "Home exercise program"}], "title": "Home exercise program",
        "subject": ref("client", client["id"]),
        "activity": [{"detail": {
            "code": {"text": assignment["exercise_name"]}, "status": status,
            "scheduledPeriod": {key: value for key, value in (
                ("start", assignment["starts_on"]),
                ("end", assignment["stopped_on"] or assignment["ends_on"])) if value},
            "performer": [ref("client", client["id"])],
            "description": ". ".join(part for part in (assignment["dose"], assignment.get("notes"))
                                     if part)}}
            for assignment, status in zip(assignments, statuses, strict=True)],
    }
    resources = [care_plan]
    for assignment in assignments:
        for log in assignment.get("logs", []):
            resources += log_resources(log, assignment, client)
    return resources


def log_resources(log: dict, assignment: dict, client: dict) -> list[dict]:
    procedure = {"resourceType": "Procedure", "id": resource_id("exercise-log", log["id"]),
                 "status": "completed", "code": {"text": assignment["exercise_name"]},
                 "category": {"text": "Home exercise"},
                 "subject": ref("client", client["id"]),
                 "basedOn": [ref("client", client["id"], "home-program")],
                 "performedDateTime": log["logged_at"],
                 "performer": [{"actor": ref("client", client["id"])}]}
    if log.get("note"):
        procedure["note"] = [{"text": log["note"]}]
    resources = [procedure]
    for key, code in (("pain_after", _pain_code("Pain severity 0-10 (NRS), right after the "
                                                "exercise")),
                      ("effort", {"text": "Perceived effort 0-10 (0 no effort, 10 maximum)"})):
        if log.get(key) is not None:
            resources.append(_observation(
                "exercise-log", log["id"], key, client_id=client["id"], code=code,
                status="final", effective=log["logged_at"], valueQuantity=_score(log[key]),
                partOf=[ref("exercise-log", log["id"])], performer=[ref("client", client["id"])]))
    return resources


def check_in_observation(check_in: dict, client: dict) -> dict:
    components = []
    for name, label, scale in MEASURES:
        if check_in.get(name) is None:
            continue
        text = f"{label} 0-10 (NRS: {scale})"
        code = _pain_code(text) if name == "pain" else {"text": text}
        components.append({"code": code, "valueQuantity": _score(check_in[name])})
    return _observation(
        "check-in", check_in["id"], "ratings", client_id=client["id"], status="final",
        code={"text": "Daily check-in: self-rated 0-10 scales"}, effective=check_in["checked_on"],
        performer=[_performer(check_in["recorded_by_id"], client)],
        component=components or None,
        note=[{"text": check_in["note"]}] if check_in.get("note") else None)
