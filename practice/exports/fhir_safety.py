"""Precautions, referrals, consent and appointments as FHIR.

Each item of a client's precautions checklist is a Flag (category clinical): active while
it applies, its period from the day it was noted to the day before it ended (the stored end
is the first day it no longer applied). A referral is a ServiceRequest (intent order,
category *Referral*): to whom (the performer, by name), why, how urgently (priority: routine,
urgent for within a few days, asap for the same day, stat for an emergency), the day, who
recorded it, and what it was made from (the session's Encounter, the intake's
QuestionnaireResponse or the check-in). Each consent record is a Consent: to treatment
(scope ``treatment``), to the keeping of records or to messages (scope ``patient-privacy``),
category LOINC 59284-0, given (provision ``permit``, policy rule ``OPTIN``) or withdrawn
(``deny``, ``OPTOUT``); the newest of a kind is ``active`` when given, every other one
``inactive``.
"""
from datetime import date, timedelta

from practice.exports.fhir_common import Ids, compact
from practice.exports.fhir_terms import CLINICAL_FLAG, LOINC, coding

PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap", "emergency": "stat"}


def precaution_flag(ids: Ids, item: dict, client: dict) -> dict:
    end = None
    if item.get("ended_on"):
        end = max(date.fromisoformat(item["ended_on"]) - timedelta(days=1),
                  date.fromisoformat(item["noted_on"])).isoformat()
    return compact(
        resourceType="Flag", id=ids.resource_id("precaution", item["id"]),
        identifier=ids.identifier("precaution", item["id"]),
        status="inactive" if item.get("ended_on") else "active",
        category=[{"coding": [CLINICAL_FLAG]}, {"text": f"Precaution: {item['kind']}"}],
        code={"text": item["summary"]}, subject=ids.ref("client", client["id"]),
        period=compact(start=item["noted_on"], end=end),
        author=ids.ref("user", item["recorded_by_id"]))


def referral_request(ids: Ids, referral: dict, client: dict) -> dict:
    made_from = [ref for ref in (
        ids.ref("intake", referral["intake_id"]) if referral.get("intake_id") else None,
        ids.ref("check-in", referral["check_in_id"], "ratings")
        if referral.get("check_in_id") else None) if ref]
    return compact(
        resourceType="ServiceRequest", id=ids.resource_id("referral", referral["id"]),
        identifier=ids.identifier("referral", referral["id"]), status="completed",
        intent="order", category=[{"text": "Referral"}],
        priority=PRIORITY.get(referral["urgency"], "routine"),
        code={"text": f"Referral to {referral['referred_to']}"},
        subject=ids.ref("client", client["id"]),
        encounter=ids.ref("session", referral["session_id"]) if referral.get("session_id") else None,
        authoredOn=referral["referred_on"], requester=ids.ref("user", referral["recorded_by_id"]),
        performer=[{"display": referral["referred_to"]}],
        reasonCode=[{"text": referral["reason"]}], supportingInfo=made_from)


CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
SCOPES = {"treatment": coding(CONSENT_SCOPE, "treatment", "Treatment")}
PRIVACY = coding(CONSENT_SCOPE, "patient-privacy", "Privacy Consent")
PATIENT_CONSENT = coding(LOINC, "59284-0", "Patient Consent")
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONSENT_TEXT = {"treatment": "Consent to treatment", "records": "Consent to keeping records",
                "messages": "Reminders and other messages"}


def consent_resources(ids: Ids, records: list[dict], client: dict) -> list[dict]:
    newest = {}
    for record in records:  # in id order: the last of a kind is where the client stands
        newest[record["kind"]] = record["id"]
    return [compact(
        resourceType="Consent", id=ids.resource_id("consent", record["id"]),
        identifier=ids.identifier("consent", record["id"]),
        status="active" if record["is_given"] and newest[record["kind"]] == record["id"]
        else "inactive",
        scope={"coding": [SCOPES.get(record["kind"], PRIVACY)]},
        category=[{"coding": [PATIENT_CONSENT]},
                  {"text": CONSENT_TEXT.get(record["kind"], record["kind"])}],
        patient=ids.ref("client", client["id"]), dateTime=record["given_on"],
        performer=[ids.ref("client", client["id"])], organization=[ids.organization],
        policyRule={"coding": [coding(ACT_CODE, "OPTIN", "opt-in") if record["is_given"]
                               else coding(ACT_CODE, "OPTOUT", "opt-out")]},
        provision={"type": "permit" if record["is_given"] else "deny",
                   "period": {"start": record["given_on"]}},
        sourceAttachment={"title": f"Wording version {record['wording_version']}, "
                                   f"{record['method'].replace('_', ' ')}"})
        for record in records]


APPOINTMENT_STATUS = {"booked": "booked", "attended": "fulfilled", "cancelled": "cancelled",
                      "no_show": "noshow"}


def appointment(ids: Ids, booked: dict, client: dict) -> dict:
    """An appointment: booked under the plan's course of sessions, the client and the
    practitioner as its participants; the session recorded for it names it (Encounter)."""
    comment = "\n".join(part for part in (
        f"Place: {booked['place']}" if booked.get("place") else None, booked.get("note")) if part)
    cancelled = None
    if booked["status"] == "cancelled":
        who = {"client": "by the client", "practitioner": "by the practitioner"}.get(
            booked.get("cancelled_by") or "", "")
        cancelled = {"text": ": ".join(part for part in (f"Cancelled {who}".strip(),
                                                         booked.get("cancel_reason")) if part)}
    return compact(
        resourceType="Appointment", id=ids.resource_id("appointment", booked["id"]),
        identifier=ids.identifier("appointment", booked["id"]),
        status=APPOINTMENT_STATUS.get(booked["status"], "booked"), cancelationReason=cancelled,
        serviceType=[{"text": "Medical qigong session"}],
        start=booked["starts_at"], end=booked["ends_at"],
        minutesDuration=booked["duration_minutes"], created=booked["created_at"],
        comment=comment,
        basedOn=[ids.ref("plan", booked["plan_id"], "sessions")] if booked.get("plan_id") else None,
        participant=[{"actor": ids.ref("client", client["id"]), "status": "accepted"},
                     {"actor": ids.ref("user", booked["practitioner_id"]),
                      "status": "accepted"}])
