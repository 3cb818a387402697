"""A client's session plans: from a template or blank, one active per focus system, history."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from practice.clients.overview import sections_for
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.plans.models import Measure, PlanStatus, PlanTemplate, SessionPlan
from practice.plans.operations import PlanConflict, create_plan
from practice.plans.queries import active_plans_section
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session, make_template, starter_template
from tests.html import field_value, parse, text_of
from tests.test_plans_templates import step_rows

DEFAULT_STEPS = (("Belly breathing", "Abdomen", "5", ""),
                 ("Strokes toward the collarbone", "Neck", "10", "Light."))


def plan_form(steps=DEFAULT_STEPS, **overrides):
    data = {"name": "Neck lymph course", "focus_systems": ["lymphatic"], "goals": "Less neck pain.",
            "sessions_per_week": "2", "weeks": "6", "measures": ["pain", "neck_shoulder_pain"],
            "start_date": "2026-11-02", "end_date": "", **step_rows(*steps)}
    data.update(overrides)
    return data


def plans_of(client):
    db.session.expire_all()
    return db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == client.id)
                              .order_by(SessionPlan.id)).all()


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price",
                       precautions="Lymphoedema in the left arm: light strokes only.")


# --- starting a plan ----------------------------------------------------------------------------

def test_new_plan_from_a_template_is_prefilled_with_its_steps(client, auth, practitioner, hannah):
    lymph = starter_template()
    auth.login_as(practitioner)
    page = client.get(f"/plans/clients/{hannah.id}/new?template_id={lymph.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert field_value(page, "name") == "Lymph flow - neck and shoulders"
    assert "Warm compress on the back of the neck" in html
    assert "Lymphoedema in the left arm" in html  # the precautions banner
    assert field_value(page, f"steps-{len(lymph.steps) - 1}-technique") is not None


def test_plan_copies_the_steps_so_template_and_plan_change_independently(client, auth, practitioner,
                                                                         hannah):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new?template_id={template.id}",
                           data=plan_form(steps=[("Adapted breathing", "Abdomen", "8", "")]))
    assert response.status_code == 302
    plan = plans_of(hannah)[0]
    assert plan.template_id == template.id
    assert plan.created_by_id == practitioner.id
    assert [s.technique for s in plan.steps] == ["Adapted breathing"]
    template = db.session.get(PlanTemplate, template.id)
    assert [s.technique for s in template.steps][0] == "Diaphragmatic breathing"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.create")).one()
    assert event.client_id == hannah.id
    assert event.detail_dict["template_id"] == template.id


def test_blank_plan_with_cadence_measures_and_dates(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert client.get(f"/plans/clients/{hannah.id}/new").status_code == 200
    client.post(f"/plans/clients/{hannah.id}/new", data=plan_form())
    plan = plans_of(hannah)[0]
    assert plan.template_id is None
    assert plan.status is PlanStatus.ACTIVE
    assert (plan.sessions_per_week, plan.weeks, plan.planned_sessions) == (2, 6, 12)
    assert plan.measures == [Measure.PAIN, Measure.NECK_SHOULDER_PAIN]
    assert plan.start_date == date(2026, 11, 2)
    assert plan.end_date is None
    assert [s.position for s in plan.steps] == [1, 2]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"sessions_per_week": "0"}, b"Between 1 and 14."),
    ({"weeks": ""}, b"For how many weeks?"),
    ({"start_date": ""}, b"When does the plan start?"),
    ({"end_date": "2026-10-01"}, b"The end date cannot be before the start date."),
    ({"measures": ["blood_pressure"]}, b"not a valid choice"),
])
def test_invalid_plans_are_refused_with_a_message(client, auth, practitioner, hannah, overrides,
                                                  message):
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new", data=plan_form(**overrides))
    assert response.status_code == 200
    assert message in response.data
    assert plans_of(hannah) == []


def test_step_buttons_on_the_plan_form_save_nothing(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new", data=plan_form(step_command="up-1"))
    html = response.get_data(as_text=True)
    assert html.index("Strokes toward the collarbone") < html.index("Belly breathing")
    assert plans_of(hannah) == []


# --- one active plan per focus system -------------------------------------------------------

def test_second_active_plan_for_the_same_focus_system_is_refused(client, auth, practitioner, hannah):
    make_plan(hannah, name="First lymph plan", focus=("lymphatic", "musculoskeletal"))
    auth.login_as(practitioner)
    response = client.post(f"/plans/clients/{hannah.id}/new",
                           data=plan_form(focus_systems=["musculoskeletal", "endocrine"]))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "already has an active plan for Musculoskeletal (neck and shoulders)" in text
    assert "First lymph plan" in text
    assert len(plans_of(hannah)) == 1


def test_plans_for_other_focus_systems_can_run_side_by_side(client, auth, practitioner, hannah):
    make_plan(hannah, focus=("lymphatic",))
    auth.login_as(practitioner)
    client.post(f"/plans/clients/{hannah.id}/new", data=plan_form(focus_systems=["endocrine"]))
    assert [plan.status for plan in plans_of(hannah)] == [PlanStatus.ACTIVE, PlanStatus.ACTIVE]


def test_a_paused_or_completed_plan_does_not_block_a_new_one(client, auth, practitioner, hannah):
    make_plan(hannah, status=PlanStatus.PAUSED)
    make_plan(hannah, status=PlanStatus.COMPLETED, end_date=date.today())
    auth.login_as(practitioner)
    client.post(f"/plans/clients/{hannah.id}/new", data=plan_form())
    assert len(plans_of(hannah)) == 3


def test_resuming_a_paused_plan_is_refused_while_another_is_active(client, auth, practitioner,
                                                                   hannah):
    paused = make_plan(hannah, name="Paused plan", status=PlanStatus.PAUSED)
    make_plan(hannah, name="Current plan")
    auth.login_as(practitioner)
    page = client.post(f"/plans/{paused.id}/status/active", follow_redirects=True)
    assert b"already has an active plan for Lymphatic" in page.data
    assert db.session.get(SessionPlan, paused.id).status is PlanStatus.PAUSED


def test_editing_an_active_plan_into_an_overlap_is_refused(client, auth, practitioner, hannah):
    make_plan(hannah, name="Lymph plan", focus=("lymphatic",))
    endocrine = make_plan(hannah, name="Endocrine plan", focus=("endocrine",))
    auth.login_as(practitioner)
    response = client.post(f"/plans/{endocrine.id}/edit",
                           data=plan_form(focus_systems=["endocrine", "lymphatic"]))
    assert b"already has an active plan for Lymphatic" in response.data
    assert plans_of(hannah)[1].focus_systems == [FocusSystem.ENDOCRINE]


def test_the_service_enforces_the_rule_too(practitioner, hannah):
    make_plan(hannah)
    data = {"name": "Again", "focus_systems": ["lymphatic"], "sessions_per_week": 1, "weeks": 4,
            "start_date": date.today(), "steps": [{"technique": "Breathing"}]}
    with pytest.raises(PlanConflict, match="one active plan per focus system"):
        create_plan(hannah, practitioner, data)


# --- status and history -------------------------------------------------------------------------

def test_pause_resume_complete_keeps_the_history(client, auth, practitioner, hannah):
    plan = make_plan(hannah, start_date=date.today() - timedelta(days=30))
    auth.login_as(practitioner)
    client.post(f"/plans/{plan.id}/status/paused")
    assert plans_of(hannah)[0].status is PlanStatus.PAUSED
    client.post(f"/plans/{plan.id}/status/active")
    assert plans_of(hannah)[0].status is PlanStatus.ACTIVE
    client.post(f"/plans/{plan.id}/status/completed")
    plan = plans_of(hannah)[0]
    assert plan.status is PlanStatus.COMPLETED
    assert plan.end_date is not None
    response = client.post(f"/plans/{plan.id}/status/active", follow_redirects=True)
    assert b"A completed plan cannot become active." in response.data
    listing = client.get(f"/plans/clients/{hannah.id}")
    assert b"Completed" in listing.data
    assert b"Lymph flow for the neck" in listing.data
    changes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.status")
                                 .order_by(AuditEvent.id)).all()
    assert [e.detail_dict["to"] for e in changes] == ["paused", "active", "completed"]
    assert all(e.client_id == hannah.id for e in changes)


def test_unknown_status_is_404(client, auth, practitioner, hannah):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    assert client.post(f"/plans/{plan.id}/status/deleted").status_code == 404


def test_plan_page_shows_progress_steps_and_its_sessions(client, auth, practitioner, hannah):
    plan = make_plan(hannah, sessions_per_week=2, weeks=3)
    make_session(hannah, plan=plan, signed=True, pain=(7, 4))
    make_session(hannah, plan=plan)
    make_session(hannah, plan=plan, discarded_at=now_utc())
    auth.login_as(practitioner)
    page = client.get(f"/plans/{plan.id}")
    text = text_of(page)
    assert "2 of 6 sessions" in text
    assert "Lymph strokes toward the collarbone" in text
    assert "7 → 4" in text
    assert "Important" not in text  # a course mark, not one session's
    view = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.view")).one()
    assert view.client_id == hannah.id


def test_edit_a_plan(client, auth, practitioner, hannah):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    page = client.get(f"/plans/{plan.id}/edit")
    assert b"Lymph strokes toward the collarbone" in page.data
    response = client.post(f"/plans/{plan.id}/edit", data=plan_form(name="Renamed", weeks="8"))
    assert response.status_code == 302
    plan = plans_of(hannah)[0]
    assert (plan.name, plan.weeks) == ("Renamed", 8)
    assert [s.technique for s in plan.steps] == ["Belly breathing", "Strokes toward the collarbone"]
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.edit")).one()


# --- archived clients ------------------------------------------------------------------------------

def test_no_new_plan_for_an_archived_client(client, auth, practitioner, hannah):
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    refused = client.get(f"/plans/clients/{hannah.id}/new")
    assert refused.status_code == 409
    assert "record is archived" in text_of(refused)
    assert field_value(refused, "name") is None
    client.post(f"/plans/clients/{hannah.id}/new", data=plan_form())
    assert plans_of(hannah) == []
    assert client.get(f"/plans/clients/{hannah.id}").status_code == 200  # still readable


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/plans/{plan}/edit"), ("post", "/plans/{plan}/edit"),
    ("post", "/plans/{plan}/status/paused"), ("post", "/plans/{plan}/status/completed"),
])
def test_an_archived_clients_plan_is_read_only(client, auth, practitioner, hannah, method, path):
    plan = make_plan(hannah)
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(plan=plan.id), data=plan_form(name="Changed"))
    assert response.status_code == 409
    assert "record is archived" in text_of(response)
    [stored] = plans_of(hannah)
    assert (stored.name, stored.status) == ("Lymph flow for the neck", PlanStatus.ACTIVE)
    assert not db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(("plan.edit", "plan.status")))).all()


# --- ownership ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/plans/{plan}"), ("get", "/plans/{plan}/edit"), ("post", "/plans/{plan}/edit"),
    ("post", "/plans/{plan}/status/paused"), ("get", "/plans/clients/{client}"),
    ("get", "/plans/clients/{client}/new"), ("post", "/plans/clients/{client}/new"),
])
def test_another_practitioners_plans_and_clients_are_404(client, auth, practitioner,
                                                         other_practitioner, method, path):
    theirs = make_client(other_practitioner, given_name="Rosa")
    plan = make_plan(theirs, name="Rosa's plan")
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(plan=plan.id, client=theirs.id), data=plan_form())
    assert response.status_code == 404
    plans = plans_of(theirs)
    assert [(p.name, p.status) for p in plans] == [("Rosa's plan", PlanStatus.ACTIVE)]


def test_another_practitioners_template_cannot_seed_a_plan(client, auth, practitioner,
                                                           other_practitioner, hannah):
    theirs = make_template(other_practitioner)
    auth.login_as(practitioner)
    assert client.get(f"/plans/clients/{hannah.id}/new?template_id={theirs.id}").status_code == 404


# --- the overview section ---------------------------------------------------------------------

def _section(client_record, key):
    """The plans section's loader alone (other features' sections count their own queries)."""
    assert key in {section.key for section, _context in sections_for(client_record)}
    return active_plans_section(client_record)


def test_overview_section_shows_active_plans_with_progress(app, practitioner, hannah):
    plan = make_plan(hannah, sessions_per_week=1, weeks=4)
    make_plan(hannah, name="Old", status=PlanStatus.COMPLETED, end_date=date.today())
    make_session(hannah, plan=plan)
    with app.test_request_context():
        context = _section(hannah, "plans")
        assert [p.id for p in context["active_plans"]] == [plan.id]
        assert context["other_plan_count"] == 1
        assert context["active_plans"][0].sessions_done == 1
        from flask import render_template

        html = render_template("plans/_overview_section.html", section_data=context, **context)
    assert "1 of 4 sessions" in html
    assert "Start a plan" in html
    assert "1 paused or completed" in html


def test_overview_section_queries_do_not_grow_with_history(app, practitioner, hannah, count_queries):
    plan = make_plan(hannah)
    make_session(hannah, plan=plan)
    db.session.expire_all()  # both counts start from the same state
    with app.test_request_context(), count_queries() as few:
        active_plans_section(hannah)
    other = make_plan(hannah, focus=("endocrine",))
    for _ in range(10):
        make_session(hannah, plan=plan)
        make_session(hannah, plan=other)
    db.session.expire_all()
    with app.test_request_context(), count_queries() as many:
        active_plans_section(hannah)
    assert len(many) == len(few)


def test_a_completed_plan_is_kept_as_it_was(client, auth, practitioner, hannah):
    plan = make_plan(hannah, status=PlanStatus.COMPLETED, end_date=date.today())
    auth.login_as(practitioner)
    assert client.get(f"/plans/{plan.id}/edit").status_code == 302
    response = client.post(f"/plans/{plan.id}/edit", data=plan_form(name="Rewritten"),
                           follow_redirects=True)
    assert b"A completed plan is kept as it was" in response.data
    assert plans_of(hannah)[0].name == "Lymph flow for the neck"


# --- two tabs on one plan -------------------------------------------------------------------------

def test_a_stale_plan_form_is_refused_with_both_versions_and_nothing_lost(client, auth,
                                                                         practitioner, hannah):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    opened = field_value(client.get(f"/plans/{plan.id}/edit"), "version")
    assert opened
    first = client.post(f"/plans/{plan.id}/edit", data=plan_form(name="Tab one", version=opened))
    assert first.status_code == 302
    refused = client.post(f"/plans/{plan.id}/edit",
                          data=plan_form(name="Tab two", weeks="9", version=opened))
    assert refused.status_code == 409
    panel = text_of(refused, "#conflict")
    assert "Someone else saved this plan while you were editing it" in panel
    assert "Tab one" in panel
    assert "Tab two" in panel
    assert "Number of weeks" in panel
    assert field_value(refused, "name") == "Tab two"  # nothing typed is lost
    assert plans_of(hannah)[0].name == "Tab one"
    fresh = field_value(refused, "version")
    assert fresh
    assert fresh != opened
    overwrite = client.post(f"/plans/{plan.id}/edit",
                            data=plan_form(name="Tab two", weeks="9", version=fresh))
    assert overwrite.status_code == 302
    assert (plans_of(hannah)[0].name, plans_of(hannah)[0].weeks) == ("Tab two", 9)
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.edit")).all()) == 2


def test_the_conflict_lists_the_steps_as_lines(client, auth, practitioner, hannah):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    opened = field_value(client.get(f"/plans/{plan.id}/edit"), "version")
    client.post(f"/plans/{plan.id}/edit", data=plan_form(version=opened))
    refused = client.post(f"/plans/{plan.id}/edit", data=plan_form(
        steps=[("Belly breathing", "Abdomen", "7", "")], version=opened))
    rows = {row.th.get_text(strip=True): [cell.get_text() for cell in row.find_all("td")]
            for row in parse(refused).select(".conflict-table tbody tr")}
    assert rows["Steps"] == ["1. Belly breathing (Abdomen, 5 min)\n"
                             "2. Strokes toward the collarbone (Neck, 10 min): Light.",
                             "1. Belly breathing (Abdomen, 7 min)"]
    assert "Name" not in rows


# --- one audit event per visit, one commit per request ----------------------------------------

def _last_event_id() -> int:
    return db.session.scalar(select(db.func.max(AuditEvent.id))) or 0


def _events_after(event_id: int) -> list[tuple]:
    db.session.expire_all()
    return [(event.action, event.target_type, event.client_id) for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > event_id).order_by(AuditEvent.id))]


@pytest.mark.parametrize(("path", "action", "target_type"), [
    ("/plans/clients/{client}", "plan.list", "Client"),
    ("/plans/{plan}", "plan.view", "SessionPlan"),
    ("/plans/{plan}/edit", "plan.view", "SessionPlan"),
    ("/plans/clients/{client}/new", "client.view", "Client"),
])
def test_each_plan_page_leaves_one_event_per_visit(client, auth, practitioner, hannah, path,
                                                   action, target_type):
    plan = make_plan(hannah)
    make_session(hannah, plan=plan)
    auth.login_as(practitioner)
    url = path.format(plan=plan.id, client=hannah.id)
    start = _last_event_id()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert _events_after(start) == [(action, target_type, hannah.id)] * 2


def test_a_completed_plans_edit_link_leaves_one_event_for_the_page_it_lands_on(client, auth,
                                                                                practitioner,
                                                                                hannah):
    plan = make_plan(hannah, status=PlanStatus.COMPLETED, end_date=date.today())
    auth.login_as(practitioner)
    start = _last_event_id()
    client.get(f"/plans/{plan.id}/edit", follow_redirects=True)
    assert _events_after(start) == [("plan.view", "SessionPlan", hannah.id)]


def test_plan_changes_commit_once_and_record_no_view(client, auth, practitioner, hannah,
                                                    count_commits):
    auth.login_as(practitioner)
    start = _last_event_id()
    with count_commits() as commits:
        client.post(f"/plans/clients/{hannah.id}/new", data=plan_form())
    assert len(commits) == 1
    [plan] = plans_of(hannah)
    with count_commits() as commits:
        client.post(f"/plans/{plan.id}/edit", data=plan_form(name="Renamed"))
        client.post(f"/plans/{plan.id}/status/paused")
    assert len(commits) == 2
    assert [action for action, _type, _client in _events_after(start)] == [
        "plan.create", "plan.edit", "plan.status"]


def test_a_refused_plan_change_commits_nothing(client, auth, practitioner, hannah, count_commits):
    plan = make_plan(hannah, status=PlanStatus.COMPLETED, end_date=date.today())
    auth.login_as(practitioner)
    start = _last_event_id()
    with count_commits() as commits:
        response = client.post(f"/plans/{plan.id}/status/active")
    assert response.status_code == 409
    assert commits == []
    assert _events_after(start) == []


def test_the_plans_section_audits_and_commits_nothing(app, hannah, count_commits):
    make_plan(hannah)
    start = _last_event_id()
    with app.test_request_context(), count_commits() as commits:
        active_plans_section(hannah)
    assert commits == []
    assert _events_after(start) == []
