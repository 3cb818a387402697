"""Recording a session from the last one: the last signed session's steps and note sections
fill a new session's form, to change what differs today; saving makes a new draft and leaves
the signed one as it was."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session
from tests.html import field_value, form_data, links, parse, text_of

LAST_STEPS = [
    {"technique": "Diaphragmatic breathing", "body_region": "Abdomen", "minutes": 5,
     "performed": True, "note": None},
    {"technique": "Collarbone clearing", "body_region": "Collarbone", "minutes": 10,
     "performed": True, "note": "Lighter on the left."},
    {"technique": "Shoulder rolls", "body_region": "Shoulders", "minutes": 5,
     "performed": False, "note": "Left out: shoulder sore"},
]


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def last_signed(hannah):
    plan = make_plan(hannah, name="Neck lymph course")
    make_session(hannah, plan=plan, signed=True, started_at=now_utc() - timedelta(days=14),
                 subjective="An older session.")
    last = make_session(hannah, plan=plan, signed=True, started_at=now_utc() - timedelta(days=7),
                        steps=LAST_STEPS, subjective="Slept better; neck stiff on waking.",
                        objective="Nodes under the left jaw less tender.",
                        assessment="Lymph moving; shoulders still guarded.",
                        plan_note="Same again; add walking.",
                        home_program_changes="Belly breathing before bed.")
    # A later draft and a discarded one are not what "last session" means.
    make_session(hannah, plan=plan, started_at=now_utc() - timedelta(days=2),
                 subjective="An unsigned draft.")
    make_session(hannah, plan=plan, started_at=now_utc() - timedelta(days=1),
                 subjective="A discarded draft.", discarded_at=now_utc())
    return last


def _events(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def _form_as_shown(response):
    return form_data(response, "form[data-session-form]").to_dict()  # one value per field


def test_the_form_starts_from_the_last_signed_session(client, auth, practitioner, hannah,
                                                      last_signed):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new?from=last")
    assert page.status_code == 200
    assert field_value(page, "plan_id") == str(last_signed.plan_id)
    assert [field_value(page, f"steps-{i}-technique") for i in range(3)] == [
        step["technique"] for step in LAST_STEPS]
    assert field_value(page, "steps-1-note") == "Lighter on the left."
    ticks = [parse(page).find("input", attrs={"name": f"steps-{i}-performed"}).has_attr("checked")
             for i in range(3)]
    assert ticks == [True, True, False]
    for name in ("subjective", "objective", "assessment", "plan_note", "home_program_changes"):
        assert field_value(page, name).strip() == getattr(last_signed, name)
    # Today's measurements are today's: pain is not copied; the date is today's.
    assert field_value(page, "pain_before") in (None, "")
    assert field_value(page, "session_date") == local_today().isoformat()
    # Its duration was typed by hand (45 min, the ticked steps give 15): kept as typed.
    assert (field_value(page, "duration_minutes"), field_value(page, "duration_from_steps")) == (
        "45", "15")
    notice = text_of(page, "#started-from")
    assert "Started from the session of" in notice
    assert f"/sessions/clients/{hannah.id}/new" in links(page)  # start blank instead


def test_viewing_it_is_audited_as_reading_the_last_session(client, auth, practitioner, hannah,
                                                           last_signed):
    auth.login_as(practitioner)
    client.get(f"/sessions/clients/{hannah.id}/new?from=last")
    [event] = [event for event in _events("session.view") if event.target_id == last_signed.id]
    assert event.client_id == hannah.id
    assert event.detail_dict == {"page": "new_session_from"}
    assert "Slept better" not in event.detail


def test_saving_makes_a_new_draft_and_the_signed_one_stays(client, auth, practitioner, hannah,
                                                           last_signed):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new?from=last")
    data = _form_as_shown(page)
    data.update(subjective="Good week; neck freer.", pain_before="4", pain_after="2")
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id.desc())).first()
    assert new.id != last_signed.id
    assert not new.is_signed
    assert new.subjective == "Good week; neck freer."
    assert new.objective == last_signed.objective
    assert [step["technique"] for step in new.steps] == [step["technique"] for step in LAST_STEPS]
    assert new.steps[1]["note"] == "Lighter on the left."
    assert new.plan_id == last_signed.plan_id
    source = db.session.get(TreatmentSession, last_signed.id)
    assert source.subjective == "Slept better; neck stiff on waking."
    assert source.is_signed


def test_the_way_in_is_offered_where_a_session_is_recorded(client, auth, practitioner, hannah,
                                                           last_signed):
    auth.login_as(practitioner)
    from_last = f"/sessions/clients/{hannah.id}/new?from=last"
    assert from_last in links(client.get(f"/clients/{hannah.id}"))
    assert from_last in links(client.get(f"/sessions/clients/{hannah.id}/new"))
    assert from_last in links(client.get(f"/sessions/clients/{hannah.id}"))


def test_without_a_signed_session_there_is_nothing_to_start_from(client, auth, practitioner,
                                                                 hannah):
    make_session(hannah, subjective="Only a draft.")
    auth.login_as(practitioner)
    from_last = f"/sessions/clients/{hannah.id}/new?from=last"
    assert from_last not in links(client.get(f"/clients/{hannah.id}"))
    assert from_last not in links(client.get(f"/sessions/clients/{hannah.id}/new"))
    page = client.get(from_last)
    assert page.status_code == 200
    assert "no signed session to start from" in text_of(page)
    assert field_value(page, "subjective").strip() == ""


def test_a_plan_no_longer_active_is_not_chosen(client, auth, practitioner, hannah, last_signed):
    from practice.plans.models import PlanStatus

    last_signed.plan.status = PlanStatus.COMPLETED
    db.session.commit()
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new?from=last")
    assert field_value(page, "plan_id") == "0"
    assert field_value(page, "steps-0-technique") == "Diaphragmatic breathing"


def test_an_archived_client_and_another_practitioners_are_refused(client, auth, practitioner,
                                                                  other_practitioner, hannah,
                                                                  last_signed):
    theirs = make_client(other_practitioner)
    make_session(theirs, signed=True)
    auth.login_as(practitioner)
    assert client.get(f"/sessions/clients/{theirs.id}/new?from=last").status_code == 404
    hannah.archived_at = now_utc()
    db.session.commit()
    assert client.get(f"/sessions/clients/{hannah.id}/new?from=last").status_code == 409


@pytest.mark.parametrize("value", ["", "first", "last\x00", "9" * 40])
def test_anything_else_in_from_opens_the_usual_form(client, auth, practitioner, hannah,
                                                    last_signed, value):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new", query_string={"from": value})
    assert page.status_code == 200
    assert field_value(page, "subjective").strip() == ""
