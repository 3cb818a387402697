"""The FHIR R4B export: valid resources, references that resolve, ids of this installation
alone, and every clinical record in a form another system reads (codes, body sites, signed
documents, session steps, structured home exercises)."""
import html
import json
from collections import Counter
from datetime import timedelta

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import delete, select

from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.settings import PracticeIdentity, start_practice_identity
from practice.exercises.models import Assignment, DosePeriod, DoseUnit
from practice.exports.operations import start_export
from practice.intakes.models import Intake
from practice.treatments.models import TreatmentSession
from tests.factories.exports import make_full_record

pytestmark = pytest.mark.real_commits  # an export reads in a transaction of its own

CODES = {
    "Encounter.status": {"planned", "arrived", "triaged", "in-progress", "onleave", "finished",
                         "cancelled", "entered-in-error", "unknown"},
    "Observation.status": {"registered", "preliminary", "final", "amended", "corrected",
                           "cancelled", "entered-in-error", "unknown"},
    "CarePlan.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                        "unknown"},
    "ServiceRequest.status": {"draft", "active", "on-hold", "revoked", "completed",
                              "entered-in-error", "unknown"},
    "ServiceRequest.intent": {"proposal", "plan", "directive", "order", "original-order",
                              "reflex-order", "filler-order", "instance-order", "option"},
    "Composition.status": {"preliminary", "final", "amended", "entered-in-error"},
    "QuestionnaireResponse.status": {"in-progress", "completed", "amended", "entered-in-error",
                                     "stopped"},
    "CareTeam.status": {"proposed", "active", "suspended", "inactive", "entered-in-error"},
    "Goal.lifecycleStatus": {"proposed", "planned", "accepted", "active", "on-hold", "completed",
                             "cancelled", "entered-in-error", "rejected"},
    "Flag.status": {"active", "inactive", "entered-in-error"},
    "Procedure.status": {"preparation", "in-progress", "not-done", "on-hold", "stopped",
                         "completed", "entered-in-error", "unknown"},
    "CodeSystem.status": {"draft", "active", "retired", "unknown"},
    "Questionnaire.status": {"draft", "active", "retired", "unknown"},
}
#: What each kind of reference must point at (R4B's allowed target types).
TARGETS = {
    ("Encounter", "basedOn"): {"ServiceRequest"},
    ("Procedure", "encounter"): {"Encounter"},
    ("Procedure", "basedOn"): {"CarePlan", "ServiceRequest"},
    ("Observation", "encounter"): {"Encounter"},
    ("Observation", "derivedFrom"): {"QuestionnaireResponse", "Observation"},
    ("Observation", "hasMember"): {"Observation"},
    ("ServiceRequest", "replaces"): {"ServiceRequest"},
    ("ServiceRequest", "basedOn"): {"CarePlan"},
    ("ServiceRequest", "requester"): {"Practitioner"},
    ("Patient", "managingOrganization"): {"Organization"},
    ("CareTeam", "participant"): {"Practitioner", "Organization"},
    ("Composition", "relatesTo"): {"Composition"},
    ("ServiceRequest", "encounter"): {"Encounter"},
    ("ServiceRequest", "supportingInfo"): {"QuestionnaireResponse", "Observation"},
    ("Flag", "author"): {"Practitioner", "Organization"},
    ("Appointment", "basedOn"): {"ServiceRequest"},
    ("Appointment", "participant"): {"Patient", "Practitioner"},
    ("Encounter", "appointment"): {"Appointment"},
}


def export_bundle(client_id=None) -> dict:
    export = start_export("fhir", client_id)
    db.session.commit()
    document = json.loads(b"".join(export.chunks))
    Bundle.model_validate(document)
    return document


def resources(bundle: dict, kind: str | None = None) -> list[dict]:
    return [e["resource"] for e in bundle["entry"]
            if kind is None or e["resource"]["resourceType"] == kind]


def references(value, path=()):
    """(top-level element, reference) for every Reference.reference in a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield path[:1], item
            else:
                yield from references(item, path + (key,))
    elif isinstance(value, list):
        for item in value:
            yield from references(item, path)


def by_url(bundle: dict) -> dict[str, dict]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


@pytest.fixture
def practice_records(practitioner, other_practitioner, admin_user):
    return [make_full_record(practitioner, "Alpha"), make_full_record(practitioner, "Bravo"),
            make_full_record(other_practitioner, "Charlie", portal=False)]


def test_every_resource_validates_as_r4b_and_every_reference_resolves_to_the_right_type(
        practice_records):
    bundle = export_bundle()
    urls = by_url(bundle)
    assert len(urls) == len(bundle["entry"])
    for resource in resources(bundle):
        kind = resource["resourceType"]
        get_fhir_model_class(kind).model_validate(resource)
        for field in ("status", "intent", "lifecycleStatus"):
            if f"{kind}.{field}" in CODES:
                assert resource[field] in CODES[f"{kind}.{field}"], (kind, resource[field])
        for (element,), reference in references(resource):
            assert reference in urls, (kind, element, reference)
            allowed = TARGETS.get((kind, element))
            if allowed:
                assert urls[reference]["resourceType"] in allowed, (kind, element)


def test_two_installations_share_no_resource_id_and_no_identifier(practice_records):
    first = export_bundle()
    db.session.execute(delete(PracticeIdentity))  # a second installation: its own UUID
    start_practice_identity()
    db.session.commit()
    second = export_bundle()
    assert len(first["entry"]) == len(second["entry"])
    assert not {e["fullUrl"] for e in first["entry"]} & {e["fullUrl"] for e in second["entry"]}

    def identifiers(bundle):
        found = set()
        for resource in resources(bundle):
            for identifier in ([resource["identifier"]] if isinstance(resource.get("identifier"), dict)
                               else resource.get("identifier", [])):
                found.add((identifier["system"], identifier["value"]))
        return found

    assert identifiers(first)
    assert not identifiers(first) & identifiers(second)
    patient_systems = {i["system"] for p in resources(first, "Patient") for i in p["identifier"]}
    assert all(system.startswith("urn:uuid:") for system in patient_systems)


def test_the_practice_is_an_organization_and_the_practitioner_is_on_the_care_team(practice_records):
    alpha = practice_records[0]
    bundle = export_bundle()
    urls = by_url(bundle)
    [organization] = resources(bundle, "Organization")
    assert organization["identifier"][0]["system"] == "urn:ietf:rfc:3986"
    patients = resources(bundle, "Patient")
    assert all("generalPractitioner" not in patient for patient in patients)
    assert all(urls[p["managingOrganization"]["reference"]] is organization for p in patients)
    team = next(t for t in resources(bundle, "CareTeam")
                if urls[t["subject"]["reference"]]["name"][0]["family"] == "FamilyAlpha")
    member = urls[team["participant"][0]["member"]["reference"]]
    assert member["resourceType"] == "Practitioner"
    assert member["identifier"][0]["value"] == str(alpha.practitioner_id)
    encounter = next(e for e in resources(bundle, "Encounter"))
    assert encounter["participant"][0]["type"][0]["coding"][0]["code"] == "PPRF"


def test_an_intake_is_a_questionnaire_response_with_every_answer(practitioner, admin_user):
    client = make_full_record(practitioner, "Alpha")
    intake = db.session.scalars(select(Intake).where(Intake.client_id == client.id)).one()
    bundle = export_bundle(client.id)
    [questionnaire] = resources(bundle, "Questionnaire")
    [response] = resources(bundle, "QuestionnaireResponse")
    assert response["questionnaire"].startswith(questionnaire["url"])
    assert response["status"] == "completed"
    answers = {item["linkId"]: item.get("answer") for item in response["item"]}
    assert answers["chief_complaint"] == [{"valueString": "Neck pain Alpha"}]
    assert answers["notes"] == [{"valueString": "Intake note Alpha"}]
    assert answers["symptoms_3_months"] == [{"valueBoolean": True}]
    assert [a["valueCoding"]["display"] for a in answers["painful_regions"]] == [
        "Hip - buttock, trochanter (left)", "Neck", "Upper back"]
    assert {key: answers[key][0]["valueInteger"] for key in (
        "fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
        "lower_abdominal_pain", "depression")} == {
        "fatigue": 2, "waking_unrefreshed": 3, "cognitive_symptoms": 1, "headaches": 1,
        "lower_abdominal_pain": 0, "depression": 0}
    assert answers["pain_neck_shoulders"] == [{"valueInteger": 8}]
    question_ids = {item["linkId"] for item in questionnaire["item"]}
    assert set(answers) <= question_ids
    assert intake.signed_at is not None


def test_intake_answers_left_nowhere_systems_review_and_history(practitioner, admin_user):
    client = make_full_record(practitioner, "Alpha")
    intake = db.session.scalars(select(Intake).where(Intake.client_id == client.id)).one()
    db.session.execute(Intake.__table__.update().where(Intake.id == intake.id).values(
        complaint_history="Since a fall in 2019", medications="Warfarin 5 mg", goals="Sleep",
        systems_review={"lymphatic": {"findings": ["swollen_nodes"], "note": "Left side"}}))
    db.session.commit()
    db.session.expire_all()
    [response] = resources(export_bundle(client.id), "QuestionnaireResponse")
    answers = {item["linkId"]: item for item in response["item"]}
    assert answers["complaint_history"]["answer"] == [{"valueString": "Since a fall in 2019"}]
    assert answers["medications"]["answer"] == [{"valueString": "Warfarin 5 mg"}]
    [lymphatic] = answers["systems_review"]["item"]
    findings, note = lymphatic["item"]
    assert findings["answer"][0]["valueCoding"]["display"] == (
        "Lymphatic: Swollen or tender lymph nodes")
    assert note["answer"] == [{"valueString": "Left side"}]


def test_scores_carry_codes_psd_is_derived_and_neck_pain_has_its_body_site(practice_records):
    bundle = export_bundle(practice_records[0].id)
    urls = by_url(bundle)
    observations = resources(bundle, "Observation")
    systems = {c["id"] for c in resources(bundle, "CodeSystem")}
    assert len(systems) == 3
    local = {concept["code"] for system in resources(bundle, "CodeSystem")
             for concept in system["concept"]}
    for observation in observations:
        coding = observation["code"]["coding"][0]
        assert coding["system"] in ("http://loinc.org",
                                    "https://qi-practice.org/fhir/CodeSystem/measures")
        if coding["system"] != "http://loinc.org":
            assert coding["code"] in local
    psd = next(o for o in observations if o["code"]["coding"][0]["code"] == "psd")
    assert {urls[r["reference"]]["code"]["coding"][0]["code"] for r in psd["derivedFrom"]} == {
        "wpi", "sss"}
    wpi = next(o for o in observations if o["code"]["coding"][0]["code"] == "wpi")
    assert urls[wpi["derivedFrom"][0]["reference"]]["resourceType"] == "QuestionnaireResponse"
    neck = [o for o in observations if "neck and shoulders" in o["code"]["text"].lower()
            or o["code"]["text"].startswith("Neck and shoulder pain")]
    assert neck
    for observation in neck:
        assert [c["code"] for c in observation["bodySite"]["coding"]] == ["45048000", "16982005"]
    # No two values at one time for one client under one code and site.
    keys = Counter((o["subject"]["reference"], o.get("effectiveDateTime"),
                    json.dumps(o["code"]["coding"]), json.dumps(o.get("bodySite")))
                   for o in observations if "valueQuantity" in o)
    assert max(keys.values()) == 1
    session_ratings = [o for o in observations if "session" in o["code"]["text"]]
    assert len(session_ratings) == 4
    assert all(urls[o["encounter"]["reference"]]["resourceType"] == "Encounter"
               for o in session_ratings)


def test_signed_notes_are_attested_documents_with_addenda_and_a_provenance(practice_records):
    alpha = practice_records[0]
    session = db.session.scalars(select(TreatmentSession)
                                 .where(TreatmentSession.client_id == alpha.id)).one()
    bundle = export_bundle(alpha.id)
    urls = by_url(bundle)
    compositions = resources(bundle, "Composition")
    note = next(c for c in compositions if c["type"]["coding"][0]["code"] == "11506-3"
                and "relatesTo" not in c)
    assert note["status"] == "final"
    [attester] = note["attester"]
    assert attester["mode"] == "legal"
    assert attester["time"] == session.signed_at.isoformat()
    assert urls[attester["party"]["reference"]]["identifier"][0]["value"] == str(
        session.signed_by_id)
    assert urls[note["encounter"]["reference"]]["resourceType"] == "Encounter"
    sections = {s["title"]: s for s in note["section"]}
    assert sections["Subjective"]["code"]["coding"][0]["code"] == "61150-9"
    assert "Neck &lt;looser&gt; &amp; warmer" in sections["Assessment"]["text"]["div"]
    addenda = [c for c in compositions if c.get("relatesTo")]
    assert len(addenda) == 2  # the intake's and the session's
    session_addendum = next(a for a in addenda
                            if urls[a["relatesTo"][0]["targetReference"]["reference"]] is note)
    assert "Session addendum Alpha" in session_addendum["section"][0]["text"]["div"]
    assert session_addendum["relatesTo"][0]["code"] == "appends"
    provenances = resources(bundle, "Provenance")
    assert len(provenances) == 2  # a signed intake and a signed session
    signature = next(p for p in provenances if urls[p["target"][0]["reference"]] is note)
    assert signature["recorded"] == session.signed_at.isoformat()
    assert signature["activity"]["coding"][0]["code"] == "LA"
    assert urls[signature["agent"][0]["who"]["reference"]]["resourceType"] == "Practitioner"


def test_session_steps_are_procedures_of_the_encounter_which_follows_the_plan(practice_records):
    bundle = export_bundle(practice_records[0].id)
    urls = by_url(bundle)
    [encounter] = resources(bundle, "Encounter")
    request = urls[encounter["basedOn"][0]["reference"]]
    assert request["resourceType"] == "ServiceRequest"
    care_plan = urls[request["basedOn"][0]["reference"]]
    assert care_plan["title"] == "Plan Alpha"
    assert request["occurrenceTiming"]["repeat"]["periodUnit"] == "wk"
    steps = [p for p in resources(bundle, "Procedure")
             if p.get("encounter", {}).get("reference") == f"urn:uuid:{encounter['id']}"]
    assert [(s["code"]["text"], s["status"]) for s in steps] == [("Lymph strokes", "completed")]
    assert steps[0]["bodySite"] == [{"text": "Neck"}]
    assert urls[steps[0]["basedOn"][0]["reference"]] is care_plan


def test_home_exercises_are_structured_prescriptions_with_an_inclusive_end(
        practitioner, admin_user):
    client = make_full_record(practitioner, "Alpha")
    first = db.session.scalars(select(Assignment).where(Assignment.client_id == client.id)).one()
    today = local_today()
    first.stopped_on = today
    first.stopped_by_id = practitioner.id
    second = Assignment(client_id=client.id, exercise_id=first.exercise_id,
                        prescribed_by_id=practitioner.id, amount=10, unit=DoseUnit.REPETITIONS,
                        times=3, period=DosePeriod.WEEK, starts_on=today,
                        replaces_id=first.id, notes="Slowly")
    db.session.add(second)
    db.session.commit()
    bundle = export_bundle(client.id)
    urls = by_url(bundle)
    requests = {r["identifier"][0]["value"]: r for r in resources(bundle, "ServiceRequest")
                if r.get("category", [{}])[0].get("text") == "Home exercise"}
    stopped, current = requests[str(first.id)], requests[str(second.id)]
    assert stopped["status"] == "revoked"
    timing = stopped["occurrenceTiming"]["repeat"]
    assert timing["boundsPeriod"] == {"start": first.starts_on.isoformat(),
                                      "end": (today - timedelta(days=1)).isoformat()}
    assert (timing["frequency"], timing["period"], timing["periodUnit"]) == (2, 1, "d")
    assert (timing["duration"], timing["durationUnit"]) == (5, "min")
    assert stopped["quantityQuantity"]["code"] == "min"
    assert current["quantityQuantity"] == {"value": 10, "unit": "repetitions",
                                           "system": "http://unitsofmeasure.org",
                                           "code": "{repetitions}"}
    assert current["occurrenceTiming"]["repeat"]["periodUnit"] == "wk"
    assert urls[current["replaces"][0]["reference"]] is stopped
    assert urls[current["requester"]["reference"]]["resourceType"] == "Practitioner"
    exercise = first.exercise
    assert exercise.instructions.splitlines()[0] in current["patientInstruction"]
    assert f"Precautions: {exercise.precautions}" in current["patientInstruction"]
    assert current["note"][0]["text"] == "Slowly"
    [home] = [c for c in resources(bundle, "CarePlan") if c["title"] == "Home exercise program"]
    assert {urls[a["reference"]["reference"]]["id"] for a in home["activity"]} == {
        stopped["id"], current["id"]}
    logs = [p for p in resources(bundle, "Procedure") if p["category"]["text"] == "Home exercise"]
    assert logs
    assert all(urls[p["basedOn"][0]["reference"]] is stopped for p in logs)


def test_a_check_in_is_a_panel_of_coded_ratings(practitioner, admin_user):
    client = make_full_record(practitioner, "Alpha")
    bundle = export_bundle(client.id)
    urls = by_url(bundle)
    panels = [o for o in resources(bundle, "Observation") if "hasMember" in o]
    assert len(panels) == 3
    members = [urls[m["reference"]] for m in panels[0]["hasMember"]]
    assert [m["code"]["coding"][0]["code"] for m in members] == [
        "72514-3", "72514-3", "check-in-fatigue", "check-in-sleep-problems", "check-in-fog"]
    assert "bodySite" not in members[0]
    assert members[1]["bodySite"]["text"] == "Neck and shoulders"
    assert panels[0]["note"] == [{"text": "Check-in Alpha"}]


def test_every_note_addendum_answer_step_and_home_exercise_of_the_demo_is_in_the_bundle():
    from practice.demo import seed_demo
    from practice.intakes.models import IntakeAddendum
    from practice.treatments.models import SessionAddendum

    seed_demo("demo-password-1")
    db.session.commit()
    bundle = export_bundle()

    def of(kind: str, record_id) -> dict:
        return next(r for r in resources(bundle, kind) if "identifier" in r
                    and (r["identifier"] if isinstance(r["identifier"], dict)
                         else r["identifier"][0])["value"] == str(record_id))

    compositions = resources(bundle, "Composition")
    addenda = [c for c in compositions if c.get("relatesTo")]

    def note_of(title: str, record_id) -> dict:
        return next(c for c in compositions if c["identifier"]["value"] == str(record_id)
                    and c["title"].startswith(title))

    for intake in db.session.scalars(select(Intake)):
        response = of("QuestionnaireResponse", intake.id)
        answered = {item["linkId"]: item for item in response["item"]}
        for key in ("chief_complaint", "complaint_history", "medications", "goals", "notes",
                    "fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
                    "lower_abdominal_pain", "depression", "symptoms_3_months",
                    "pain_overall", "pain_neck_shoulders"):
            assert (getattr(intake, key) in (None, "")) == (key not in answered), (intake.id, key)
        regions = answered.get("painful_regions", {}).get("answer", [])
        assert [a["valueCoding"]["display"] for a in regions] == [r.label for r in intake.regions]
        reviewed = [e for e in intake.review if not e.is_empty]
        assert len(answered.get("systems_review", {}).get("item", [])) == len(reviewed)
        note = note_of("Intake note", intake.id)
        assert bool(note.get("attester")) == (intake.signed_at is not None)
    for addendum in [*db.session.scalars(select(IntakeAddendum)),
                     *db.session.scalars(select(SessionAddendum))]:
        kind = "intake" if isinstance(addendum, IntakeAddendum) else "session"
        [found] = [c for c in addenda if c["identifier"]["value"] == str(addendum.id)
                   and c["title"].startswith(f"Addendum: {kind.capitalize()} note")]
        assert addendum.body.splitlines()[0][:20] in html.unescape(found["section"][0]["text"]["div"])
        assert found["author"][0]["reference"] == f"urn:uuid:{of('Practitioner', addendum.author_id)['id']}"
    for session in db.session.scalars(select(TreatmentSession)):
        encounter = of("Encounter", session.id)
        steps = [p for p in resources(bundle, "Procedure")
                 if p.get("encounter", {}).get("reference") == f"urn:uuid:{encounter['id']}"]
        assert [p["code"]["text"] for p in steps] == [s["technique"] for s in session.steps]
        assert bool(note_of("Session note", session.id).get("attester")) == (session.signed_at is not None)
    for assignment in db.session.scalars(select(Assignment)):
        request = of("ServiceRequest", assignment.id)
        assert request["code"]["text"] == assignment.exercise.name
        assert request["occurrenceTiming"]["repeat"]["frequency"] == assignment.times
        assert "requester" in request
    assert "generalPractitioner" not in json.dumps(bundle)


def test_a_referral_is_a_request_with_its_priority_reason_and_source(practitioner, admin_user):
    from practice.referrals.models import Referral, ReferralUrgency

    client = make_full_record(practitioner, "Alpha")
    session = db.session.scalars(select(TreatmentSession)
                                 .where(TreatmentSession.client_id == client.id)).one()
    db.session.add(Referral(client_id=client.id, referred_to="Their GP", urgency=ReferralUrgency.SOON,
                            reason="New swelling of the left arm", referred_on=local_today(),
                            session_id=session.id, recorded_by_id=practitioner.id))
    db.session.commit()
    bundle = export_bundle(client.id)
    urls = by_url(bundle)
    [referral] = [r for r in resources(bundle, "ServiceRequest")
                  if r.get("category", [{}])[0].get("text") == "Referral"
                  and r["code"]["text"] == "Referral to Their GP"]
    assert referral["priority"] == "urgent"
    assert referral["performer"] == [{"display": "Their GP"}]
    assert referral["reasonCode"] == [{"text": "New swelling of the left arm"}]
    assert urls[referral["encounter"]["reference"]]["resourceType"] == "Encounter"
    assert urls[referral["requester"]["reference"]]["resourceType"] == "Practitioner"


def test_consent_records_are_consents_the_newest_of_a_kind_in_force(practitioner, admin_user):
    from practice.consent.models import ConsentMethod, ConsentRecord
    from practice.consent.wording import ConsentKind, current_wording

    client = make_full_record(practitioner, "Alpha")
    db.session.add(ConsentRecord(
        client_id=client.id, kind=ConsentKind.MESSAGES, is_given=False,
        wording_version=current_wording(ConsentKind.MESSAGES).version,
        method=ConsentMethod.IN_PERSON, given_on=local_today(), recorded_by_id=practitioner.id))
    db.session.commit()
    consents = resources(export_bundle(client.id), "Consent")
    by_kind = {}
    for consent in consents:
        by_kind.setdefault(consent["category"][1]["text"], []).append(consent)
    assert by_kind["Consent to treatment"][-1]["status"] == "active"
    assert by_kind["Consent to treatment"][-1]["scope"]["coding"][0]["code"] == "treatment"
    withdrawn = by_kind["Reminders and other messages"][-1]
    assert (withdrawn["status"], withdrawn["provision"]["type"]) == ("inactive", "deny")
    assert withdrawn["policyRule"]["coding"][0]["code"] == "OPTOUT"
    assert all(c["category"][0]["coding"][0]["code"] == "59284-0" for c in consents)


def test_appointments_are_appointments_and_the_session_names_its_own(practitioner, admin_user):
    from practice.appointments.models import Appointment, AppointmentStatus, CancelledBy

    client = make_full_record(practitioner, "Alpha")
    session = db.session.scalars(select(TreatmentSession)
                                 .where(TreatmentSession.client_id == client.id)).one()
    kept = Appointment(client_id=client.id, practitioner_id=practitioner.id,
                       plan_id=session.plan_id, starts_at=session.started_at,
                       duration_minutes=50, ends_at=session.started_at + timedelta(minutes=50),
                       place="Room 2", status=AppointmentStatus.ATTENDED, session_id=session.id,
                       created_by_id=practitioner.id)
    called_off = Appointment(client_id=client.id, practitioner_id=practitioner.id,
                             starts_at=session.started_at + timedelta(days=7), duration_minutes=60,
                             ends_at=session.started_at + timedelta(days=7, minutes=60),
                             status=AppointmentStatus.CANCELLED, cancelled_by=CancelledBy.CLIENT,
                             cancel_reason="Unwell", created_by_id=practitioner.id)
    db.session.add_all([kept, called_off])
    db.session.commit()
    bundle = export_bundle(client.id)
    urls = by_url(bundle)
    appointments = {a["identifier"][0]["value"]: a for a in resources(bundle, "Appointment")}
    attended, cancelled = appointments[str(kept.id)], appointments[str(called_off.id)]
    assert attended["status"] == "fulfilled"
    assert attended["comment"] == "Place: Room 2"
    assert urls[attended["basedOn"][0]["reference"]]["resourceType"] == "ServiceRequest"
    assert {urls[p["actor"]["reference"]]["resourceType"] for p in attended["participant"]} == {
        "Patient", "Practitioner"}
    [encounter] = resources(bundle, "Encounter")
    assert urls[encounter["appointment"][0]["reference"]] is attended
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelationReason"] == {"text": "Cancelled by the client: Unwell"}
