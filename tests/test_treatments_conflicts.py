"""Two editors on one draft: the second save conflicts, both texts stay visible, none is lost."""
import pytest
from sqlalchemy import select, update

from practice.core.errors import Conflict
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession
from practice.treatments.operations import update_draft
from tests.factories.accounts import make_client
from tests.factories.plans import make_session
from tests.html import field_value, parse, text_of
from tests.test_treatments import session_form


@pytest.fixture
def draft(practitioner):
    return make_session(make_client(practitioner), assessment="Original assessment.")


def stored(session_id):
    db.session.expire_all()
    return db.session.get(TreatmentSession, session_id)


def edit_page_version(client, session_id) -> str:
    return field_value(client.get(f"/sessions/{session_id}/edit"), "version")


def test_second_save_of_the_same_version_conflicts_and_loses_nothing(client, auth, practitioner,
                                                                     draft):
    auth.login_as(practitioner)
    tab_a = edit_page_version(client, draft.id)
    tab_b = edit_page_version(client, draft.id)
    assert tab_a == tab_b == "1"

    first = client.post(f"/sessions/{draft.id}/edit",
                        data=session_form(version=tab_a, assessment="Tab A: nodes softer."))
    assert first.status_code == 302
    second = client.post(f"/sessions/{draft.id}/edit",
                         data=session_form(version=tab_b, assessment="Tab B: neck freer."))
    assert second.status_code == 409
    panel = text_of(second, "#conflict")
    assert "Someone else saved this draft while you were editing it" in panel
    assert "Tab A: nodes softer." in panel  # what is stored now
    assert "Tab B: neck freer." in panel  # what this editor typed
    assert panel.index("Stored now") < panel.index("You typed")
    assert field_value(second, "assessment").strip() == "Tab B: neck freer."  # still in the form
    assert stored(draft.id).assessment == "Tab A: nodes softer."
    assert stored(draft.id).version == 2
    # The form now carries version 2: saving again is a deliberate choice, and works.
    assert field_value(second, "version") == "2"
    third = client.post(f"/sessions/{draft.id}/edit",
                        data=session_form(version="2", assessment="Tab A: nodes softer. Tab B: neck freer."))
    assert third.status_code == 302
    assert stored(draft.id).assessment == "Tab A: nodes softer. Tab B: neck freer."
    assert stored(draft.id).version == 3


def test_conflict_lists_only_the_parts_that_differ(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/edit", data=session_form(version="1", pain_after="2"))
    response = client.post(f"/sessions/{draft.id}/edit",
                           data=session_form(version="1", pain_after="5"))
    table = text_of(response, ".conflict-table")
    assert "Overall pain after" in table
    assert "Subjective" not in table


def test_missing_or_garbled_version_is_a_conflict_not_an_overwrite(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    for version in ("", "abc", "-1"):
        response = client.post(f"/sessions/{draft.id}/edit",
                               data=session_form(version=version, assessment="Blind overwrite"))
        assert response.status_code == 409
    assert stored(draft.id).assessment == "Original assessment."


@pytest.mark.real_commits  # another connection commits while this one works
def test_a_save_racing_another_commit_is_caught_by_the_version_column(app, draft, practitioner):
    """Both passed the version check; the row changed before this one's UPDATE."""
    session = db.session.get(TreatmentSession, draft.id)
    assert session.version == 1
    with db.engine.begin() as other_connection:  # another request, committing in between
        other_connection.execute(update(TreatmentSession.__table__)
                                 .where(TreatmentSession.__table__.c.id == draft.id)
                                 .values(assessment="Saved by the other request", version=2))
    data = {"started_at": session.started_at, "duration_minutes": 45, "plan": None, "steps": [],
            "assessment": "This request's text"}
    with app.test_request_context(), pytest.raises(Conflict) as caught:
        update_draft(session, data, 1)
    assert caught.value.current.assessment == "Saved by the other request"
    assert caught.value.current.version == 2
    assert stored(draft.id).assessment == "Saved by the other request"


@pytest.mark.parametrize(("action", "message"), [
    ("sign", "This session was signed while you were editing it"),
    ("discard", "This draft was discarded while you were editing it"),
])
def test_signed_or_discarded_in_another_tab_keeps_the_typed_text(client, auth, practitioner, draft,
                                                                 action, message):
    auth.login_as(practitioner)
    version = edit_page_version(client, draft.id)
    client.post(f"/sessions/{draft.id}/{action}", data={"version": version})
    response = client.post(f"/sessions/{draft.id}/edit",
                           data=session_form(version=version, assessment="Typed meanwhile."))
    assert response.status_code == 409
    text = text_of(response)
    assert message in text
    assert "Typed meanwhile." in text
    assert "Original assessment." in text
    assert "Save draft" not in text
    assert stored(draft.id).assessment == "Original assessment."
    if action == "sign":
        assert stored(draft.id).is_signed
        assert "Assessment: Typed meanwhile." in field_value(response, "body")  # as an addendum


def test_discarding_a_stale_page_discards_nothing(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/edit", data=session_form(version="1"))
    response = client.post(f"/sessions/{draft.id}/discard", data={"version": "1"},
                           follow_redirects=True)
    assert b"nothing was discarded" in response.data
    assert not stored(draft.id).is_discarded
    assert db.session.scalars(select(TreatmentSession)).one().discarded_at is None


def test_conflict_words_the_plan_and_the_steps_as_a_reader_would(client, auth, practitioner, draft):
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/edit", data=session_form(version="1"))
    response = client.post(f"/sessions/{draft.id}/edit", data=session_form(
        version="1", **{"steps-1-performed": "y", "steps-1-note": ""}))
    rows = {row.th.get_text(strip=True): [cell.get_text() for cell in row.find_all("td")]
            for row in parse(response).select(".conflict-table tbody tr")}
    assert rows == {"Steps": [
        "[done] Diaphragmatic breathing (Abdomen, 5 min)\n"
        "[skipped] Shoulder rolls (Shoulders, 5 min, Left out: shoulder sore)",
        "[done] Diaphragmatic breathing (Abdomen, 5 min)\n[done] Shoulder rolls (Shoulders, 5 min)"]}
