"""Starting a plan from a template, editing one, and recording a session step that conflict
with the client's precautions: warned, a reason to go ahead, kept on the record and audited."""
import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.plans.models import SessionPlan
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session, starter_template
from tests.factories.precautions import checklist_form, make_precaution
from tests.html import field_value, parse, text_of
from tests.test_plans_client_plans import plan_form

PATTING = {"technique": "Patting along the limbs toward the trunk", "body_region": "Arms",
           "minutes": 5, "instructions": "Light.", "conflicts_with": ["blood_thinners",
                                                                       "lymphoedema"]}
BREATHING = {"technique": "Belly breathing", "body_region": "Abdomen", "minutes": 5}


@pytest.fixture
def hannah(practitioner):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    make_precaution(hannah, PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM)
    return hannah


def form_of(response) -> dict:
    """Every field of the page's main form as the browser would send it (ticked boxes only)."""
    page = parse(response)
    data: dict = {}
    for node in page.select("form[method=post] input, form[method=post] textarea, "
                            "form[method=post] select"):
        name = node.get("name")
        if not name or node.get("type") == "submit":
            continue
        if node.get("type") in ("checkbox", "radio"):
            if node.has_attr("checked"):
                data.setdefault(name, []).append(node.get("value", "y"))
        elif node.name == "textarea":
            data[name] = node.get_text()
        elif node.name == "select":
            chosen = node.find("option", selected=True) or node.find("option")
            data[name] = chosen.get("value") if chosen else ""
        else:
            data[name] = node.get("value", "")
    return data


def overrides() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "precautions.override")))


def test_starting_a_plan_from_a_template_warns_about_its_steps(client, auth, practitioner, hannah):
    template = starter_template()
    auth.login_as(practitioner)
    url = f"/plans/clients/{hannah.id}/new?template_id={template.id}"
    page = client.get(url)
    warning = text_of(page, ".precaution-warning")
    assert "Step 2: Warm compress on the back of the neck conflicts with Lymphoedema: left arm" \
        in warning
    assert "Instead: Keep heat, patting and pressure off the affected limb" in warning
    data = form_of(page)
    refused = client.post(url, data=data)
    assert refused.status_code == 200
    assert db.session.scalars(select(SessionPlan)).all() == []
    data["precaution_reason"] = "Warmth on the right side only."
    assert client.post(url, data=data).status_code == 302
    plan = db.session.scalar(select(SessionPlan).where(SessionPlan.client_id == hannah.id))
    assert plan.precaution_overrides == [PrecautionKind.LYMPHOEDEMA]
    assert plan.precaution_reason == "Warmth on the right side only."
    assert "Went ahead despite: Lymphoedema. Reason: Warmth on the right side only." in text_of(
        client.get(f"/plans/{plan.id}"))
    assert overrides()[0].target_type == "SessionPlan"


def test_removing_the_conflicting_step_needs_no_reason(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new", data=plan_form(**{
        "steps-1-conflicts_with": []}))
    assert response.status_code == 302
    assert overrides() == []


def test_editing_a_plan_asks_only_about_what_is_new(client, auth, practitioner, hannah):
    plan = make_plan(hannah, steps=[BREATHING, PATTING], precaution_overrides=["lymphoedema"],
                     precaution_reason="Right arm only.")
    auth.login_as(practitioner)
    edit = client.get(f"/plans/{plan.id}/edit")
    assert text_of(edit, ".precaution-warning") == ""  # lymphoedema was weighed already
    make_precaution(hannah, PrecautionKind.BLOOD_THINNERS, details="Apixaban")
    assert "Plan “Lymph flow for the neck” conflicts with Blood thinners: Apixaban" in text_of(
        client.get(f"/clients/{hannah.id}"))
    edit = client.get(f"/plans/{plan.id}/edit")
    assert "conflicts with Blood thinners: Apixaban" in text_of(edit, ".precaution-warning")
    data = {**form_of(edit), "precaution_reason": "Stroking, not patting."}
    assert client.post(f"/plans/{plan.id}/edit", data=data).status_code == 302
    db.session.refresh(plan)
    assert plan.precaution_overrides == [PrecautionKind.LYMPHOEDEMA, PrecautionKind.BLOOD_THINNERS]
    assert plan.precaution_reason == "Right arm only.\nStroking, not patting."
    assert "Open conflicts" not in text_of(client.get(f"/clients/{hannah.id}"))


def test_a_session_step_from_the_plan_carries_its_tags_and_asks_why(client, auth, practitioner,
                                                                   hannah):
    plan = make_plan(hannah, steps=[BREATHING, PATTING], precaution_overrides=["lymphoedema"],
                     precaution_reason="Right arm only.")
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert field_value(page, "steps-1-conflicts_with") == "lymphoedema,blood_thinners"
    warning = text_of(page, ".precaution-warning")
    assert "Patting along the limbs toward the trunk conflicts with Lymphoedema: left arm" in warning
    data = form_of(page)
    refused = client.post(f"/sessions/clients/{hannah.id}/new", data=data)
    assert refused.status_code == 200
    assert "give the reason for going ahead" in text_of(refused)
    assert db.session.scalars(select(TreatmentSession)).all() == []
    skipped = {**data, "steps-1-performed": []}  # left out: nothing to weigh
    assert client.post(f"/sessions/clients/{hannah.id}/new", data=skipped).status_code == 302
    [session] = db.session.scalars(select(TreatmentSession)).all()
    assert session.precaution_overrides == []
    assert session.steps[1]["conflicts_with"] == ["lymphoedema", "blood_thinners"]
    assert plan.id == session.plan_id


def test_a_session_saved_with_a_reason_keeps_it_and_signs(client, auth, practitioner, hannah):
    make_plan(hannah, steps=[BREATHING, PATTING])
    auth.login_as(practitioner)
    data = {**form_of(client.get(f"/sessions/clients/{hannah.id}/new")),
            "precaution_reason": "Right arm only, very light.", "sign": "1"}
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=data)
    assert response.status_code == 302
    [session] = db.session.scalars(select(TreatmentSession)).all()
    assert session.is_signed
    assert session.precaution_overrides == [PrecautionKind.LYMPHOEDEMA]
    page = text_of(client.get(f"/sessions/{session.id}"))
    assert "Went ahead despite: Lymphoedema. Reason: Right arm only, very light." in page


def test_signing_a_draft_with_an_open_conflict_sends_back_to_the_form(client, auth, practitioner,
                                                                     hannah):
    draft = make_session(hannah, steps=[{**PATTING, "performed": True, "note": None}])
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{draft.id}/sign", data={"version": str(draft.version)},
                           headers={"Referer": f"http://localhost/sessions/{draft.id}"},
                           follow_redirects=True)
    assert "open the draft, give the reason for going ahead, then sign" in text_of(response)
    db.session.refresh(draft)
    assert not draft.is_signed


def test_the_checklist_and_the_plan_together(client, auth, practitioner):
    """A precaution ticked after the plan began makes the plan an open conflict until edited."""
    rosa = make_client(practitioner, given_name="Rosa")
    plan = make_plan(rosa, steps=[BREATHING, PATTING])
    auth.login_as(practitioner)
    response = client.post(f"/precautions/clients/{rosa.id}/edit", data=checklist_form(
        blood_thinners={"details": "Warfarin"}), follow_redirects=True)
    assert "Plan “Lymph flow for the neck” conflicts with Blood thinners: Warfarin" in text_of(
        response, ".open-conflicts")
    assert f"/plans/{plan.id}/edit" in [a["href"] for a in parse(response).select(
        ".open-conflicts a")]
