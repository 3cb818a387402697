"""Plan and template forms sent twice store one record and show it."""
import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.plans.models import PlanTemplate, SessionPlan
from tests.factories.accounts import make_client
from tests.factories.plans import make_template, starter_template
from tests.html import field_value, parse, text_of
from tests.test_plans_client_plans import plan_form
from tests.test_plans_templates import template_form

ALREADY_SAVED = "Already saved: here it is."


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def own_templates(user) -> list[PlanTemplate]:
    db.session.expire_all()
    return db.session.scalars(select(PlanTemplate).where(PlanTemplate.practitioner_id == user.id)
                              .order_by(PlanTemplate.id)).all()


def count_events(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_new_template_sent_twice_is_stored_once(client, auth, practitioner):
    auth.login_as(practitioner)
    key = field_value(client.get("/plans/templates/new"), "form_key")
    assert key
    first = client.post("/plans/templates/new", data=template_form(form_key=key))
    second = client.post("/plans/templates/new", data=template_form(form_key=key))
    [template] = own_templates(practitioner)
    assert first.headers["Location"] == second.headers["Location"] == \
        f"/plans/templates/{template.id}"
    assert ALREADY_SAVED in text_of(client.get(second.headers["Location"]))
    assert count_events("plan_template.create") == 1


@pytest.mark.parametrize("from_template", [False, True])
def test_new_plan_sent_twice_is_started_once(client, auth, practitioner, hannah, from_template):
    template = starter_template() if from_template else None
    auth.login_as(practitioner)
    query = f"?template_id={template.id}" if template else ""
    key = field_value(client.get(f"/plans/clients/{hannah.id}/new{query}"), "form_key")
    assert key
    data = plan_form(form_key=key, template_id=str(template.id) if template else "")
    first = client.post(f"/plans/clients/{hannah.id}/new", data=data)
    second = client.post(f"/plans/clients/{hannah.id}/new", data=data, follow_redirects=True)
    [plan] = db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == hannah.id)).all()
    assert first.headers["Location"] == f"/plans/{plan.id}"
    assert ALREADY_SAVED in text_of(second)
    # Not the refusal a second active plan for the same focus would get: the same plan, shown.
    assert "already has an active plan" not in text_of(second)
    assert count_events("plan.create") == 1


def test_duplicate_clicked_twice_makes_one_copy(client, auth, practitioner):
    source = make_template(practitioner, name="Evening routine")
    auth.login_as(practitioner)
    page = parse(client.get(f"/plans/templates/{source.id}"))
    form = page.find("form", action=f"/plans/templates/{source.id}/duplicate")
    key = form.find("input", attrs={"name": "form_key"})["value"]
    first = client.post(f"/plans/templates/{source.id}/duplicate", data={"form_key": key})
    second = client.post(f"/plans/templates/{source.id}/duplicate", data={"form_key": key},
                         follow_redirects=True)
    copies = [template for template in own_templates(practitioner) if template.id != source.id]
    assert len(copies) == 1
    assert first.headers["Location"] == f"/plans/templates/{copies[0].id}/edit"
    assert ALREADY_SAVED in text_of(second)
    assert count_events("plan_template.duplicate") == 1


def test_duplicating_again_from_a_fresh_page_makes_another_copy(client, auth, practitioner):
    source = make_template(practitioner, name="Evening routine")
    auth.login_as(practitioner)
    for _ in range(2):
        page = parse(client.get(f"/plans/templates/{source.id}"))
        key = page.find("form", action=f"/plans/templates/{source.id}/duplicate") \
            .find("input", attrs={"name": "form_key"})["value"]
        client.post(f"/plans/templates/{source.id}/duplicate", data={"form_key": key})
    assert len(own_templates(practitioner)) == 3


def test_a_step_button_keeps_the_forms_key(client, auth, practitioner):
    auth.login_as(practitioner)
    key = field_value(client.get("/plans/templates/new"), "form_key")
    response = client.post("/plans/templates/new", data=template_form(form_key=key,
                                                                       step_command="add"))
    assert field_value(response, "form_key") == key
