"""At most 40 steps in a template, a plan or a session: said on the form, never cut silently.

"+ Add a step" at the limit keeps the form as typed and says why no row was added; a post
with more steps than allowed is refused with a message and every typed step is kept.
"""
import pytest
from sqlalchemy import func, select

from practice.core.extensions import db
from practice.plans.models import PlanTemplate, SessionPlan
from practice.plans.stepforms import MAX_STEPS
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_session, make_template
from tests.html import field_value, parse, text_of
from tests.test_plans_client_plans import plan_form
from tests.test_plans_templates import step_rows, template_form
from tests.test_treatments import session_form

LIMIT_MESSAGE = f"at most {MAX_STEPS} steps"


def numbered_steps(count: int) -> list[tuple[str, str, str, str]]:
    return [(f"Step number {number}", "Neck", "2", "") for number in range(1, count + 1)]


def with_steps(data: dict, count: int) -> dict:
    data = {key: value for key, value in data.items() if not key.startswith("steps-")}
    return data | step_rows(*numbered_steps(count))


def session_steps(count: int) -> dict:
    rows = {}
    for index in range(count):
        rows.update({f"steps-{index}-performed": "y", f"steps-{index}-technique": f"Step number {index + 1}",
                     f"steps-{index}-body_region": "Neck", f"steps-{index}-minutes": "2",
                     f"steps-{index}-note": ""})
    return rows


def session_with_steps(count: int, **overrides) -> dict:
    data = {key: value for key, value in session_form(**overrides).items()
            if not key.startswith("steps-")}
    return data | session_steps(count)


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def test_the_limit_is_forty():
    assert MAX_STEPS == 40


# --- "+ Add a step" at the limit -------------------------------------------------------------

def _assert_all_kept(response, count_: int):
    page = parse(response)  # once: a page of 60 rows is slow to parse
    typed = [page.find(attrs={"name": f"steps-{index}-technique"}) for index in range(count_)]
    assert [node.get("value") if node else None for node in typed] == [
        f"Step number {number}" for number in range(1, count_ + 1)]


@pytest.mark.parametrize("path", ["/plans/templates/new", "/plans/templates/{template}/edit",
                                  "/plans/clients/{client}/new"])
def test_adding_a_41st_step_says_why_and_keeps_the_form(client, auth, practitioner, hannah, path):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    base = template_form() if "templates" in path else plan_form()
    data = with_steps(base, MAX_STEPS) | {"step_command": "add"}
    if "edit" in path:
        data["version"] = field_value(client.get(f"/plans/templates/{template.id}/edit"), "version")
    response = client.post(path.format(template=template.id, client=hannah.id), data=data)
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, MAX_STEPS)
    assert field_value(response, f"steps-{MAX_STEPS}-technique") is None  # no 41st row
    assert field_value(response, "name") == base["name"]


def test_adding_a_41st_technique_to_a_session_says_why_and_keeps_the_form(client, auth,
                                                                          practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=session_with_steps(MAX_STEPS, step_command="add"))
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, MAX_STEPS)
    assert field_value(response, f"steps-{MAX_STEPS}-technique") is None
    assert field_value(response, "subjective").strip() == "Woke twice, neck stiff."
    assert count(TreatmentSession) == 0


def test_below_the_limit_a_step_is_added_as_before(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new",
                           data=with_steps(template_form(), MAX_STEPS - 1) | {"step_command": "add"})
    assert field_value(response, f"steps-{MAX_STEPS - 1}-technique") == ""
    assert LIMIT_MESSAGE not in text_of(response)


# --- a post with more steps than allowed -----------------------------------------------------

def test_a_template_with_60_steps_is_refused_and_every_step_kept(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=with_steps(template_form(), 60))
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    assert "60" in text_of(response)
    _assert_all_kept(response, 60)
    assert count(PlanTemplate) == db.session.scalar(select(func.count(PlanTemplate.id)).where(
        PlanTemplate.practitioner_id.is_(None)))  # nothing of this practitioner's stored


def test_editing_a_template_to_60_steps_changes_nothing(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    version = field_value(client.get(f"/plans/templates/{template.id}/edit"), "version")
    response = client.post(f"/plans/templates/{template.id}/edit",
                           data=with_steps(template_form(), 60) | {"version": version})
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, 60)
    db.session.expire_all()
    assert len(db.session.get(PlanTemplate, template.id).steps) == 3


def test_exactly_40_steps_are_saved(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=with_steps(template_form(), MAX_STEPS))
    assert response.status_code == 302
    template = db.session.scalars(select(PlanTemplate).where(
        PlanTemplate.practitioner_id == practitioner.id)).one()
    assert len(template.steps) == MAX_STEPS


def test_a_plan_with_60_steps_is_refused_and_every_step_kept(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new", data=with_steps(plan_form(), 60))
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, 60)
    assert count(SessionPlan) == 0


def test_a_session_with_60_steps_is_refused_and_every_step_kept(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=session_with_steps(60))
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, 60)
    assert count(TreatmentSession) == 0


def test_a_draft_edited_to_60_steps_keeps_its_stored_steps(client, auth, practitioner, hannah):
    draft = make_session(hannah)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{draft.id}/edit",
                           data=session_with_steps(60, version="1"))
    assert response.status_code == 200
    assert LIMIT_MESSAGE in text_of(response)
    _assert_all_kept(response, 60)
    db.session.expire_all()
    assert len(db.session.get(TreatmentSession, draft.id).steps) == 1


def test_a_stored_record_with_more_steps_than_the_limit_still_opens(client, auth, practitioner,
                                                                     hannah):
    """Older data (an import, a script) may hold more: its pages open and say what to do."""
    steps = [{"technique": f"Step number {number}", "body_region": None, "minutes": 1,
              "performed": True, "note": None} for number in range(1, 46)]
    draft = make_session(hannah, steps=steps)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{draft.id}/edit")
    assert page.status_code == 200
    _assert_all_kept(page, 45)
