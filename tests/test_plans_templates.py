"""The plan template library: starter templates, own templates, steps, ownership."""
import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.plans.models import PlanTemplate
from practice.plans.starter import STARTER_TEMPLATES
from tests.factories.plans import make_template, starter_template
from tests.html import field_value, text_of


def step_rows(*steps):
    """Form fields for step rows: each step is (technique, region, minutes, instructions)."""
    data = {}
    for index, (technique, region, minutes, instructions) in enumerate(steps):
        data.update({f"steps-{index}-technique": technique, f"steps-{index}-body_region": region,
                     f"steps-{index}-minutes": minutes, f"steps-{index}-instructions": instructions})
    return data


def template_form(**overrides):
    data = {"name": "Morning lymph routine", "description": "For stiff mornings.",
            "focus_systems": ["lymphatic", "musculoskeletal"], "goals": "Less stiffness.",
            **step_rows(("Belly breathing", "Abdomen", "5", "Slow breaths."),
                        ("Collarbone clearing", "Collarbone", "3", ""))}
    data.update(overrides)
    return data


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- the starter templates -----------------------------------------------------------------

def test_starter_templates_are_practice_wide_with_real_steps(db):
    names = {data["name"] for data in STARTER_TEMPLATES}
    assert {"Lymph flow - neck and shoulders", "Endocrine balancing"} <= names
    lymph = starter_template()
    assert lymph.is_practice_wide
    assert FocusSystem.LYMPHATIC in lymph.focus_systems
    techniques = " ".join(step.technique.lower() for step in lymph.steps)
    assert "diaphragmatic breathing" in techniques
    assert "collarbone" in techniques
    assert "warm compress" in techniques
    assert "shoulder rolls" in techniques
    assert [step.position for step in lymph.steps] == list(range(1, len(lymph.steps) + 1))
    assert all(step.minutes and step.instructions for step in lymph.steps)
    endocrine = starter_template("Endocrine balancing")
    assert FocusSystem.ENDOCRINE in endocrine.focus_systems
    assert any("kidney" in step.technique.lower() for step in endocrine.steps)


def test_starter_data_uses_known_focus_systems_only():
    known = {focus.value for focus in FocusSystem}
    for data in STARTER_TEMPLATES:
        assert set(data["focus_systems"]) <= known
        assert data["steps"], data["name"]


# --- the list ---------------------------------------------------------------------------

def test_list_shows_practice_templates_and_own_but_not_others(client, auth, practitioner,
                                                              other_practitioner):
    make_template(practitioner, name="Pat's neck routine")
    make_template(other_practitioner, name="Olive's secret routine")
    make_template(practitioner, name="Old routine", archived=True)
    auth.login_as(practitioner)
    page = client.get("/plans/templates")
    assert page.status_code == 200
    assert b"Lymph flow - neck and shoulders" in page.data
    assert b"Endocrine balancing" in page.data
    assert "Pat's neck routine" in text_of(page)
    assert b"Olive" not in page.data
    assert b"Old routine" not in page.data
    archived = client.get("/plans/templates?archived=1")
    assert b"Old routine" in archived.data
    assert "Pat's neck routine" not in text_of(archived)


def test_list_issues_the_same_queries_for_3_or_30_templates(client, auth, practitioner,
                                                            count_queries):
    auth.login_as(practitioner)
    for number in range(3):
        make_template(practitioner, name=f"Routine {number}")
    with count_queries() as few:
        assert client.get("/plans/templates").status_code == 200
    for number in range(3, 30):
        make_template(practitioner, name=f"Routine {number}")
    with count_queries() as many:
        page = client.get("/plans/templates")
    assert b"Routine 29" in page.data
    assert len(many) == len(few)


# --- create and edit --------------------------------------------------------------------

def test_create_a_template_with_ordered_steps(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=template_form())
    assert response.status_code == 302
    template = db.session.scalars(select(PlanTemplate).where(
        PlanTemplate.name == "Morning lymph routine")).one()
    assert template.practitioner_id == practitioner.id
    assert template.focus_systems == [FocusSystem.LYMPHATIC, FocusSystem.MUSCULOSKELETAL]
    assert [(s.position, s.technique, s.minutes) for s in template.steps] == [
        (1, "Belly breathing", 5), (2, "Collarbone clearing", 3)]
    assert template.steps[1].instructions is None
    assert events("plan_template.create")[0].target_id == template.id


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": ""}, b"Give it a name."),
    ({"focus_systems": []}, b"Choose at least one focus system."),
    ({"focus_systems": ["spleen"]}, b"not a valid choice"),
    (step_rows(("", "", "", ""), ("", "", "", "")), b"Add at least one step."),
    (step_rows(("", "Neck", "5", "")), b"Name the technique, or clear this row."),
    (step_rows(("Breathing", "", "999", "")), b"Between 0 and 240 minutes."),
    (step_rows(("Breathing", "", "five", "")), b"Not a valid integer value."),
])
def test_invalid_templates_are_refused_with_a_message(client, auth, practitioner, overrides, message):
    auth.login_as(practitioner)
    before = db.session.scalar(select(db.func.count(PlanTemplate.id)))
    data = template_form()
    if any(key.startswith("steps-") for key in overrides):
        data = {key: value for key, value in data.items() if not key.startswith("steps-")}
    data.update(overrides)
    response = client.post("/plans/templates/new", data=data)
    assert response.status_code == 200
    assert message in response.data
    assert db.session.scalar(select(db.func.count(PlanTemplate.id))) == before


def test_blank_step_rows_are_dropped(client, auth, practitioner):
    auth.login_as(practitioner)
    data = template_form(**step_rows(("", "", "", ""), ("Shoulder rolls", "Shoulders", "4", ""),
                                     ("", "", "", "")))
    client.post("/plans/templates/new", data=data)
    template = db.session.scalars(select(PlanTemplate).where(
        PlanTemplate.practitioner_id == practitioner.id)).one()
    assert [step.technique for step in template.steps] == ["Shoulder rolls"]


@pytest.mark.parametrize(("command", "expected"), [
    ("add", ["Belly breathing", "Collarbone clearing", ""]),
    ("remove-0", ["Collarbone clearing"]),
    ("up-1", ["Collarbone clearing", "Belly breathing"]),
    ("down-0", ["Collarbone clearing", "Belly breathing"]),
    ("up-0", ["Belly breathing", "Collarbone clearing"]),
    ("down-1", ["Belly breathing", "Collarbone clearing"]),
])
def test_step_buttons_work_without_javascript_and_save_nothing(client, auth, practitioner, command,
                                                               expected):
    auth.login_as(practitioner)
    response = client.post("/plans/templates/new", data=template_form(step_command=command))
    assert response.status_code == 200
    for index, technique in enumerate(expected):
        assert field_value(response, f"steps-{index}-technique") == technique
    assert field_value(response, f"steps-{len(expected)}-technique") is None
    assert field_value(response, "name") == "Morning lymph routine"  # the rest of the form is kept
    assert db.session.scalar(select(db.func.count(PlanTemplate.id)).where(
        PlanTemplate.practitioner_id == practitioner.id)) == 0


def test_removing_the_last_step_leaves_one_empty_row(client, auth, practitioner):
    auth.login_as(practitioner)
    data = {key: value for key, value in template_form().items() if not key.startswith("steps-")}
    data.update(step_rows(("Only step", "", "", "")), step_command="remove-0")
    response = client.post("/plans/templates/new", data=data)
    assert field_value(response, "steps-0-technique") == ""


def test_edit_replaces_fields_and_steps_in_the_new_order(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    page = client.get(f"/plans/templates/{template.id}/edit")
    assert b"Lymph strokes toward the collarbone" in page.data
    response = client.post(f"/plans/templates/{template.id}/edit", data=template_form(
        name="Renamed", **step_rows(("Shoulder rolls", "Shoulders", "5", ""),
                                    ("Diaphragmatic breathing", "Abdomen", "5", ""))))
    assert response.status_code == 302
    db.session.expire_all()
    template = db.session.get(PlanTemplate, template.id)
    assert template.name == "Renamed"
    assert [s.technique for s in template.steps] == ["Shoulder rolls", "Diaphragmatic breathing"]
    assert events("plan_template.edit")


# --- practice-wide templates are read-only ---------------------------------------------------

def test_practice_templates_are_readable_and_duplicable_but_not_editable(client, auth, practitioner):
    lymph = starter_template()
    auth.login_as(practitioner)
    page = client.get(f"/plans/templates/{lymph.id}")
    assert page.status_code == 200
    assert b"read only" in page.data
    assert b"Warm compress on the back of the neck" in page.data
    assert client.get(f"/plans/templates/{lymph.id}/edit").status_code == 404
    assert client.post(f"/plans/templates/{lymph.id}/edit", data=template_form()).status_code == 404
    assert client.post(f"/plans/templates/{lymph.id}/archive").status_code == 404
    db.session.expire_all()
    assert db.session.get(PlanTemplate, lymph.id).name == "Lymph flow - neck and shoulders"
    assert db.session.get(PlanTemplate, lymph.id).archived_at is None


def test_duplicate_makes_an_own_editable_copy(client, auth, practitioner):
    lymph = starter_template()
    auth.login_as(practitioner)
    response = client.post(f"/plans/templates/{lymph.id}/duplicate")
    copy = db.session.scalars(select(PlanTemplate).where(
        PlanTemplate.practitioner_id == practitioner.id)).one()
    assert response.headers["Location"].endswith(f"/plans/templates/{copy.id}/edit")
    assert copy.name == "Lymph flow - neck and shoulders (copy)"
    assert [s.technique for s in copy.steps] == [s.technique for s in lymph.steps]
    assert {s.id for s in copy.steps}.isdisjoint({s.id for s in lymph.steps})
    assert copy.focus_systems == lymph.focus_systems
    assert events("plan_template.duplicate")[0].detail_dict == {"source_id": lymph.id}
    assert client.get(f"/plans/templates/{copy.id}/edit").status_code == 200


def test_archive_and_restore_own_template(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    assert b"archived" in client.post(f"/plans/templates/{template.id}/archive",
                                      follow_redirects=True).data
    db.session.expire_all()
    assert db.session.get(PlanTemplate, template.id).is_archived
    assert b"My lymph routine" not in client.get("/plans/templates").data
    client.post(f"/plans/templates/{template.id}/restore")
    db.session.expire_all()
    assert not db.session.get(PlanTemplate, template.id).is_archived
    assert len(events("plan_template.archive")) == len(events("plan_template.restore")) == 1


# --- someone else's templates ----------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/plans/templates/{id}"), ("get", "/plans/templates/{id}/edit"),
    ("post", "/plans/templates/{id}/edit"), ("post", "/plans/templates/{id}/duplicate"),
    ("post", "/plans/templates/{id}/archive"), ("post", "/plans/templates/{id}/restore"),
    ("get", "/plans/templates/{id}/start?client_id=1"),
])
def test_another_practitioners_template_is_404(client, auth, practitioner, other_practitioner,
                                               method, path):
    theirs = make_template(other_practitioner, name="Olive's routine")
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(id=theirs.id), data=template_form())
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(PlanTemplate, theirs.id).name == "Olive's routine"
    assert db.session.scalar(select(db.func.count(PlanTemplate.id)).where(
        PlanTemplate.practitioner_id == practitioner.id)) == 0


def test_enum_list_column_refuses_unknown_focus_systems(practitioner):
    template = PlanTemplate(practitioner_id=practitioner.id, name="Bad", focus_systems=["spleen"])
    db.session.add(template)
    with pytest.raises(Exception, match="spleen"):
        db.session.flush()
    db.session.rollback()


def test_a_stale_template_form_is_refused_and_saving_again_overwrites(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    path = f"/plans/templates/{template.id}/edit"
    opened = field_value(client.get(path), "version")
    assert opened
    assert client.post(path, data=template_form(name="First", version=opened)).status_code == 302
    refused = client.post(path, data=template_form(name="Second", version=opened))
    assert refused.status_code == 409
    panel = text_of(refused, "#conflict")
    assert "Someone else saved this template while you were editing it" in panel
    assert "First" in panel
    assert "Second" in panel
    assert field_value(refused, "name") == "Second"  # nothing typed is lost
    db.session.expire_all()
    assert db.session.get(PlanTemplate, template.id).name == "First"
    assert len(events("plan_template.edit")) == 1
    overwrite = client.post(path, data=template_form(name="Second",
                                                     version=field_value(refused, "version")))
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanTemplate, template.id).name == "Second"


def test_template_pages_are_not_about_a_client_and_leave_no_view_event(client, auth, practitioner):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    before = db.session.scalar(select(db.func.count(AuditEvent.id)))
    for path in ("/plans/templates", f"/plans/templates/{template.id}",
                 f"/plans/templates/{template.id}/edit"):
        assert client.get(path).status_code == 200
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == before
