"""Two tabs editing the same template, plan or settings: the second save is refused
with its typed values kept, and saving again from there is a deliberate overwrite."""
import re

from practice.core.extensions import db
from practice.core.settings import PracticeSettings
from practice.plans.models import PlanTemplate, SessionPlan
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_template
from tests.test_plans_client_plans import plan_form
from tests.test_plans_templates import template_form

STALE_MESSAGE = "Someone saved a change to this"
SETTINGS_FORM = {"practice_name": "Still Water Qigong", "timezone": "Europe/London",
                 "address": "", "phone": "", "email": "", "website": ""}


def opened_stamp(client, path: str) -> str:
    """The edit stamp a form carries when a tab opens it."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="edit_stamp" type="hidden" value="([^"]*)"', page).group(1)


def two_tabs(client, path, first_tab, second_tab):
    """Open the form twice, save tab one, then tab two: return tab two's two responses."""
    stamp = opened_stamp(client, path)
    assert stamp
    assert client.post(path, data={**first_tab, "edit_stamp": stamp}).status_code == 302
    refused = client.post(path, data={**second_tab, "edit_stamp": stamp})
    fresh = re.search(r'name="edit_stamp" type="hidden" value="([^"]*)"',
                      refused.get_data(as_text=True)).group(1)
    overwrite = client.post(path, data={**second_tab, "edit_stamp": fresh})
    return refused, overwrite


def test_plan_template(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    path = f"/plans/templates/{template.id}/edit"
    refused, overwrite = two_tabs(client, path, template_form(name="From tab one"),
                                  template_form(name="From tab two"))
    assert refused.status_code == 409
    assert STALE_MESSAGE in refused.get_data(as_text=True)
    assert 'value="From tab two"' in refused.get_data(as_text=True)  # nothing typed is lost
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanTemplate, template.id).name == "From tab two"


def test_template_refusal_keeps_the_first_save(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    path = f"/plans/templates/{template.id}/edit"
    stamp = opened_stamp(client, path)
    client.post(path, data={**template_form(name="First"), "edit_stamp": stamp})
    client.post(path, data={**template_form(name="Second"), "edit_stamp": stamp})
    db.session.expire_all()
    assert db.session.get(PlanTemplate, template.id).name == "First"


def test_session_plan(client, auth, practitioner):
    plan = make_plan(make_client(practitioner))
    auth.login_as(practitioner)
    path = f"/plans/{plan.id}/edit"
    refused, overwrite = two_tabs(client, path, plan_form(name="Tab one"),
                                  plan_form(name="Tab two"))
    assert refused.status_code == 409
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.get(SessionPlan, plan.id).name == "Tab two"


def test_practice_settings(client, auth, admin_user):
    auth.login_as(admin_user)
    client.post("/admin/settings", data=SETTINGS_FORM)
    refused, overwrite = two_tabs(client, "/admin/settings",
                                  {**SETTINGS_FORM, "practice_name": "Tab one"},
                                  {**SETTINGS_FORM, "practice_name": "Tab two"})
    assert refused.status_code == 409
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(db.select(PracticeSettings)).one().practice_name == "Tab two"
