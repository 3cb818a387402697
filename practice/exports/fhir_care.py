"""Plans (CarePlan + Goal), sessions (Encounter), the home program and check-ins as FHIR."""
import html
from datetime import datetime, timedelta

from practice.exports.fhir_common import (
    UCUM,
    identifier,
    observation,
    pain_code,
    performer,
    ref,
    resource_id,
    score,
)
from practice.progress.models import MEASURES

PLAN_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
GOAL_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
ACTIVITY_STATUS = {"active": "in-progress", "paused": "on-hold", "completed": "completed"}


def plan_resources(plan: dict, client: dict) -> list[dict]:
    activity_status = ACTIVITY_STATUS.get(plan["status"], "unknown")
    care_plan = {
        "resourceType": "CarePlan", "id": resource_id("plan", plan["id"]),
        "identifier": identifier("plan", plan["id"]),
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
        "identifier": identifier("session", session["id"]),
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
            resources.append(observation(
                "session", session["id"], key, client_id=client["id"], code=pain_code(text),
                status=status, effective=when, valueQuantity=score(session[key]),
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
    for key, code in (("pain_after", pain_code("Pain severity 0-10 (NRS), right after the "
                                                "exercise")),
                      ("effort", {"text": "Perceived effort 0-10 (0 no effort, 10 maximum)"})):
        if log.get(key) is not None:
            resources.append(observation(
                "exercise-log", log["id"], key, client_id=client["id"], code=code,
                status="final", effective=log["logged_at"], valueQuantity=score(log[key]),
                partOf=[ref("exercise-log", log["id"])], performer=[ref("client", client["id"])]))
    return resources


def check_in_observation(check_in: dict, client: dict) -> dict:
    components = []
    for name, label, scale in MEASURES:
        if check_in.get(name) is None:
            continue
        text = f"{label} 0-10 (NRS: {scale})"
        code = pain_code(text) if name == "pain" else {"text": text}
        components.append({"code": code, "valueQuantity": score(check_in[name])})
    return observation(
        "check-in", check_in["id"], "ratings", client_id=client["id"], status="final",
        code={"text": "Daily check-in: self-rated 0-10 scales"}, effective=check_in["checked_on"],
        performer=[performer(check_in["recorded_by_id"], client)],
        component=components or None,
        note=[{"text": check_in["note"]}] if check_in.get("note") else None)
