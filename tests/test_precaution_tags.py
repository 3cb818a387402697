"""Exercises and plan steps carry the precautions they conflict with: the starter library and
templates come tagged; practitioners tag their own."""
import pytest
from sqlalchemy import select

from practice.core.extensions import db
from practice.exercises.models import Exercise
from practice.exercises.starter import STARTER_CONFLICTS, STARTER_EXERCISES
from practice.plans.models import PlanTemplate, SessionPlan
from practice.plans.starter import STARTER_TEMPLATES, STEP_CONFLICTS
from practice.precautions.kinds import PrecautionKind as K
from tests.factories.accounts import make_client
from tests.factories.exercises import starter_exercise
from tests.factories.plans import starter_template
from tests.html import parse, text_of
from tests.test_plans_client_plans import plan_form
from tests.test_plans_templates import template_form

EXERCISE_FORM = {"name": "Tapping the arms", "focus_systems": ["lymphatic"],
                 "instructions": "Tap lightly from the hand to the shoulder.", "amount": "2",
                 "unit": "minutes", "times": "1", "period": "day"}


def checked_tags(response, name: str) -> list[str]:
    return [box["value"] for box in parse(response).select(f'input[name="{name}"][checked]')]


@pytest.mark.usefixtures("db")
def test_every_starter_item_and_step_is_tagged_from_its_group():
    assert set(STARTER_CONFLICTS) == {item["name"] for item in STARTER_EXERCISES}
    assert starter_exercise("Patting along").conflicts_with == [
        K.INFECTION, K.BLOOD_CLOTS, K.CANCER, K.HEART_FAILURE, K.KIDNEY_FAILURE, K.LYMPHOEDEMA,
        K.RECENT_SURGERY, K.BLOOD_THINNERS, K.BROKEN_SKIN]
    assert K.LYMPHOEDEMA in starter_exercise("Warmth on the back").conflicts_with
    assert starter_exercise("Belly breathing").conflicts_with == []
    techniques = {step["technique"] for data in STARTER_TEMPLATES for step in data["steps"]}
    assert set(STEP_CONFLICTS) <= techniques  # no tag names a step that is not there
    lymph = starter_template()
    tagged = {step.technique: step.conflicts_with for step in lymph.steps}
    assert K.BLOOD_CLOTS in tagged["Lymph drainage strokes toward the collarbone"]
    assert tagged["Warm compress on the back of the neck"] == [
        K.INFECTION, K.LYMPHOEDEMA, K.REDUCED_SENSATION, K.BROKEN_SKIN]
    assert tagged["Settling with diaphragmatic breathing"] == []


def test_practitioners_tag_their_own_exercises_and_copies_keep_the_tags(client, auth,
                                                                       practitioner):
    auth.login_as(practitioner)
    response = client.post("/exercises/new", data={
        **EXERCISE_FORM, "conflicts_with": ["blood_thinners", "lymphoedema", "nonsense"]})
    assert response.status_code == 302
    exercise = db.session.scalar(select(Exercise).where(Exercise.name == "Tapping the arms"))
    assert exercise.conflicts_with == [K.LYMPHOEDEMA, K.BLOOD_THINNERS]
    page = client.get(f"/exercises/{exercise.id}")
    assert "Conflicts with: Lymphoedema Blood thinners" in text_of(page)
    edit = client.get(f"/exercises/{exercise.id}/edit")
    assert checked_tags(edit, "conflicts_with") == ["lymphoedema", "blood_thinners"]
    client.post(f"/exercises/{exercise.id}/copy")
    copy = db.session.scalar(select(Exercise).where(Exercise.copied_from_id == exercise.id))
    assert copy.conflicts_with == [K.LYMPHOEDEMA, K.BLOOD_THINNERS]


def test_a_template_step_keeps_its_tags_through_edit_duplicate_and_a_new_plan(client, auth,
                                                                            practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=template_form(**{
        "steps-1-conflicts_with": ["heart_failure", "blood_clots"]}))
    assert response.status_code == 302
    template = db.session.scalar(select(PlanTemplate).where(
        PlanTemplate.practitioner_id == practitioner.id))
    assert [step.conflicts_with for step in template.steps] == [
        [], [K.BLOOD_CLOTS, K.HEART_FAILURE]]
    page = client.get(f"/plans/templates/{template.id}")
    assert "Conflicts with: History of blood clots (DVT or PE) Heart failure" in text_of(page)
    edit = client.get(f"/plans/templates/{template.id}/edit")
    assert checked_tags(edit, "steps-1-conflicts_with") == ["blood_clots", "heart_failure"]
    hannah = make_client(practitioner)
    new_plan = client.get(f"/plans/clients/{hannah.id}/new?template_id={template.id}")
    assert checked_tags(new_plan, "steps-1-conflicts_with") == ["blood_clots", "heart_failure"]
    client.post(f"/plans/clients/{hannah.id}/new?template_id={template.id}", data=plan_form(**{
        "steps-1-conflicts_with": ["blood_clots", "heart_failure"]}))
    plan = db.session.scalar(select(SessionPlan).where(SessionPlan.client_id == hannah.id))
    assert plan.steps[1].conflicts_with == [K.BLOOD_CLOTS, K.HEART_FAILURE]


def test_the_step_buttons_keep_the_tags_of_each_row(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=template_form(**{
        "steps-1-conflicts_with": ["pregnancy"], "step_command": "up-1"}))
    assert response.status_code == 200
    assert checked_tags(response, "steps-0-conflicts_with") == ["pregnancy"]
    assert checked_tags(response, "steps-1-conflicts_with") == []
