"""Recording sessions: prefilled from the plan, drafts, signing, addenda, ownership, audit."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from practice.clients.overview import sections_for
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.plans.models import PlanStatus
from practice.precautions.models import ClientPrecaution
from practice.treatments.models import SessionAddendum, TreatmentSession
from practice.treatments.queries import sessions_section
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session
from tests.html import field_value, links, parse, text_of


def session_form(**overrides):
    data = {"plan_id": "0", "session_date": "2026-11-20", "session_time": "10:30",
            "duration_minutes": "50",
            "steps-0-performed": "y", "steps-0-technique": "Diaphragmatic breathing",
            "steps-0-body_region": "Abdomen", "steps-0-minutes": "5", "steps-0-note": "",
            "steps-1-technique": "Shoulder rolls", "steps-1-body_region": "Shoulders",
            "steps-1-minutes": "5", "steps-1-note": "Left out: shoulder sore",
            "pain_before": "6", "pain_after": "3", "neck_shoulder_pain_before": "7",
            "neck_shoulder_pain_after": "4",
            "subjective": "Woke twice, neck stiff.", "objective": "Tender nodes under the left jaw.",
            "assessment": "Neck eased after the strokes.", "plan_note": "Same again next week.",
            "home_program_changes": "Added belly breathing before bed."}
    data.update(overrides)
    return data


def sessions_of(client):
    db.session.expire_all()
    return db.session.scalars(select(TreatmentSession).where(TreatmentSession.client_id == client.id)
                              .order_by(TreatmentSession.id)).all()


def actions():
    return [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price",
                       precautions="No deep pressure on the left side.")


# --- recording --------------------------------------------------------------------------------

def test_record_form_is_prefilled_from_the_active_plan(client, auth, practitioner, hannah):
    plan = make_plan(hannah, name="Neck lymph course")
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert "No deep pressure on the left side." in page.get_data(as_text=True)
    assert field_value(page, "plan_id") == str(plan.id)
    assert text_of(page, "select[name=plan_id] option[selected]") == "Neck lymph course"
    assert field_value(page, "steps-1-technique") == "Lymph strokes toward the collarbone"
    assert parse(page).find("input", attrs={"name": "steps-0-performed"}).has_attr("checked")
    assert field_value(page, "duration_minutes") == "20"  # 5 + 10 + 5 min


def test_record_form_without_a_plan_starts_with_one_blank_row(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert field_value(page, "plan_id") == "0"
    assert text_of(page, "select[name=plan_id] option[selected]") == "No plan"
    assert field_value(page, "steps-0-technique") == ""
    assert field_value(page, "steps-1-technique") is None


def test_choosing_another_plan_loads_its_steps_without_saving(client, auth, practitioner, hannah):
    make_plan(hannah, name="Lymph")
    endocrine = make_plan(hannah, name="Endocrine", focus=("endocrine",),
                          steps=[{"technique": "Kidney-area rubbing", "minutes": 6}])
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=session_form(plan_id=str(endocrine.id), load_plan="1"))
    assert field_value(response, "steps-0-technique") == "Kidney-area rubbing"
    assert field_value(response, "steps-1-technique") is None
    assert field_value(response, "subjective").strip() == "Woke twice, neck stiff."  # kept
    assert sessions_of(hannah) == []


def test_add_a_technique_row_without_javascript(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(step_command="add"))
    assert field_value(page, "steps-2-technique") == ""
    assert parse(page).find("input", attrs={"name": "steps-2-performed"}).has_attr("checked")
    assert sessions_of(hannah) == []


def test_save_a_draft(client, auth, practitioner, hannah):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=session_form(plan_id=str(plan.id)))
    [session] = sessions_of(hannah)
    assert response.headers["Location"].endswith(f"/sessions/{session.id}")
    assert not session.is_signed
    assert session.version == 1
    assert session.plan_id == plan.id
    assert session.practitioner_id == practitioner.id
    assert session.started_at == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)  # London is UTC in Nov
    assert session.duration_minutes == 50
    assert session.steps == [
        {"technique": "Diaphragmatic breathing", "body_region": "Abdomen", "minutes": 5,
         "performed": True, "note": None},
        {"technique": "Shoulder rolls", "body_region": "Shoulders", "minutes": 5,
         "performed": False, "note": "Left out: shoulder sore"}]
    assert (session.pain_before, session.pain_after) == (6, 3)
    assert (session.neck_shoulder_pain_before, session.neck_shoulder_pain_after) == (7, 4)
    assert session.home_program_changes == "Added belly breathing before bed."
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "session.create")).one()
    assert (event.client_id, event.target_id) == (hannah.id, session.id)
    assert "neck" not in event.detail.lower()  # no clinical text in the audit trail


def test_pain_of_zero_is_kept(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(pain_after="0"))
    assert sessions_of(hannah)[0].pain_after == 0


def test_save_and_sign_in_one_go(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(sign="1"))
    [session] = sessions_of(hannah)
    assert session.is_signed
    assert session.signed_by_id == practitioner.id
    assert actions()[-2:] == ["session.create", "session.sign"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"pain_before": "11"}, b"From 0 to 10."),
    ({"neck_shoulder_pain_after": "-1"}, b"From 0 to 10."),
    ({"pain_after": "lots"}, b"Not a valid integer value."),
    ({"session_date": ""}, b"When was the session?"),
    ({"session_time": "25:00"}, b"Not a valid time value."),
    ({"duration_minutes": "0"}, b"Between 1 and 600 minutes."),
    ({"plan_id": "999"}, b"Not a valid choice."),
    ({"steps-0-technique": ""}, b"Name the technique, or clear this row."),
])
def test_bad_input_gets_a_message_and_stores_nothing(client, auth, practitioner, hannah, overrides,
                                                     message):
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(**overrides))
    assert response.status_code == 200
    assert message in response.data
    assert sessions_of(hannah) == []


def test_a_paused_plan_is_not_offered(client, auth, practitioner, hannah):
    paused = make_plan(hannah, name="Paused plan", status=PlanStatus.PAUSED)
    auth.login_as(practitioner)
    html = client.get(f"/sessions/clients/{hannah.id}/new?plan_id={paused.id}").get_data(as_text=True)
    assert "Paused plan" not in html
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=session_form(plan_id=str(paused.id)))
    assert b"Not a valid choice." in response.data


def test_no_session_for_an_archived_client(client, auth, practitioner, hannah):
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    refused = client.get(f"/sessions/clients/{hannah.id}/new")
    assert refused.status_code == 409
    assert "record is archived" in text_of(refused)
    assert field_value(refused, "session_date") is None  # no form to fill in for nothing
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form())
    assert sessions_of(hannah) == []
    assert "session.create" not in actions()


@pytest.mark.parametrize(("method", "path", "data"), [
    ("get", "/sessions/{id}/edit", None),
    ("post", "/sessions/{id}/edit", session_form(version="1", assessment="Rewritten")),
    ("post", "/sessions/{id}/sign", {"version": "1"}),
    ("post", "/sessions/{id}/discard", {"version": "1"}),
    ("post", "/sessions/{id}/autosave", session_form(version="1", assessment="Rewritten")),
])
def test_an_archived_clients_draft_is_read_only(client, auth, practitioner, hannah, method, path,
                                                data):
    session = make_session(hannah)
    hannah.archived_at = now_utc()
    db.session.commit()
    before = _snapshot(sessions_of(hannah)[0])
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(id=session.id), data=data,
                                       headers={"Referer": f"http://localhost/sessions/{session.id}"})
    assert response.status_code in (302, 409)
    assert _snapshot(sessions_of(hannah)[0]) == before
    assert not {"session.edit", "session.sign", "session.discard", "session.autosave"} & set(actions())
    page = client.get(f"/sessions/{session.id}")
    assert page.status_code == 200
    if path.endswith("/autosave"):
        assert "record is archived" in response.get_json()["message"]  # shown by the page's script
    elif method == "post":
        assert "record is archived" in text_of(page)  # the refusal, flashed on the session page


def test_an_archived_clients_session_page_offers_no_changes(client, auth, practitioner, hannah):
    draft = make_session(hannah)
    signed = make_session(hannah, signed=True)
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    for session in (draft, signed):
        page = parse(client.get(f"/sessions/{session.id}"))
        targets = {form["action"] for form in page.find_all("form", action=True)}
        targets |= {link["href"] for link in page.find_all("a", href=True)}
        assert not {f"/sessions/{session.id}/{action}" for action in
                    ("edit", "sign", "discard", "addenda")} & targets


def test_an_archived_clients_signed_session_takes_no_addendum(client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/addenda", data={"body": "Late note."})
    assert response.status_code == 409
    assert "record is archived" in text_of(response)
    assert db.session.scalar(select(func.count(SessionAddendum.id))) == 0


def test_creating_touches_the_client(client, auth, practitioner, hannah):
    before = hannah.last_activity_at
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form())
    db.session.expire_all()
    assert hannah.last_activity_at > before


# --- editing a draft ----------------------------------------------------------------------------

def test_edit_a_draft(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}/edit")
    assert b"Slept badly, neck stiff on waking." in page.data
    assert field_value(page, "version") == "1"
    response = client.post(f"/sessions/{session.id}/edit",
                           data=session_form(version="1", assessment="Better than last week."))
    assert response.status_code == 302
    [session] = sessions_of(hannah)
    assert session.assessment == "Better than last week."
    assert session.version == 2
    assert "session.edit" in actions()


# --- signing and the lock ----------------------------------------------------------------------

def test_sign_locks_the_note(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/sign", data={"version": "1"},
                           follow_redirects=True)
    assert b"Session signed and locked." in response.data
    assert f"Signed by {practitioner.display_name}".encode() in response.data
    [session] = sessions_of(hannah)
    assert session.is_signed
    assert session.signed_by_id == practitioner.id
    assert "session.sign" in actions()


def test_signing_a_stale_page_asks_to_read_the_latest_first(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    client.post(f"/sessions/{session.id}/edit",  # saved in another tab: version 2 now
                data=session_form(version="1", assessment="Changed in another tab."))
    response = client.post(f"/sessions/{session.id}/sign", data={"version": "1"},
                           follow_redirects=True)
    assert b"This draft changed since you opened it" in response.data
    assert not sessions_of(hannah)[0].is_signed


SIGNED_ROUTES = [
    ("get", "/sessions/{id}/edit"), ("post", "/sessions/{id}/edit"), ("post", "/sessions/{id}/sign"),
    ("post", "/sessions/{id}/discard"), ("post", "/sessions/{id}/autosave"),
]


def _snapshot(session):
    columns = [column.key for column in TreatmentSession.__table__.columns]
    return {name: getattr(session, name) for name in columns}


@pytest.mark.parametrize(("method", "path"), SIGNED_ROUTES)
def test_a_signed_session_cannot_change_through_any_route(client, auth, practitioner, hannah, method,
                                                          path):
    session = make_session(hannah, signed=True)
    before = _snapshot(sessions_of(hannah)[0])
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(id=session.id),
                                       data=session_form(version=str(session.version),
                                                         assessment="Rewritten history"))
    assert response.status_code in (302, 409)
    assert _snapshot(sessions_of(hannah)[0]) == before


def test_every_session_route_is_covered_by_the_lock_test(app):
    covered = {path for _method, path in SIGNED_ROUTES} | {"/sessions/{id}", "/sessions/{id}/addenda"}
    routes = {rule.rule.replace("<int:session_id>", "{id}") for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("treatments.") and "session_id" in rule.arguments}
    assert routes <= covered


def test_edit_post_on_a_signed_session_offers_an_addendum_with_the_typed_text(client, auth,
                                                                               practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/edit",
                           data=session_form(version="1", assessment="A late thought."))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This session was signed while you were editing it" in html
    assert "Assessment: A late thought." in html  # prefilled addendum
    assert "Neck looser after the strokes." in html  # the stored text
    assert "Save draft" not in html


def test_the_model_refuses_to_change_or_delete_a_signed_session(hannah):
    from practice.core.signed_records import SignedRecordError

    session = make_session(hannah, signed=True)
    session.assessment = "Quietly rewritten"
    with pytest.raises(SignedRecordError, match="assessment"):
        db.session.flush()
    db.session.rollback()
    session = db.session.get(TreatmentSession, session.id)
    session.steps = []
    with pytest.raises(SignedRecordError, match="steps"):
        db.session.flush()
    db.session.rollback()
    session = db.session.get(TreatmentSession, session.id)
    session.signed_at = None  # "unsigning" is a change like any other
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(TreatmentSession, session.id))
    with pytest.raises(SignedRecordError, match="cannot be deleted"):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(TreatmentSession, session.id).assessment == "Neck looser after the strokes."


def test_a_draft_can_still_be_changed_through_the_model(hannah):
    session = make_session(hannah)
    session.assessment = "Draft thoughts"
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(TreatmentSession, session.id)
    assert stored.assessment == "Draft thoughts"
    # The version moves only when an operation claims it (``core.locking.claim_version``).
    assert stored.version == 1


# --- addenda --------------------------------------------------------------------------------

def test_addendum_keeps_the_original_intact(client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    before = _snapshot(sessions_of(hannah)[0])
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/addenda",
                           data={"body": "Client phoned: dizzy for an hour afterwards."},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Client phoned: dizzy for an hour afterwards." in html
    assert f"Added by {practitioner.display_name}" in html
    assert html.index("Neck looser after the strokes.") < html.index("Client phoned")
    assert _snapshot(sessions_of(hannah)[0]) == before
    addendum = db.session.scalars(select(SessionAddendum)).one()
    assert (addendum.session_id, addendum.author_id) == (session.id, practitioner.id)
    assert addendum.created_at is not None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "session.addendum")).one()
    assert event.client_id == hannah.id
    assert "dizzy" not in event.detail


def test_empty_addendum_is_refused(client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/addenda", data={"body": "   "})
    assert response.status_code == 422
    assert b"Write the correction or addition." in response.data
    assert db.session.scalar(select(func.count(SessionAddendum.id))) == 0


def test_a_draft_takes_edits_not_addenda(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/addenda", data={"body": "Note"},
                           follow_redirects=True)
    assert b"edit it instead" in response.data
    assert db.session.scalar(select(func.count(SessionAddendum.id))) == 0


# --- discarding a draft -----------------------------------------------------------------------

def test_discard_a_draft(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    client.post(f"/sessions/{session.id}/discard", data={"version": "1"})
    [session] = sessions_of(hannah)
    assert session.is_discarded
    assert b"No sessions recorded yet." in client.get(f"/sessions/clients/{hannah.id}").data
    assert "session.discard" in actions()
    assert client.get(f"/sessions/{session.id}/edit").status_code == 302
    client.post(f"/sessions/{session.id}/sign", data={"version": str(session.version)})
    assert not sessions_of(hannah)[0].is_signed


# --- reading ------------------------------------------------------------------------------------

def test_viewing_a_session_is_audited(client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}")
    assert page.status_code == 200
    assert b"No deep pressure on the left side." in page.data
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "session.view")).one()
    assert (event.client_id, event.target_type, event.target_id) == (hannah.id, "TreatmentSession",
                                                                     session.id)


def test_session_page_links_to_assigning_an_exercise(client, auth, practitioner, hannah):
    session = make_session(hannah)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}")
    assert f"/exercises/assign/{hannah.id}?session_id={session.id}" in links(page)


# --- ownership ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/sessions/{id}"), ("get", "/sessions/{id}/edit"), ("post", "/sessions/{id}/edit"),
    ("post", "/sessions/{id}/sign"), ("post", "/sessions/{id}/discard"),
    ("post", "/sessions/{id}/addenda"), ("get", "/sessions/clients/{client}"),
    ("get", "/sessions/clients/{client}/new"), ("post", "/sessions/clients/{client}/new"),
])
def test_another_practitioners_sessions_are_404(client, auth, practitioner, other_practitioner,
                                                method, path):
    theirs = make_client(other_practitioner, given_name="Rosa")
    session = make_session(theirs)
    before = _snapshot(sessions_of(theirs)[0])
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(id=session.id, client=theirs.id),
                                       data={**session_form(version="1"), "body": "x"})
    assert response.status_code == 404
    [after] = sessions_of(theirs)
    assert _snapshot(after) == before
    assert db.session.scalar(select(func.count(SessionAddendum.id))) == 0
    assert "session.view" not in actions()


# --- history on the client page ------------------------------------------------------------------

def test_timeline_shows_pain_change_without_course_marks(client, auth, practitioner, hannah):
    """Before and after one session is what it is: the 30 % / 50 % marks describe a course."""
    plan = make_plan(hannah, name="Neck lymph course")
    make_session(hannah, plan=plan, signed=True, pain=(6, 3), neck=(5, 5),
                 started_at=now_utc() - timedelta(days=7))
    make_session(hannah, pain=(4, 4), neck=(None, None))
    auth.login_as(practitioner)
    text = text_of(client.get(f"/sessions/clients/{hannah.id}"))
    assert "6 → 3" in text
    assert "-3, 50% less" in text
    assert "Substantial" not in text
    assert "Important" not in text
    assert "no change" in text
    assert "Neck lymph course" in text
    assert "No plan" in text
    assert "Signed" in text
    assert "Draft" in text
    assert text.index("4 → 4") < text.index("6 → 3")  # newest first


def test_client_history_page_issues_the_same_queries_for_3_or_30_sessions(client, auth, practitioner,
                                                                          hannah, count_queries):
    plan = make_plan(hannah)
    auth.login_as(practitioner)
    for _ in range(3):
        make_session(hannah, plan=plan, signed=True)
    with count_queries() as few:
        client.get(f"/sessions/clients/{hannah.id}")
    for _ in range(27):
        make_session(hannah, plan=make_plan(hannah, status=PlanStatus.COMPLETED), signed=True)
    with count_queries() as many:
        client.get(f"/sessions/clients/{hannah.id}")
    assert len(many) == len(few)


def test_the_session_form_reads_the_checklist_once_and_shows_a_change_at_once(client, auth,
                                                                              practitioner, hannah,
                                                                              count_queries):
    make_plan(hannah)
    auth.login_as(practitioner)
    with count_queries() as statements:
        page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert "No deep pressure on the left side." in page.get_data(as_text=True)
    assert sum("FROM client_precautions" in statement for statement in statements) == 1
    item = db.session.scalars(select(ClientPrecaution).filter_by(client_id=hannah.id)).one()
    item.details = "Gentle touch only on the left side."  # as a save does
    db.session.commit()
    assert "Gentle touch only" in client.get(f"/sessions/clients/{hannah.id}/new").get_data(
        as_text=True)


def _sessions_section(app, record):
    """The sessions section's loader alone (other sections count their own queries)."""
    with app.test_request_context():
        return sessions_section(record)


def test_the_client_page_shows_the_plan_and_session_sections(client, auth, practitioner, hannah):
    assert {"plans", "sessions"} <= {section.key for section, _context in sections_for(hannah)}
    plan = make_plan(hannah, name="Neck lymph course", sessions_per_week=1, weeks=4)
    make_session(hannah, plan=plan, signed=True, pain=(7, 4))
    auth.login_as(practitioner)
    page = client.get(f"/clients/{hannah.id}")
    text = text_of(page)
    assert "Active plan" in text
    assert "1 of 4 sessions" in text
    assert f"/sessions/clients/{hannah.id}/new" in links(page)
    assert "Record a session" in text
    assert "7 → 4" in text


def test_overview_sessions_section(app, practitioner, hannah, count_queries):
    context = _sessions_section(app, hannah)
    assert context["sessions"] == []
    assert context["total"] == 0
    plan = make_plan(hannah)
    for days in range(12):
        make_session(hannah, plan=plan, started_at=now_utc() - timedelta(days=days))
    db.session.expire_all()  # both counts start from the same state
    with count_queries() as statements:
        context = _sessions_section(app, hannah)
    assert context["total"] == 12
    assert len(context["sessions"]) == 8
    from flask import render_template

    with app.test_request_context():
        html = render_template("treatments/_overview_section.html", section_data=context, **context)
    assert "Record a session" in html
    assert f"/sessions/clients/{hannah.id}/new" in html
    assert "All 12 sessions" in html
    few = len(statements)
    for days in range(12, 40):
        make_session(hannah, plan=make_plan(hannah, status=PlanStatus.COMPLETED),
                     started_at=now_utc() - timedelta(days=days))
    db.session.expire_all()
    with count_queries() as statements:
        _sessions_section(app, hannah)
    assert len(statements) == few


def test_even_an_in_place_change_to_a_signed_sessions_steps_is_refused(hannah):
    from practice.core.signed_records import SignedRecordError

    session = make_session(hannah, signed=True)
    session.steps.append({"technique": "Added later", "performed": True})
    with pytest.raises(SignedRecordError, match="steps"):
        db.session.flush()
    db.session.rollback()
    assert len(db.session.get(TreatmentSession, session.id).steps) == 1


# --- one audit event per visit, one commit per request ----------------------------------------

def _events_after(event_id: int) -> list[tuple]:
    db.session.expire_all()
    return [(event.action, event.target_type, event.client_id) for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > event_id).order_by(AuditEvent.id))]


def _last_event_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


@pytest.mark.parametrize(("path", "action", "target_type"), [
    ("/sessions/{session}", "session.view", "TreatmentSession"),
    ("/sessions/{session}/edit", "session.view", "TreatmentSession"),
    ("/sessions/clients/{client}/new", "client.view", "Client"),
    ("/sessions/clients/{client}", "session.list", "Client"),
])
def test_each_page_showing_clinical_data_leaves_one_event_per_visit(client, auth, practitioner,
                                                                    hannah, path, action,
                                                                    target_type):
    session = make_session(hannah, plan=make_plan(hannah))
    auth.login_as(practitioner)
    url = path.format(session=session.id, client=hannah.id)
    start = _last_event_id()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert _events_after(start) == [(action, target_type, hannah.id)] * 2


def test_a_signed_sessions_edit_link_leaves_one_event_for_the_page_it_lands_on(client, auth,
                                                                                practitioner,
                                                                                hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    start = _last_event_id()
    response = client.get(f"/sessions/{session.id}/edit", follow_redirects=True)
    assert "Signed by" in text_of(response)
    assert _events_after(start) == [("session.view", "TreatmentSession", hannah.id)]


def test_a_save_records_the_change_and_no_view(client, auth, practitioner, hannah, count_commits):
    session = make_session(hannah)
    auth.login_as(practitioner)
    start = _last_event_id()
    with count_commits() as commits:
        response = client.post(f"/sessions/{session.id}/edit",
                               data=session_form(version="1", assessment="Better."))
    assert response.status_code == 302
    assert len(commits) == 1  # the unit of work's, at the end of the request: routes never commit
    assert _events_after(start) == [("session.edit", "TreatmentSession", hannah.id)]


def test_a_refused_save_commits_nothing(client, auth, practitioner, hannah, count_commits):
    session = make_session(hannah)
    auth.login_as(practitioner)
    start = _last_event_id()
    with count_commits() as commits:
        response = client.post(f"/sessions/{session.id}/edit",
                               data=session_form(version="7", assessment="Stale."))
    assert response.status_code == 409
    assert commits == []
    assert _events_after(start) == []


def test_record_sign_discard_and_addendum_each_commit_once(client, auth, practitioner, hannah,
                                                           count_commits):
    auth.login_as(practitioner)
    with count_commits() as commits:
        client.post(f"/sessions/clients/{hannah.id}/new", data=session_form())
    assert len(commits) == 1
    [draft] = sessions_of(hannah)
    with count_commits() as commits:
        client.post(f"/sessions/{draft.id}/sign", data={"version": str(draft.version)})
    assert len(commits) == 1
    with count_commits() as commits:
        client.post(f"/sessions/{draft.id}/addenda", data={"body": "Later: slept well."})
    assert len(commits) == 1
    other = make_session(hannah)
    with count_commits() as commits:
        client.post(f"/sessions/{other.id}/discard", data={"version": "1"})
    assert len(commits) == 1
    assert actions()[-4:] == ["session.create", "session.sign", "session.addendum",
                              "session.discard"]


def test_the_sessions_section_audits_and_commits_nothing(app, hannah, count_commits):
    make_session(hannah)
    start = _last_event_id()
    with app.test_request_context(), count_commits() as commits:
        sessions_section(hannah)
        from practice.core.audit import PENDING_KEY

        assert not db.session.info.get(PENDING_KEY)
    assert commits == []
    assert _events_after(start) == []
