"""Session drafts save themselves while being typed (autosave.js posts the form here).

The endpoint saves through the one draft lock with the version the page holds and answers
JSON; the page takes the new version, so its own next save never conflicts with it. A new
session's form becomes a draft at its first autosave (once, by its form key). One audit event
per editing visit. Someone else's save, a signed or discarded draft, an archived client: 409
with the reason, nothing overwritten.
"""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.clock import local_datetime
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_session
from tests.html import field_value, parse
from tests.test_treatments import session_form, sessions_of

ARCHIVED = "record is archived"


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def draft(hannah):
    return make_session(hannah, assessment="First thoughts.")


def stored(session_id) -> TreatmentSession:
    db.session.expire_all()
    return db.session.get(TreatmentSession, session_id)


def autosave_events() -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "session.autosave")
                              .order_by(AuditEvent.id)).all()


def edit_page(client, session_id):
    page = client.get(f"/sessions/{session_id}/edit")
    assert page.status_code == 200
    return page


# --- the page ------------------------------------------------------------------------------

def test_the_edit_page_autosaves_with_a_static_script(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    page = parse(edit_page(client, draft.id))
    form = page.find("form", attrs={"data-session-form": True})
    assert form["data-autosave-url"] == f"/sessions/{draft.id}/autosave"
    assert form["action"] == f"/sessions/{draft.id}/edit"
    assert page.select_one("[data-autosave-status]") is not None
    sources = [script.get("src") for script in page.find_all("script")]
    assert "/static/js/autosave.js" in sources
    assert all(script.get("src") for script in page.find_all("script"))  # no inline script
    assert field_value(str(page), "form_key")  # the visit's id


def test_the_new_session_page_autosaves_to_the_clients_endpoint(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = parse(client.get(f"/sessions/clients/{hannah.id}/new"))
    form = page.find("form", attrs={"data-session-form": True})
    assert form["data-autosave-url"] == f"/sessions/clients/{hannah.id}/autosave"
    assert form["action"] == f"/sessions/clients/{hannah.id}/new"


def test_a_signed_sessions_conflict_page_does_not_autosave(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/sign", data={"version": "1"})
    response = client.post(f"/sessions/{draft.id}/edit", data=session_form(version="1"))
    assert response.status_code == 409
    form = parse(response).find("form", attrs={"data-session-form": True})
    assert not form.has_attr("data-autosave-url")


# --- a draft saves itself ------------------------------------------------------------------

def test_autosave_saves_the_draft_and_answers_the_new_version(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    key = field_value(edit_page(client, draft.id), "form_key")
    response = client.post(f"/sessions/{draft.id}/autosave",
                           data=session_form(version="1", form_key=key, assessment="Typing..."))
    assert response.status_code == 200
    assert response.is_json
    answer = response.get_json()
    session = stored(draft.id)
    assert answer["version"] == session.version == 2
    assert session.assessment == "Typing..."
    assert answer["saved_at"] == local_datetime(session.updated_at).strftime("%H:%M")
    assert not session.is_signed


def test_the_pages_save_after_its_autosaves_does_not_conflict(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    key = field_value(edit_page(client, draft.id), "form_key")
    version = "1"
    for text in ("Neck", "Neck eased", "Neck eased after the strokes"):
        answer = client.post(f"/sessions/{draft.id}/autosave",
                             data=session_form(version=version, form_key=key,
                                               assessment=text)).get_json()
        version = str(answer["version"])  # what autosave.js puts in the hidden field
    saved = client.post(f"/sessions/{draft.id}/edit",
                        data=session_form(version=version, form_key=key,
                                          assessment="Neck eased after the strokes."))
    assert saved.status_code == 302
    assert stored(draft.id).assessment == "Neck eased after the strokes."


def test_autosaves_are_audited_once_per_editing_visit(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    for _visit in range(2):
        key = field_value(edit_page(client, draft.id), "form_key")
        for _ in range(3):
            version = str(stored(draft.id).version)
            assert client.post(f"/sessions/{draft.id}/autosave",
                               data=session_form(version=version, form_key=key)).status_code == 200
    events = autosave_events()
    assert len(events) == 2  # one per visit, not one per save
    assert {(event.target_id, event.client_id) for event in events} == {(draft.id, draft.client_id)}
    assert all("neck" not in event.detail.lower() for event in events)  # no clinical text
    assert all(key not in event.detail for event in events)  # nor the page's key itself


def test_an_autosave_commits_once(client, auth, practitioner, draft, count_commits):
    auth.login_as(practitioner)
    with count_commits() as commits:
        client.post(f"/sessions/{draft.id}/autosave", data=session_form(version="1"))
    assert len(commits) == 1


def test_someone_elses_save_makes_the_autosave_a_conflict(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/edit",  # the other tab
                data=session_form(version="1", assessment="Saved in the other tab."))
    response = client.post(f"/sessions/{draft.id}/autosave",
                           data=session_form(version="1", assessment="This tab's typing."))
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["saved"] is False
    assert answer["conflict"] is True
    assert "saved elsewhere" in answer["message"]
    assert stored(draft.id).assessment == "Saved in the other tab."
    assert autosave_events() == []


@pytest.mark.parametrize("closed", ["signed", "discarded"])
def test_a_signed_or_discarded_draft_does_not_autosave(client, auth, practitioner, hannah, closed):
    session = make_session(hannah, signed=closed == "signed",
                           discarded_at=now_utc() if closed == "discarded" else None)
    before = stored(session.id).assessment
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{session.id}/autosave",
                           data=session_form(version=str(session.version), assessment="Late."))
    assert response.status_code == 409
    assert response.get_json()["message"]
    assert stored(session.id).assessment == before


def test_invalid_input_is_not_autosaved_and_says_which_fields(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{draft.id}/autosave",
                           data=session_form(version="1", pain_before="12", session_time=""))
    assert response.status_code == 422
    message = response.get_json()["message"]
    assert "Overall pain before" in message
    assert "Start time" in message
    assert stored(draft.id).version == 1


def test_another_practitioners_draft_is_404(client, auth, other_practitioner, draft):
    auth.login_as(other_practitioner)
    response = client.post(f"/sessions/{draft.id}/autosave", data=session_form(version="1"))
    assert response.status_code == 404
    assert stored(draft.id).version == 1


# --- a new session's form becomes a draft at its first autosave ----------------------------

def new_page_key(client, hannah) -> str:
    return field_value(client.get(f"/sessions/clients/{hannah.id}/new"), "form_key")


def test_the_first_autosave_of_a_new_form_creates_its_draft(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    key = new_page_key(client, hannah)
    response = client.post(f"/sessions/clients/{hannah.id}/autosave",
                           data=session_form(form_key=key, assessment="Started typing."))
    assert response.status_code == 200
    answer = response.get_json()
    [draft] = sessions_of(hannah)
    assert draft.assessment == "Started typing."
    assert not draft.is_signed
    assert answer["version"] == draft.version
    assert answer["edit_url"] == f"/sessions/{draft.id}/edit"
    assert answer["autosave_url"] == f"/sessions/{draft.id}/autosave"
    actions = [event.action for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_id == draft.id,
                                 AuditEvent.target_type == "TreatmentSession"))]
    assert actions.count("session.create") == 1
    assert actions.count("session.autosave") == 1

    # The page now autosaves to the draft and saves through its edit URL: one session.
    follow = client.post(answer["autosave_url"],
                         data=session_form(form_key=key, version=str(answer["version"]),
                                           assessment="Started typing, then more."))
    assert follow.status_code == 200
    saved = client.post(answer["edit_url"],
                        data=session_form(form_key=key, version=str(follow.get_json()["version"]),
                                          assessment="All of it."))
    assert saved.status_code == 302
    [draft] = sessions_of(hannah)
    assert draft.assessment == "All of it."
    assert len(autosave_events()) == 1  # one visit


def test_a_lost_answer_to_the_first_autosave_does_not_make_a_second_draft(client, auth,
                                                                          practitioner, hannah):
    auth.login_as(practitioner)
    key = new_page_key(client, hannah)
    client.post(f"/sessions/clients/{hannah.id}/autosave", data=session_form(form_key=key))
    again = client.post(f"/sessions/clients/{hannah.id}/autosave",
                        data=session_form(form_key=key, assessment="Typed after."))
    assert again.status_code == 200
    [draft] = sessions_of(hannah)
    assert draft.assessment == "Typed after."
    assert again.get_json()["edit_url"] == f"/sessions/{draft.id}/edit"


def test_the_new_forms_save_after_its_autosave_keeps_one_session(client, auth, practitioner,
                                                                 hannah):
    """Without the switch of action (no answer yet), Save still finds the draft it made."""
    auth.login_as(practitioner)
    key = new_page_key(client, hannah)
    client.post(f"/sessions/clients/{hannah.id}/autosave", data=session_form(form_key=key))
    response = client.post(f"/sessions/clients/{hannah.id}/new", data=session_form(form_key=key))
    assert response.status_code == 302
    assert len(sessions_of(hannah)) == 1


def test_save_sign_and_lock_after_the_switch_signs_the_draft(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    key = new_page_key(client, hannah)
    answer = client.post(f"/sessions/clients/{hannah.id}/autosave",
                         data=session_form(form_key=key)).get_json()
    response = client.post(answer["edit_url"], data=session_form(
        form_key=key, version=str(answer["version"]), sign="1"), follow_redirects=True)
    assert "Session signed and locked." in response.get_data(as_text=True)
    [session] = sessions_of(hannah)
    assert session.is_signed


# --- archived clients ----------------------------------------------------------------------

def test_an_archived_clients_draft_cannot_autosave(client, auth, practitioner, hannah, draft):
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = client.post(f"/sessions/{draft.id}/autosave",
                           data=session_form(version="1", assessment="After archiving."))
    assert response.status_code == 409
    assert ARCHIVED in response.get_json()["message"]
    assert stored(draft.id).assessment == "First thoughts."
    assert autosave_events() == []


def test_no_new_draft_autosaves_for_an_archived_client(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    key = new_page_key(client, hannah)
    hannah.archived_at = now_utc()
    db.session.commit()
    response = client.post(f"/sessions/clients/{hannah.id}/autosave",
                           data=session_form(form_key=key))
    assert response.status_code == 409
    assert ARCHIVED in response.get_json()["message"]
    assert sessions_of(hannah) == []


def test_autosave_of_an_old_draft_keeps_its_time(client, auth, practitioner, hannah):
    """The time typed on the form is the session's; autosave does not move it to now."""
    old = make_session(hannah, started_at=now_utc() - timedelta(days=3))
    auth.login_as(practitioner)
    page = edit_page(client, old.id)
    data = session_form(version="1", session_date=field_value(page, "session_date"),
                        session_time=field_value(page, "session_time"))
    client.post(f"/sessions/{old.id}/autosave", data=data)
    assert stored(old.id).started_at.date() == (now_utc() - timedelta(days=3)).date()
    assert db.session.scalar(select(func.count(TreatmentSession.id))) == 1


def test_an_autosave_after_the_sign_in_ended_is_kept_once_and_stops_the_script(client, auth,
                                                                               practitioner, draft):
    """Not JSON but the way to sign in (the script stops there); the typing is kept for its
    author, as for any form sent after the sign-in ended."""
    from practice.core.kept_forms import KeptForm

    auth.login_as(practitioner)
    key = field_value(edit_page(client, draft.id), "form_key")
    auth.logout()
    response = client.post(f"/sessions/{draft.id}/autosave",
                           data=session_form(version="1", form_key=key, assessment="Kept."))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert not response.is_json
    assert stored(draft.id).assessment == "First thoughts."
    [kept] = db.session.scalars(select(KeptForm)).all()
    assert [value for name, value in kept.pairs if name == "assessment"] == ["Kept."]
    # Given back after sign-in, it goes to the form's Save draft, never to the autosave.
    assert kept.action == f"/sessions/{draft.id}/edit"
