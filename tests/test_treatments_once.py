"""A session form sent twice stores one session; an open draft is offered before a new one.

Real paths: a double click (the same form twice), Refresh of the result page (the same post
again), Back and Save again (the page as it was, perhaps changed).
"""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_session
from tests.html import field_value, links, parse, text_of
from tests.test_treatments import session_form, sessions_of

ALREADY_SAVED = "Already saved: here it is."


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def new_form_key(client, hannah) -> str:
    key = field_value(client.get(f"/sessions/clients/{hannah.id}/new"), "form_key")
    assert key, "the new-session form carries a one-time key"
    return key


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_each_showing_of_the_form_has_its_own_key(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert new_form_key(client, hannah) != new_form_key(client, hannah)


def test_record_a_session_sent_twice_stores_one_draft(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    data = session_form(form_key=new_form_key(client, hannah))
    first = client.post(f"/sessions/clients/{hannah.id}/new", data=data)
    second = client.post(f"/sessions/clients/{hannah.id}/new", data=data)  # double click, refresh
    [session] = sessions_of(hannah)
    assert first.headers["Location"] == second.headers["Location"] == f"/sessions/{session.id}"
    assert ALREADY_SAVED in text_of(client.get(second.headers["Location"]))
    assert len(events("session.create")) == 1


def test_save_sign_and_lock_sent_twice_signs_one_session(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    data = session_form(form_key=new_form_key(client, hannah), sign="1")
    client.post(f"/sessions/clients/{hannah.id}/new", data=data)
    again = client.post(f"/sessions/clients/{hannah.id}/new", data=data, follow_redirects=True)
    [session] = sessions_of(hannah)
    assert session.is_signed
    assert ALREADY_SAVED in text_of(again)
    assert len(events("session.sign")) == 1


def test_back_and_save_again_with_changes_keeps_what_was_typed(client, auth, practitioner, hannah):
    """The page went back to holds more than the draft: nothing typed is dropped."""
    auth.login_as(practitioner)
    key = new_form_key(client, hannah)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(form_key=key))
    [draft] = sessions_of(hannah)
    changed = session_form(form_key=key, assessment="Neck eased; jaw nodes softer too.")
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=changed)
    assert response.status_code == 200
    page = parse(response)
    assert "already saved" in text_of(response).lower()
    assert "Assessment" in text_of(response, "#resent")
    assert field_value(response, "assessment").strip() == "Neck eased; jaw nodes softer too."
    assert page.find("form", attrs={"data-session-form": True})["action"] == \
        f"/sessions/{draft.id}/edit"
    assert field_value(response, "version") == str(draft.version)
    assert len(sessions_of(hannah)) == 1
    # Saving that page keeps the later text on the one draft.
    saved = client.post(f"/sessions/{draft.id}/edit",
                        data=changed | {"version": field_value(response, "version")})
    assert saved.status_code == 302
    [draft] = sessions_of(hannah)
    assert draft.assessment == "Neck eased; jaw nodes softer too."


def test_back_and_sign_again_with_changes_offers_them_as_an_addendum(client, auth, practitioner,
                                                                     hannah):
    auth.login_as(practitioner)
    key = new_form_key(client, hannah)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(form_key=key, sign="1"))
    changed = session_form(form_key=key, sign="1", plan_note="Add a warm compress next time.")
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=changed)
    assert response.status_code == 409
    assert "Add a warm compress next time." in field_value(response, "body")  # the addendum form
    [session] = sessions_of(hannah)
    assert session.is_signed
    assert session.plan_note == "Same again next week."


def test_a_form_without_a_key_still_saves(client, auth, practitioner, hannah):
    """A page opened before this change carries no key: it simply saves."""
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form())
    assert len(sessions_of(hannah)) == 1


def test_keys_are_per_person(client, auth, practitioner, other_practitioner, hannah):
    olive_client = make_client(other_practitioner, given_name="Olga")
    auth.login_as(practitioner)
    key = new_form_key(client, hannah)
    client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(form_key=key))
    auth.logout()
    auth.login_as(other_practitioner)
    response = client.post(f"/sessions/clients/{olive_client.id}/new",
                           data=session_form(form_key=key))
    assert response.status_code == 302
    assert len(sessions_of(olive_client)) == 1


def test_addendum_sent_twice_is_added_once(client, auth, practitioner, hannah):
    session = make_session(hannah, signed=True)
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}")
    key = field_value(page, "form_key")
    assert key
    data = {"body": "Later: slept through the night.", "form_key": key}
    first = client.post(f"/sessions/{session.id}/addenda", data=data)
    second = client.post(f"/sessions/{session.id}/addenda", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert ALREADY_SAVED in text_of(second)
    assert db.session.scalar(select(func.count(SessionAddendum.id))) == 1
    assert len(events("session.addendum")) == 1


# --- an open draft is offered first ------------------------------------------------------------

def test_record_a_session_offers_the_open_draft_first(client, auth, practitioner, hannah):
    draft = make_session(hannah, started_at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC))
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    notice = text_of(page, "#open-drafts")
    assert "Continue the draft of 20 Nov 2026" in notice
    assert f"/sessions/{draft.id}/edit" in links(parse(page).select_one("#open-drafts").decode())
    assert "Start another anyway" in notice
    assert field_value(page, "session_date")  # the form is still there for another session


def test_signed_and_discarded_sessions_are_not_offered(client, auth, practitioner, hannah):
    make_session(hannah, signed=True)
    make_session(hannah, discarded_at=now_utc())
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert parse(page).select_one("#open-drafts") is None


def test_another_clients_draft_is_not_offered(client, auth, practitioner, hannah):
    make_session(make_client(practitioner, given_name="Bea"))
    auth.login_as(practitioner)
    assert parse(client.get(f"/sessions/clients/{hannah.id}/new")).select_one("#open-drafts") is None


def test_several_open_drafts_newest_first(client, auth, practitioner, hannah):
    older = make_session(hannah, started_at=now_utc() - timedelta(days=9))
    newer = make_session(hannah, started_at=now_utc() - timedelta(days=2))
    auth.login_as(practitioner)
    page = parse(client.get(f"/sessions/clients/{hannah.id}/new"))
    targets = [link["href"] for link in page.select("#open-drafts a[href$='/edit']")]
    assert targets == [f"/sessions/{newer.id}/edit", f"/sessions/{older.id}/edit"]


def test_starting_another_anyway_records_a_second_session(client, auth, practitioner, hannah):
    make_session(hannah)
    auth.login_as(practitioner)
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=session_form(form_key=new_form_key(client, hannah)))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(TreatmentSession.id)).where(
        TreatmentSession.client_id == hannah.id)) == 2
