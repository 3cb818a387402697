"""Plans and sessions as FHIR.

A plan is a CarePlan (+ Goal) and a ServiceRequest for its course of sessions (how many a
week, for how many weeks), based on the CarePlan. A session is an Encounter based on that
ServiceRequest (R4B's ``Encounter.basedOn`` takes a ServiceRequest only, so the link to the
CarePlan runs through it), with the practitioner as primary performer; each step given or
left out is a Procedure of the Encounter based on the CarePlan; the pain ratings are
Observations of the Encounter; the SOAP note is a Composition (practice/exports/fhir_documents.py).
"""
from datetime import datetime, timedelta

from practice.exports.fhir_common import Ids, compact, observation, record_status, score
from practice.exports.fhir_documents import note_documents, section
from practice.exports.fhir_terms import (
    AMBULATORY,
    NECK_AND_SHOULDERS,
    PRIMARY_PERFORMER,
    PROGRESS_NOTE,
    SOAP_SECTIONS,
    UCUM,
    pain,
)

PLAN_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
GOAL_STATUS = {"active": "active", "paused": "on-hold", "completed": "completed"}
ACTIVITY_STATUS = {"active": "in-progress", "paused": "on-hold", "completed": "completed"}
SESSION_TYPE = {"text": "Medical qigong session"}


def plan_resources(ids: Ids, plan: dict, client: dict) -> list[dict]:
    activity_status = ACTIVITY_STATUS.get(plan["status"], "unknown")
    course = ids.ref("plan", plan["id"], "sessions")
    period = compact(start=plan["start_date"], end=plan["end_date"])
    care_plan = compact(
        resourceType="CarePlan", id=ids.resource_id("plan", plan["id"]),
        identifier=ids.identifier("plan", plan["id"]),
        status=PLAN_STATUS.get(plan["status"], "unknown"), intent="plan",
        category=[{"text": "Medical qigong session plan"}]
        + [{"text": f"Focus: {focus.replace('_', ' ')}"} for focus in plan["focus_systems"]],
        title=plan["name"], subject=ids.ref("client", client["id"]), period=period,
        created=plan["created_at"], author=ids.ref("user", plan["created_by_id"]),
        description=f"{plan['sessions_per_week']} session(s) a week for {plan['weeks']} week(s)",
        goal=[ids.ref("plan", plan["id"], "goal")] if plan.get("goals") else None,
        activity=[{"reference": course}] + [{"detail": {
            "code": {"text": step["technique"]}, "status": activity_status,
            "description": "; ".join(part for part in (
                step.get("body_region"),
                f"{step['minutes']} minutes" if step.get("minutes") is not None else None,
                step.get("instructions")) if part) or step["technique"]}}
            for step in plan.get("steps", [])])
    sessions = compact(
        resourceType="ServiceRequest", id=ids.resource_id("plan", plan["id"], "sessions"),
        status=PLAN_STATUS.get(plan["status"], "unknown"), intent="plan",
        basedOn=[ids.ref("plan", plan["id"])], code=SESSION_TYPE,
        subject=ids.ref("client", client["id"]), authoredOn=plan["created_at"],
        requester=ids.ref("user", plan["created_by_id"]),
        occurrenceTiming={"repeat": compact(
            boundsPeriod=period, count=plan["sessions_per_week"] * plan["weeks"],
            frequency=plan["sessions_per_week"], period=1, periodUnit="wk")})
    resources = [care_plan, sessions]
    if plan.get("goals"):
        resources.append({"resourceType": "Goal", "id": ids.resource_id("plan", plan["id"], "goal"),
                          "lifecycleStatus": GOAL_STATUS.get(plan["status"], "active"),
                          "description": {"text": plan["goals"]},
                          "subject": ids.ref("client", client["id"]),
                          "startDate": plan["start_date"]})
    return resources


def _end_of(started_at: str, minutes: int) -> str:
    return (datetime.fromisoformat(started_at) + timedelta(minutes=minutes)).isoformat()


def session_resources(ids: Ids, session: dict, client: dict) -> list[dict]:
    ended = _end_of(session["started_at"], session["duration_minutes"])
    period = {"start": session["started_at"], "end": ended}
    encounter_ref = ids.ref("session", session["id"])
    practitioner = ids.ref("user", session["practitioner_id"])
    encounter = compact(
        resourceType="Encounter", id=ids.resource_id("session", session["id"]),
        identifier=ids.identifier("session", session["id"]),
        status="entered-in-error" if session["discarded_at"] else "finished",
        **{"class": AMBULATORY}, type=[SESSION_TYPE], subject=ids.ref("client", client["id"]),
        basedOn=[ids.ref("plan", session["plan_id"], "sessions")] if session["plan_id"] else None,
        participant=[{"type": [{"coding": [PRIMARY_PERFORMER]}], "individual": practitioner}],
        period=period, serviceProvider=ids.organization,
        length={"value": session["duration_minutes"], "unit": "min", "system": UCUM,
                "code": "min"})
    steps = [_step_procedure(ids, session, index, step, client, period)
             for index, step in enumerate(session.get("steps") or [], start=1)]
    ratings = _pain_observations(ids, session, client, ended)
    title = f"Session note of {session['started_at'][:10]}"
    notes = [section(label, code=code, text=session.get(key))
             for key, label, code in SOAP_SECTIONS]
    notes += [section("Home program changes", text=session.get("home_program_changes")),
              section("Steps", entries=[ids.ref("session", session["id"], f"step-{s['index']}")
                                         for s in steps]),
              section("Pain ratings", entries=[ids.ref("session", session["id"], key)
                                               for key, _resource in ratings])]
    documents = note_documents(ids, "session", session, client, doc_type=PROGRESS_NOTE,
                               title=title, author_id=session["practitioner_id"],
                               sections=notes, documents=[encounter_ref],
                               encounter=encounter_ref)
    return [encounter, *(s["resource"] for s in steps), *(r for _key, r in ratings), *documents]


def _step_procedure(ids: Ids, session: dict, index: int, step: dict, client: dict,
                    period: dict) -> dict:
    performed = bool(step.get("performed"))
    notes = [f"{step['minutes']} minutes" if step.get("minutes") is not None else None,
             step.get("note")]
    return {"index": index, "resource": compact(
        resourceType="Procedure", id=ids.resource_id("session", session["id"], f"step-{index}"),
        status=("entered-in-error" if session["discarded_at"] else
                "completed" if performed else "not-done"),
        category={"text": "Medical qigong session step"},
        code={"text": step.get("technique") or "Step"},
        subject=ids.ref("client", client["id"]), encounter=ids.ref("session", session["id"]),
        basedOn=[ids.ref("plan", session["plan_id"])] if session["plan_id"] else None,
        performedPeriod=period if performed else None,
        performer=[{"actor": ids.ref("user", session["practitioner_id"])}] if performed else None,
        bodySite=[{"text": step["body_region"]}] if step.get("body_region") else None,
        note=[{"text": text} for text in notes if text])}


def _pain_observations(ids: Ids, session: dict, client: dict, ended: str) -> list[tuple]:
    status = record_status(session)
    found = []
    for key, text, when, site in (
            ("pain_before", "Pain severity 0-10 (NRS), overall, before the session",
             session["started_at"], None),
            ("pain_after", "Pain severity 0-10 (NRS), overall, after the session", ended, None),
            ("neck_shoulder_pain_before", "Pain severity 0-10 (NRS), neck and shoulders, "
                                          "before the session", session["started_at"],
             NECK_AND_SHOULDERS),
            ("neck_shoulder_pain_after", "Pain severity 0-10 (NRS), neck and shoulders, "
                                         "after the session", ended, NECK_AND_SHOULDERS)):
        if session.get(key) is not None:
            found.append((key, observation(
                ids, "session", session["id"], key, client_id=client["id"], code=pain(text),
                status=status, effective=when, valueQuantity=score(session[key]),
                bodySite=site, encounter=ids.ref("session", session["id"]),
                performer=[ids.ref("user", session["practitioner_id"])])))
    return found
