"""Choosing a template for a new plan: in the same form as the plan, keeping what was typed.

With JavaScript the choice applies as soon as it is made (plan_template.js sends the form's
"Use this template" button); without it, that button does the same. Either way the server
fills in the template's name, focus systems, goals, measures and steps where the form still
holds nothing or the previous template's, and keeps whatever the practitioner typed.
"""
import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.plans.models import Measure, PlanTemplate, SessionPlan
from tests.factories.accounts import make_client
from tests.factories.plans import make_template, starter_template
from tests.html import field_value, form_data, parse
from tests.test_plans_templates import step_rows, template_form

LYMPH = "Lymph flow - neck and shoulders"


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def _typed(**overrides) -> dict:
    """A new plan's form as first shown (blank), with what the practitioner typed so far."""
    data = {"name": "", "goals": "", "sessions_per_week": "1", "weeks": "6",
            "start_date": "2026-11-02", "end_date": "", "template_id": "",
            "applied_template_id": "", **step_rows(("", "", "", ""))}
    data.update(overrides)
    return data


def _choose(client, hannah, template, data) -> "object":
    sent = MultiDict(data)  # a dict's lists are several values, as checkboxes send them
    sent["template_id"] = str(template.id) if template else ""
    sent["load_template"] = "1"
    response = client.post(f"/plans/clients/{hannah.id}/new", data=sent)
    assert response.status_code == 200
    return response


def _checked(response, name) -> list[str]:
    return [box["value"] for box in parse(response).find_all("input", attrs={"name": name})
            if box.has_attr("checked")]


def _techniques(response) -> list[str]:
    page = parse(response)
    return [node.get("value") for node in page.select('input[name$="-technique"]')
            if node.get("value")]


def _form_data(response):
    """What the plan form on ``response`` sends as it stands (as a browser would)."""
    return form_data(response, "form[data-step-form]")


def _plans(client_record):
    return db.session.scalars(select(SessionPlan).where(
        SessionPlan.client_id == client_record.id)).all()


def test_the_template_choice_is_part_of_the_plan_form(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = parse(client.get(f"/plans/clients/{hannah.id}/new"))
    choice = page.find("select", attrs={"name": "template_id"})
    form = choice.find_parent("form")
    assert form.get("method") == "post"
    assert form.find("button", string="Start the plan") is not None
    # Without JavaScript one button applies the choice; the script sends it on change.
    apply = form.find("button", attrs={"name": "load_template"})
    assert apply.has_attr("formnovalidate")
    assert choice.has_attr("data-apply-template")
    assert page.find("button", string="Use this") is None  # no separate form to send first


def test_choosing_a_template_keeps_what_was_typed(client, auth, practitioner, hannah):
    lymph = starter_template()
    auth.login_as(practitioner)
    response = _choose(client, hannah, lymph, _typed(
        goals="Carry the shopping without neck pain.", weeks="8", sessions_per_week="2",
        start_date="2026-12-07"))
    assert field_value(response, "name") == LYMPH
    assert field_value(response, "goals").strip() == "Carry the shopping without neck pain."
    assert (field_value(response, "weeks"), field_value(response, "sessions_per_week")) == ("8", "2")
    assert field_value(response, "start_date") == "2026-12-07"
    assert set(_checked(response, "focus_systems")) == {"lymphatic", "musculoskeletal"}
    assert _techniques(response) == [step.technique for step in lymph.steps]
    assert field_value(response, "applied_template_id") == str(lymph.id)
    assert _plans(hannah) == []  # nothing is saved by choosing


def test_the_lymph_starter_template_sets_measures_to_watch(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    lymph = starter_template()
    assert lymph.measures == [Measure.PAIN, Measure.NECK_SHOULDER_PAIN, Measure.FATIGUE]
    page = client.get(f"/plans/clients/{hannah.id}/new?template_id={lymph.id}")
    assert _checked(page, "measures") == ["pain", "neck_shoulder_pain", "fatigue"]
    chosen = _choose(client, hannah, lymph, _typed())
    assert _checked(chosen, "measures") == ["pain", "neck_shoulder_pain", "fatigue"]


def test_measures_ticked_by_hand_are_kept(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = _choose(client, hannah, starter_template(), _typed(measures=["sleep"]))
    assert _checked(response, "measures") == ["sleep"]


def test_another_template_replaces_only_what_came_from_the_first(client, auth, practitioner,
                                                                 hannah):
    lymph = starter_template()
    endocrine = starter_template("Endocrine balancing")
    auth.login_as(practitioner)
    first = _choose(client, hannah, lymph, _typed())
    # The form as the first choice left it, with the goals rewritten by hand.
    data = _form_data(first)
    data["goals"] = "My own goals."
    second = _choose(client, hannah, endocrine, data)
    assert field_value(second, "name") == "Endocrine balancing"
    assert field_value(second, "goals").strip() == "My own goals."
    assert set(_checked(second, "focus_systems")) == {"endocrine", "nervous_sleep"}
    assert _techniques(second) == [step.technique for step in endocrine.steps]
    assert field_value(second, "applied_template_id") == str(endocrine.id)


def test_steps_typed_by_hand_stay_and_the_templates_follow(client, auth, practitioner, hannah):
    template = make_template(practitioner, name="Short routine")
    auth.login_as(practitioner)
    response = _choose(client, hannah, template, _typed(
        name="Hannah's course", **step_rows(("Warm-up walk", "Legs", "5", ""))))
    assert field_value(response, "name") == "Hannah's course"
    assert _techniques(response) == ["Warm-up walk",
                                     *[step.technique for step in template.steps]]


def test_choosing_blank_clears_only_the_templates_content(client, auth, practitioner, hannah):
    lymph = starter_template()
    auth.login_as(practitioner)
    first = _choose(client, hannah, lymph, _typed(goals="Sleep through."))
    blank = _choose(client, hannah, None, _form_data(first))
    assert field_value(blank, "name") == ""
    assert field_value(blank, "goals").strip() == "Sleep through."
    assert _checked(blank, "focus_systems") == []
    assert _techniques(blank) == []


def test_the_plan_records_the_template_its_content_came_from(client, auth, practitioner, hannah):
    lymph = starter_template()
    auth.login_as(practitioner)
    chosen = _choose(client, hannah, lymph, _typed())
    response = client.post(f"/plans/clients/{hannah.id}/new", data=_form_data(chosen))
    assert response.status_code == 302
    [plan] = _plans(hannah)
    assert plan.template_id == lymph.id
    assert plan.measures == [Measure.PAIN, Measure.NECK_SHOULDER_PAIN, Measure.FATIGUE]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.create")).one()
    assert event.detail_dict["template_id"] == lymph.id


def test_another_practitioners_template_cannot_be_chosen(client, auth, practitioner,
                                                         other_practitioner, hannah):
    theirs = make_template(other_practitioner, name="Their routine")
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new",
                           data={**_typed(), "template_id": str(theirs.id), "load_template": "1"})
    assert response.status_code == 404


def test_a_template_keeps_its_own_measures_and_a_duplicate_copies_them(client, auth,
                                                                       practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new",
                           data=template_form(measures=["fatigue", "sleep"]))
    assert response.status_code == 302
    template = db.session.scalars(select(PlanTemplate).where(
        PlanTemplate.practitioner_id == practitioner.id)).one()
    assert template.measures == [Measure.FATIGUE, Measure.SLEEP]
    page = client.get(f"/plans/templates/{template.id}")
    assert "Fatigue (0-10)" in page.get_data(as_text=True)
    copy_response = client.post(f"/plans/templates/{starter_template().id}/duplicate",
                                data={"form_key": "copy-once"})
    copy = db.session.get(PlanTemplate, int(copy_response.headers["Location"].split("/")[-2]))
    assert copy.measures == starter_template().measures
