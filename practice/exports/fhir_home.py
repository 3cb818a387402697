"""The home program, exercise logs and check-ins as FHIR.

Each prescription (assignment) is a ServiceRequest: the exercise, its dose as structured
timing (times a day or a week, minutes each) and quantity, its dates with an inclusive end
(the stored stop is the first day it no longer applied), the prescriber, the prescription it
replaced, the exercise's instructions and precautions for the client, and the personal note.
A CarePlan per client lists them as its activities. Each log is a Procedure based on its
prescription, with Observations for pain and effort afterwards. A check-in is a panel
Observation whose members are the day's ratings.
"""
from practice.exports.fhir_common import Ids, compact, observation, score
from practice.exports.fhir_terms import NECK_AND_SHOULDERS, UCUM, measure, pain
from practice.progress.models import MEASURES

PERIOD_UNITS = {"day": "d", "week": "wk"}


def _request_status(assignment: dict, as_of: str | None) -> str:
    if assignment["stopped_on"]:
        return "revoked"
    last = assignment.get("last_day")
    if last and as_of and last < as_of:
        return "completed"
    return "active"


def _timing(assignment: dict) -> dict:
    bounds = {"start": assignment["starts_on"]}
    if assignment.get("last_day") and not assignment.get("cancelled_before_start"):
        bounds["end"] = assignment["last_day"]
    repeat = {"boundsPeriod": bounds, "frequency": assignment["times"], "period": 1,
              "periodUnit": PERIOD_UNITS[assignment["period"]]}
    if assignment["unit"] == "minutes":
        repeat.update(duration=assignment["amount"], durationUnit="min")
    return {"repeat": repeat, "code": {"text": assignment["dose"]}}


def _quantity(assignment: dict) -> dict:
    if assignment["unit"] == "minutes":
        return {"value": assignment["amount"], "unit": "min", "system": UCUM, "code": "min"}
    return {"value": assignment["amount"], "unit": "repetitions", "system": UCUM,
            "code": "{repetitions}"}


def prescription(ids: Ids, assignment: dict, client: dict, exercise: dict | None) -> dict:
    exercise = exercise or {}
    instructions = "\n\n".join(part for part in (
        exercise.get("instructions"),
        f"Precautions: {exercise['precautions']}" if exercise.get("precautions") else None)
        if part)
    notes = [{"text": assignment["notes"], "authorReference": ids.ref(
        "user", assignment["prescribed_by_id"])}] if assignment.get("notes") else []
    if assignment.get("cancelled_before_start"):
        notes.append({"text": f"Cancelled before it started (stopped on "
                              f"{assignment['stopped_on']})."})
    return compact(
        resourceType="ServiceRequest", id=ids.resource_id("assignment", assignment["id"]),
        identifier=ids.identifier("assignment", assignment["id"]),
        replaces=[ids.ref("assignment", assignment["replaces_id"])]
        if assignment.get("replaces_id") else None,
        status=_request_status(assignment, ids.as_of), intent="order",
        category=[{"text": "Home exercise"}], code={"text": assignment["exercise_name"]},
        quantityQuantity=_quantity(assignment), subject=ids.ref("client", client["id"]),
        occurrenceTiming=_timing(assignment), authoredOn=assignment["created_at"],
        requester=ids.ref("user", assignment["prescribed_by_id"]),
        performer=[ids.ref("client", client["id"])], note=notes,
        patientInstruction=instructions)


def home_program_resources(ids: Ids, client: dict, exercises: dict[int, dict]) -> list[dict]:
    """A CarePlan listing the client's prescriptions, the ServiceRequests and the logs."""
    assignments = client.get("assignments", [])
    if not assignments:
        return []
    requests = [prescription(ids, a, client, exercises.get(a["exercise_id"])) for a in assignments]
    care_plan = {
        "resourceType": "CarePlan", "id": ids.resource_id("client", client["id"], "home-program"),
        "status": "active" if any(r["status"] == "active" for r in requests) else "completed",
        "intent": "plan", "category": [{"text": "Home exercise program"}],
        "title": "Home exercise program", "subject": ids.ref("client", client["id"]),
        "activity": [{"reference": ids.ref("assignment", a["id"])} for a in assignments]}
    resources = [care_plan, *requests]
    for assignment in assignments:
        for log in assignment.get("logs", []):
            resources += log_resources(ids, log, assignment, client)
    return resources


def log_resources(ids: Ids, log: dict, assignment: dict, client: dict) -> list[dict]:
    procedure = compact(
        resourceType="Procedure", id=ids.resource_id("exercise-log", log["id"]),
        status="completed", code={"text": assignment["exercise_name"]},
        category={"text": "Home exercise"}, subject=ids.ref("client", client["id"]),
        basedOn=[ids.ref("assignment", assignment["id"])], performedDateTime=log["logged_at"],
        performer=[{"actor": ids.ref("client", client["id"])}],
        note=[{"text": log["note"]}] if log.get("note") else None)
    resources = [procedure]
    for key, code in (("pain_after", pain("Pain severity 0-10 (NRS), right after the exercise")),
                      ("effort", measure("exercise-effort"))):
        if log.get(key) is not None:
            resources.append(observation(
                ids, "exercise-log", log["id"], key, client_id=client["id"], code=code,
                status="final", effective=log["logged_at"], valueQuantity=score(log[key]),
                partOf=[ids.ref("exercise-log", log["id"])],
                performer=[ids.ref("client", client["id"])]))
    return resources


def check_in_resources(ids: Ids, check_in: dict, client: dict) -> list[dict]:
    """The day's panel and one Observation per rating given."""
    who = [ids.performer(check_in["recorded_by_id"], client)]
    members = []
    for name, label, scale in MEASURES:
        if check_in.get(name) is None:
            continue
        text = f"{label} 0-10 (NRS: {scale})"
        code = pain(text) if name in ("pain", "neck_shoulder_pain") else \
            measure(f"check-in-{name.replace('_', '-')}")
        members.append(observation(
            ids, "check-in", check_in["id"], name, client_id=client["id"], status="final",
            code=code, effective=check_in["checked_on"], performer=who,
            bodySite=NECK_AND_SHOULDERS if name == "neck_shoulder_pain" else None,
            valueQuantity=score(check_in[name])))
    panel = observation(
        ids, "check-in", check_in["id"], "ratings", client_id=client["id"], status="final",
        code=measure("daily-check-in"), effective=check_in["checked_on"], performer=who,
        hasMember=[{"reference": f"urn:uuid:{member['id']}"} for member in members],
        note=[{"text": check_in["note"]}] if check_in.get("note") else None)
    return [panel, *members]
