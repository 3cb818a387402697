"""Search across notes: a practitioner's own clients' intakes, sessions, addenda and plans."""
from datetime import UTC, datetime

import pytest

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.intakes.models import IntakeAddendum
from practice.notes_search.queries import highlighted
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import make_intake
from tests.factories.plans import make_plan
from tests.html import links, parse, text_of


def make_session(client, *, subjective=None, assessment=None, signed=False):
    session = TreatmentSession(client=client, practitioner_id=client.practitioner_id,
                               started_at=datetime(2026, 3, 4, 10, tzinfo=UTC),
                               duration_minutes=45, subjective=subjective, assessment=assessment)
    if signed:
        session.signed_at = datetime(2026, 3, 4, 11, tzinfo=UTC)
        session.signed_by_id = client.practitioner_id
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def search(client, query, **params):
    response = client.get("/search/", query_string={"q": query, **params})
    assert response.status_code == 200
    return response


def hits(response) -> list[str]:
    return [" ".join(item.get_text(" ").split()) for item in parse(response).select(".search-hit")]


def test_a_practitioner_finds_a_word_in_a_session_note_with_a_link(client, auth, practitioner,
                                                                   hannah):
    session = make_session(hannah, subjective="Tender along the left collarbone since Tuesday.")
    make_session(hannah, subjective="Slept well, less fog.")
    auth.login_as(practitioner)
    page = search(client, "collarbone")
    (hit,) = hits(page)
    assert "Session note · Hannah Price" in hit
    assert [mark.get_text() for mark in parse(page).select(".search-excerpt mark")] == ["collarbone"]
    assert f"/sessions/{session.id}" in links(page)


def test_the_start_of_a_word_is_enough_and_every_word_must_match(client, auth, practitioner,
                                                                 hannah):
    make_session(hannah, subjective="Swelling above the collarbone.")
    make_session(hannah, subjective="Collarbone fine today.")
    auth.login_as(practitioner)
    assert len(hits(search(client, "collar"))) == 2
    assert len(hits(search(client, "COLLAR swell"))) == 1


def test_intakes_addenda_and_plans_are_found_too(client, auth, practitioner, hannah):
    intake = make_intake(hannah, signed=True)
    session = make_session(hannah, signed=True, assessment="Neck easier.")
    db.session.add_all([
        IntakeAddendum(intake_id=intake.id, author_id=practitioner.id,
                       body="Mentions a whiplash injury in 2019."),
        SessionAddendum(session_id=session.id, author_id=practitioner.id,
                        body="Also whiplash exercises discussed.")])
    db.session.commit()
    auth.login_as(practitioner)
    found = hits(search(client, "whiplash"))
    assert sorted(hit.split(" · ")[0] for hit in found) == ["Intake addendum", "Session addendum"]
    page = search(client, "whiplash")
    assert f"/clients/{hannah.id}/intakes/{intake.id}" in links(page)
    assert f"/sessions/{session.id}" in links(page)


def test_an_edit_is_found_at_once_and_the_old_words_are_gone(client, auth, practitioner, hannah):
    session = make_session(hannah, subjective="Headache all week.")
    session.subjective = "Migraine all week."
    db.session.commit()
    auth.login_as(practitioner)
    assert hits(search(client, "headache")) == []
    assert len(hits(search(client, "migraine"))) == 1


def test_a_discarded_draft_is_not_found(client, auth, practitioner, hannah):
    session = make_session(hannah, subjective="Mistaken entry about sciatica.")
    session.discarded_at = datetime(2026, 3, 5, tzinfo=UTC)
    db.session.commit()
    auth.login_as(practitioner)
    assert hits(search(client, "sciatica")) == []


def test_another_practitioners_clients_are_never_found(client, auth, practitioner,
                                                       other_practitioner, hannah):
    rosa = make_client(other_practitioner, given_name="Rosa", family_name="Martinez")
    make_session(rosa, subjective="Collarbone pain.")
    auth.login_as(practitioner)
    assert hits(search(client, "collarbone")) == []
    auth.logout()
    auth.login_as(other_practitioner)
    assert len(hits(search(client, "collarbone"))) == 1


def test_archived_clients_are_found_only_when_asked(client, auth, practitioner, hannah):
    make_session(hannah, subjective="Lymph nodes swollen.")
    hannah.archived_at = datetime(2026, 3, 6, tzinfo=UTC)
    db.session.commit()
    auth.login_as(practitioner)
    assert hits(search(client, "lymph")) == []
    (hit,) = hits(search(client, "lymph", archived="1"))
    assert "archived" in hit


def test_a_note_with_html_is_shown_as_text(client, auth, practitioner, hannah):
    make_session(hannah, subjective='<script>alert(1)</script> <b>sternum</b> & "ribs"')
    auth.login_as(practitioner)
    page = search(client, "sternum")
    body = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "<b>sternum" not in body
    excerpt = text_of(page, ".search-excerpt")
    assert "sternum" in excerpt
    assert "ribs" in excerpt
    assert [mark.get_text() for mark in parse(page).select(".search-excerpt mark")] == ["sternum"]


def test_highlighting_escapes_everything_but_its_own_marks():
    assert str(highlighted('<i>a</i> \x02x\x03 & "y"')) == \
        "&lt;i&gt;a&lt;/i&gt; <mark>x</mark> &amp; &#34;y&#34;"


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR b", "col:x", "'; drop", "^", "-x",
                                   "()", "x:*", "&|!", "\\", "\x00"])
def test_search_syntax_typed_by_hand_is_plain_words(client, auth, practitioner, hannah, query):
    make_session(hannah, subjective="Plain note.")
    auth.login_as(practitioner)
    search(client, query)


def test_each_search_is_audited_and_the_client_sees_it(client, auth, practitioner):
    hannah, user = make_portal_client(practitioner, given_name="Hannah", family_name="Price")
    make_session(hannah, subjective="Collarbone tender.")
    auth.login_as(practitioner)
    search(client, "collarbone")
    search(client, "nothing-like-this")
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "notes.search")
                                .order_by(AuditEvent.id)).all()
    assert [event.detail_dict["results"] for event in events] == [1, 0]
    assert events[0].detail_dict["client_ids"] == [hannah.id]
    assert "collarbone" not in events[0].detail  # the words are clinical text: not kept
    auth.logout()
    auth.login_as(user)
    assert "Searched notes and saw excerpts of yours" in text_of(client.get("/portal/access/"))


def test_the_search_page_keeps_to_a_fixed_number_of_queries(client, auth, practitioner, hannah,
                                                            count_queries):
    make_session(hannah, subjective="Neck stiff.")
    auth.login_as(practitioner)
    with count_queries() as few:
        search(client, "neck")
    for number in range(15):
        other = make_client(practitioner, given_name=f"Client{number}")
        make_session(other, subjective=f"Neck stiff {number}.")
    with count_queries() as many:
        assert len(hits(search(client, "neck"))) == 16
    assert len(many) == len(few)


def test_only_practitioners_search_notes(client, auth, admin_user):
    auth.login_as(admin_user)
    assert client.get("/search/?q=x").status_code == 403


def test_a_plan_is_found_by_its_goals_and_steps_even_after_a_step_changes(client, auth,
                                                                          practitioner, hannah):
    plan = make_plan(hannah, goals="Ease the heaviness in the left arm.")
    auth.login_as(practitioner)
    (hit,) = hits(search(client, "heaviness"))
    assert "Plan · Hannah Price" in hit
    assert f"/plans/{plan.id}" in links(search(client, "heaviness"))
    plan.steps[0].instructions = "Stroke toward the axilla."
    db.session.commit()
    assert len(hits(search(client, "axilla"))) == 1
