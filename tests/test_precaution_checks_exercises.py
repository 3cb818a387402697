"""Assigning an exercise that conflicts with the client's precautions: a clear warning, a
reason to go ahead (kept on the assignment and in the audit), a second confirmation for the
gravest; and an assignment the checklist later conflicts with is an open conflict to decide."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.exercises.models import Assignment, Dose, DosePeriod, DoseUnit
from practice.exercises.operations import Prescription, assign
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.operations import GoAhead, ReasonNeeded
from tests.factories.accounts import make_client
from tests.factories.exercises import make_assignment, starter_exercise
from tests.factories.precautions import checklist_form, make_precaution
from tests.html import parse, text_of

TODAY = date.today()


def ticked(*exercises, **extra) -> dict:
    """The assign page's form with ``exercises`` ticked, each at 3 minutes a day."""
    data = {"starts_on": TODAY.isoformat(), "ends_on": "", "assign": "1", **extra}
    for index, exercise in enumerate(exercises):
        data.update({f"items-{index}-exercise_id": str(exercise.id), f"items-{index}-chosen": "y",
                     f"items-{index}-amount": "3", f"items-{index}-unit": "minutes",
                     f"items-{index}-times": "1", f"items-{index}-period": "day"})
    return data


@pytest.fixture
def graham(practitioner):
    graham = make_client(practitioner, given_name="Graham", family_name="Whitfield")
    make_precaution(graham, PrecautionKind.BLOOD_THINNERS, details="Warfarin")
    return graham


def assignments(client) -> list[Assignment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Assignment).where(Assignment.client_id == client.id)))


def overrides() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "precautions.override")))


def test_patting_for_a_client_on_blood_thinners_warns_and_needs_a_reason(client, auth,
                                                                        practitioner, graham):
    patting = starter_exercise("Patting along")
    url = f"/exercises/assign/{graham.id}?exercise_id={patting.id}"
    auth.login_as(practitioner)
    warning = text_of(client.get(url), ".precaution-warning")
    assert "This conflicts with Graham's precautions" in warning
    assert "Patting along the limbs towards the trunk conflicts with Blood thinners: Warfarin" in warning
    assert "Instead: Stroke lightly instead of patting, tapping or deep pressure" in warning
    refused = client.post(url, data=ticked(patting))
    assert refused.status_code == 200
    assert "give the reason for going ahead" in text_of(refused)
    assert assignments(graham) == []
    response = client.post(url, data=ticked(patting,
                                            precaution_reason="Very light, on the legs only."))
    assert response.status_code == 302
    [assignment] = assignments(graham)
    assert assignment.precaution_overrides == [PrecautionKind.BLOOD_THINNERS]
    assert assignment.precaution_reason == "Very light, on the legs only."
    [event] = overrides()
    assert (event.target_type, event.target_id, event.client_id) == (
        "Assignment", assignment.id, graham.id)
    assert event.detail_dict == {"precautions": ["blood_thinners"], "grave": False,
                                 "confirmed_twice": False, "reason": "Very light, on the legs only."}
    record = text_of(client.get(f"/clients/{graham.id}"))
    assert "Went ahead despite: Blood thinners. Reason: Very light, on the legs only." in record


def test_the_gravest_ask_a_second_confirmation(client, auth, practitioner):
    rosa = make_client(practitioner, given_name="Rosa")
    make_precaution(rosa, PrecautionKind.BLOOD_CLOTS, details="DVT left calf, 2025")
    massage = starter_exercise("Neck and collarbone lymph")
    url = f"/exercises/assign/{rosa.id}?exercise_id={massage.id}"
    auth.login_as(practitioner)
    page = client.get(url)
    assert "one of the gravest" in text_of(page, ".precaution-warning")
    reason_only = client.post(url, data=ticked(massage, precaution_reason="GP agreed."))
    assert reason_only.status_code == 200
    assert "confirm that you have checked it is safe" in text_of(reason_only)
    assert assignments(rosa) == []
    client.post(url, data=ticked(massage, precaution_reason="GP agreed in writing.",
                                 precaution_confirm_grave="y"))
    [assignment] = assignments(rosa)
    assert assignment.precaution_overrides == [PrecautionKind.BLOOD_CLOTS]
    assert overrides()[0].detail_dict["confirmed_twice"] is True


def test_an_exercise_without_a_conflict_asks_nothing(client, auth, practitioner, graham):
    breathing = starter_exercise("Belly breathing")
    auth.login_as(practitioner)
    url = f"/exercises/assign/{graham.id}?exercise_id={breathing.id}"
    assert text_of(client.get(url), ".precaution-warning") == ""
    assert client.post(url, data=ticked(breathing)).status_code == 302
    assert assignments(graham)[0].precaution_overrides == []
    assert overrides() == []


def test_the_picker_says_which_exercises_conflict(client, auth, practitioner, graham):
    auth.login_as(practitioner)
    page = text_of(client.get(f"/exercises/assign/{graham.id}"))
    assert "Conflicts with Graham's precautions: Blood thinners: Warfarin" in page


def test_the_operation_itself_refuses_without_a_reason(practitioner, graham):
    prescription = Prescription(Dose(3, DoseUnit.MINUTES, 1, DosePeriod.DAY), TODAY)
    patting = starter_exercise("Patting along")
    with pytest.raises(ReasonNeeded):
        assign(graham, patting, practitioner, prescription)
    with pytest.raises(ReasonNeeded):
        assign(graham, patting, practitioner, prescription, going_ahead=GoAhead("  "))
    kept = assign(graham, patting, practitioner, prescription, going_ahead=GoAhead("Legs only"))
    assert kept.precaution_overrides == [PrecautionKind.BLOOD_THINNERS]


def test_a_checklist_change_opens_a_conflict_to_keep_with_a_reason(client, auth, practitioner):
    hannah = make_client(practitioner, given_name="Hannah")
    warmth = make_assignment(hannah, starter_exercise("Warmth on the back"),
                             starts_on=TODAY - timedelta(days=10))
    auth.login_as(practitioner)
    response = client.post(f"/precautions/clients/{hannah.id}/edit", data=checklist_form(
        lymphoedema={"side": "left", "limb": "arm"}))
    assert response.headers["Location"].endswith(f"/precautions/clients/{hannah.id}#open-conflicts")
    page = client.get(response.headers["Location"])
    open_list = text_of(page, ".open-conflicts")
    assert ("Home exercise “Warmth on the back of the neck and shoulders” conflicts with "
            "Lymphoedema: left arm") in open_list
    assert "Open conflicts" in text_of(client.get(f"/clients/{hannah.id}"))
    decide = f"/exercises/assignments/{warmth.id}/precautions"
    assert "Instead: Keep heat, patting and pressure off the affected limb" in text_of(client.get(decide))
    assert client.post(decide, data={}).status_code == 200
    kept = client.post(decide, data={"precaution_reason": "Right side of the neck only."})
    assert kept.status_code == 302
    db.session.refresh(warmth)
    assert warmth.precaution_overrides == [PrecautionKind.LYMPHOEDEMA]
    assert warmth.stopped_on is None
    assert "Open conflicts" not in text_of(client.get(f"/clients/{hannah.id}"))
    again = client.get(decide)
    assert again.status_code == 302  # nothing left to decide


def test_stopping_is_the_other_way_to_close_it(client, auth, practitioner):
    hannah = make_client(practitioner, given_name="Hannah")
    make_precaution(hannah, PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM)
    warmth = make_assignment(hannah, starter_exercise("Warmth on the back"),
                             starts_on=TODAY - timedelta(days=3))
    auth.login_as(practitioner)
    assert "Open conflicts" in text_of(client.get(f"/clients/{hannah.id}"))
    client.post(f"/exercises/assignments/{warmth.id}/stop")
    assert "Open conflicts" not in text_of(client.get(f"/clients/{hannah.id}"))


def test_a_dose_change_keeps_what_it_went_ahead_against(client, auth, practitioner, graham):
    patting = make_assignment(graham, starter_exercise("Patting along"),
                              starts_on=TODAY - timedelta(days=10))
    patting.precaution_overrides = [PrecautionKind.BLOOD_THINNERS]
    patting.precaution_reason = "Legs only."
    db.session.commit()
    auth.login_as(practitioner)
    client.post(f"/exercises/assignments/{patting.id}/change", data={
        "amount": "5", "unit": "minutes", "times": "1", "period": "day", "ends_on": "",
        "notes": ""})
    current = [a for a in assignments(graham) if a.replaces_id == patting.id]
    assert current[0].precaution_overrides == [PrecautionKind.BLOOD_THINNERS]
    assert current[0].precaution_reason == "Legs only."
    assert "Open conflicts" not in text_of(client.get(f"/clients/{graham.id}"))


def test_another_practitioners_assignment_is_not_found(client, auth, other_practitioner, graham):
    patting = make_assignment(graham, starter_exercise("Patting along"), starts_on=TODAY)
    auth.login_as(other_practitioner)
    assert client.get(f"/exercises/assignments/{patting.id}/precautions").status_code == 404
    assert client.post(f"/exercises/assignments/{patting.id}/precautions",
                       data={"precaution_reason": "x"}).status_code == 404


def _attention(response) -> list[tuple[str, str]]:
    """The open conflicts of the Today page's attention list: (reason, link)."""
    section = parse(response).select_one("section[aria-labelledby=attention-heading]")
    if section is None:
        return []
    found = [(" ".join(item.select_one(".attention-reason").get_text(" ").split()),
              item.select_one("a")["href"]) for item in section.select(".attention-item")]
    return [entry for entry in found if "conflicts with" in entry[0]]


def test_an_open_conflict_is_on_the_attention_list_until_decided(client, auth, practitioner):
    hannah = make_client(practitioner, given_name="Hannah")
    warmth = make_assignment(hannah, starter_exercise("Warmth on the back"),
                             starts_on=TODAY - timedelta(days=10))
    auth.login_as(practitioner)
    assert _attention(client.get("/")) == []
    client.post(f"/precautions/clients/{hannah.id}/edit", data=checklist_form(
        reduced_sensation={"site": "back of the neck"}))
    [(reason, href)] = _attention(client.get("/"))
    assert reason == ("Home exercise “Warmth on the back of the neck and shoulders” conflicts "
                      "with Reduced sensation: back of the neck: keep it with a reason, or "
                      "change it.")
    assert href.endswith(f"/exercises/assignments/{warmth.id}/precautions")
    client.post(href, data={"precaution_reason": "Only on the shoulders, checked with her."})
    assert _attention(client.get("/")) == []


def test_several_at_once_one_reason_for_those_that_conflict(client, auth, practitioner, graham):
    breathing, patting = starter_exercise("Belly breathing"), starter_exercise("Patting along")
    auth.login_as(practitioner)
    url = f"/exercises/assign/{graham.id}"
    refused = client.post(url, data=ticked(breathing, patting))
    assert "Patting along the limbs towards the trunk conflicts with Blood thinners" in text_of(
        refused, ".precaution-warning")
    assert assignments(graham) == []
    client.post(url, data=ticked(breathing, patting, precaution_reason="Stroking only."))
    kept = {a.exercise.name: a.precaution_overrides for a in assignments(graham)}
    assert kept == {"Belly breathing (diaphragmatic breathing)": [],
                    "Patting along the limbs towards the trunk": [PrecautionKind.BLOOD_THINNERS]}
