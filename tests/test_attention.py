"""Needs attention on the practitioner's Today page: worked out when data changes, stored,
read in two queries (the newest and how many), marked seen (audited) until new data arrives."""
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from practice.attention.models import AttentionItem
from practice.attention.operations import refresh
from practice.clients.models import Client
from practice.core.audit import AuditEvent, about_client
from practice.core.clock import local_datetime, local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.plans.models import PlanStatus
from practice.progress.models import CheckIn, CheckInSource
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import make_intake
from tests.factories.exercises import make_check_in
from tests.factories.plans import make_plan, make_session
from tests.html import parse, text_of


@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def rosa(practitioner):
    client, _user = make_portal_client(practitioner, given_name="Rosa", family_name="Martinez")
    return client


def _attention(response):
    section = parse(response).select_one("section[aria-labelledby=attention-heading]")
    return [(" ".join(item.select_one("a").get_text(" ").split()),
             " ".join(item.select_one(".attention-reason").get_text(" ").split()),
             item.select_one("a")["href"])
            for item in section.select(".attention-item")]


def _baseline(client, today, days=20, **ratings):
    """Check-ins from ``days`` days ago for the two weeks of the baseline."""
    for offset in range(days, days - 14, -1):
        make_check_in(client, today - timedelta(days=offset), **ratings)


def _items(client):
    db.session.expire_all()
    return {item.rule: item for item in db.session.scalars(
        select(AttentionItem).where(AttentionItem.client_id == client.id))}


def test_the_today_page_names_who_needs_attention_and_why(client, auth, practitioner,
                                                         other_practitioner, rosa, today):
    graham = make_client(practitioner, given_name="Graham", family_name="Whitfield")
    session = make_session(graham, started_at=now_utc() - timedelta(days=2),
                           created_at=now_utc() - timedelta(days=2))
    _baseline(rosa, today, fatigue=4)
    make_check_in(rosa, today, fatigue=8, note="Couldn't find words at work")
    theirs = make_client(other_practitioner, given_name="Sam")
    make_check_in(theirs, today, pain=9, note="Sam's own note")
    auth.login_as(practitioner)
    listed = _attention(client.get("/"))
    progress = f"/progress/client/{rosa.id}"
    session_day = local_datetime(session.started_at)
    # Newest first: Rosa's check-in of today raised three items; Graham's draft is older.
    assert listed == [
        ("Rosa Martinez", f"Check-in note of {today:%a %d %b}: \u201cCouldn't find words at "
                          "work\u201d (no session yet)", progress),
        ("Rosa Martinez", f"Check-in of {today:%a %d %b}: fatigue 8 (baseline 4.0).", progress),
        ("Rosa Martinez", "Worse than baseline over the last 7 days (one check-in): "
                          "fatigue 8.0 against a baseline of 4.0.", progress),
        ("Graham Whitfield", f"Session of {session_day:%d %b %Y} is still a draft, not signed.",
         f"/sessions/{session.id}"),
    ]
    rules = [item.select_one(".attention-rule").get_text(strip=True)
             for item in parse(client.get("/")).select(".attention-item")]
    assert rules == ["Check-in note", "High rating", "Worse than baseline", "Draft not signed"]
    assert "Sam" not in text_of(client.get("/"))


def test_items_are_newest_first(client, auth, practitioner, rosa, today):
    graham = make_client(practitioner, given_name="Graham", family_name="Whitfield")
    make_session(graham, started_at=now_utc() - timedelta(days=3),
                 created_at=now_utc() - timedelta(days=3))
    make_check_in(rosa, today, note="A bad night")
    auth.login_as(practitioner)
    names = [name for name, _reason, _link in _attention(client.get("/"))]
    # The note is today's; the draft became "left unsigned" two days ago.
    assert names == ["Rosa Martinez", "Graham Whitfield"]


def test_archived_clients_are_left_out_and_come_back_when_restored(client, auth, practitioner,
                                                                  rosa, today):
    make_check_in(rosa, today, note="Neck worse")
    auth.login_as(practitioner)
    assert len(_attention(client.get("/"))) == 1
    rosa.archived_at = now_utc()
    db.session.commit()
    assert _attention(client.get("/")) == []
    rosa.archived_at = None
    db.session.commit()
    assert len(_attention(client.get("/"))) == 1


def test_a_handed_over_client_s_items_go_with_them(client, auth, practitioner,
                                                   other_practitioner, rosa, today):
    make_check_in(rosa, today, note="Neck worse")
    rosa.practitioner_id = other_practitioner.id
    db.session.commit()
    auth.login_as(practitioner)
    assert _attention(client.get("/")) == []
    auth.logout()
    auth.login_as(other_practitioner)
    assert len(_attention(client.get("/"))) == 1


# --- worked out when data changes ------------------------------------------------------------

def test_a_portal_check_in_brings_an_item_at_once(client, auth, practitioner, rosa, today):
    _baseline(rosa, today, pain=3)
    assert _items(rosa) == {}
    auth.login_as(rosa.portal_user)
    assert client.post("/portal/checkin", data={"pain": "9", "note": "Flare-up"}).status_code == 302
    assert set(_items(rosa)) == {"worse_than_baseline", "high_rating", "check_in_note"}


def test_a_session_after_the_note_and_signing_the_draft_clear_items(client, auth, practitioner,
                                                                   rosa, today):
    written = now_utc() - timedelta(days=2)
    make_check_in(rosa, today - timedelta(days=2), note="Shoulder locked", created_at=written,
                  updated_at=written)
    draft = make_session(rosa, started_at=now_utc() - timedelta(hours=30),
                         created_at=now_utc() - timedelta(hours=30))
    assert set(_items(rosa)) == {"unsigned_draft"}  # the session came after the note
    draft.sign(practitioner)
    db.session.commit()
    assert _items(rosa) == {}


def test_intake_drafts_count_as_unsigned_drafts(client, auth, practitioner, rosa):
    intake = make_intake(rosa, days_ago=3)
    intake.created_at = now_utc() - timedelta(days=2)
    db.session.commit()
    item = _items(rosa)["unsigned_draft"]
    assert item.subject == f"intake:{intake.id}"
    auth.login_as(practitioner)
    [(_name, _reason, link)] = _attention(client.get("/"))
    assert link == f"/clients/{rosa.id}/intakes/{intake.id}"


def test_a_draft_younger_than_a_day_shows_from_its_first_day(practitioner, rosa):
    session = make_session(rosa, started_at=now_utc())
    item = _items(rosa)["unsigned_draft"]
    assert item.shows_from == session.created_at + timedelta(days=1)


def test_an_overdue_session_is_stored_ahead_of_time(practitioner, rosa, today):
    plan = make_plan(rosa, sessions_per_week=1, start_date=today - timedelta(days=30))
    make_session(rosa, plan=plan, signed=True, started_at=now_utc() - timedelta(days=3))
    item = _items(rosa)["session_overdue"]
    assert item.shows_from > now_utc()  # due in a few days, with no more data needed
    plan.status = PlanStatus.PAUSED
    db.session.commit()
    assert "session_overdue" not in _items(rosa)


# --- mark seen --------------------------------------------------------------------------------

def test_marking_seen_takes_it_off_until_new_data_arrives(client, auth, practitioner, rosa,
                                                          today):
    make_check_in(rosa, today - timedelta(days=1), note="Couldn't sleep")
    item = _items(rosa)["check_in_note"]
    auth.login_as(practitioner)
    response = client.post(f"/attention/items/{item.id}/seen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/#attention-heading")
    assert _attention(client.get("/")) == []
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "attention.seen")).one()
    assert (event.client_id, event.target_id, event.actor_id) == (rosa.id, item.id, practitioner.id)
    # Sent again: nothing changes, no second event.
    client.post(f"/attention/items/{item.id}/seen")
    assert db.session.scalar(select(db.func.count(AuditEvent.id))
                             .where(AuditEvent.action == "attention.seen")) == 1
    # Unrelated data leaves it seen; a new note brings it back.
    make_check_in(rosa, today - timedelta(days=1), source=CheckInSource.PRACTITIONER, pain=3)
    assert _attention(client.get("/")) == []
    make_check_in(rosa, today, note="Worse again")
    assert [reason for _name, reason, _link in _attention(client.get("/"))] == [
        f"Check-in note of {today:%a %d %b}: \u201cWorse again\u201d (1 more note and no "
        "session yet)"]


def test_another_practitioners_item_is_not_found_and_seen_is_post_only(client, auth,
                                                                      other_practitioner, rosa,
                                                                      today):
    make_check_in(rosa, today, note="Tired")
    item = _items(rosa)["check_in_note"]
    auth.login_as(other_practitioner)
    assert client.post(f"/attention/items/{item.id}/seen").status_code == 404
    assert client.post("/attention/items/99999999999/seen").status_code == 404
    assert _items(rosa)["check_in_note"].seen_at is None
    assert client.get(f"/attention/items/{item.id}/seen").status_code == 405


def test_seen_needs_the_forms_csrf_token(app, client, auth, practitioner, rosa, today,
                                         monkeypatch):
    make_check_in(rosa, today, note="Tired")
    item = _items(rosa)["check_in_note"]
    auth.login_as(practitioner)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/attention/items/{item.id}/seen").status_code == 400
    assert _items(rosa)["check_in_note"].seen_at is None
    page = parse(client.get("/"))
    form = page.select_one("form[action$='/seen']")
    token = form.select_one("input[name=csrf_token]")["value"]
    assert client.post(form["action"], data={"csrf_token": token}).status_code == 302
    assert _items(rosa)["check_in_note"].seen_at is not None


def test_the_list_view_is_audited_with_the_clients_it_showed(client, auth, practitioner, rosa,
                                                            today):
    make_check_in(rosa, today, note="Tired")
    auth.login_as(practitioner)
    client.get("/")
    events = db.session.scalars(select(AuditEvent).where(about_client(rosa.id),
                                                         AuditEvent.action == "attention.view")).all()
    assert len(events) == 1
    assert events[0].actor_id == practitioner.id


# --- a fixed number of queries ----------------------------------------------------------------

def _practice_of(practitioner, today, size: int) -> None:
    """``size`` more clients for the practitioner, each with three days of check-ins and a note
    (one commit: their items are worked out together)."""
    people = [Client(practitioner=practitioner, given_name=f"Client{number:04d}",
                     family_name="Bulk") for number in range(size)]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all(
        CheckIn(client_id=person.id, checked_on=today - timedelta(days=offset),
                recorded_by_id=practitioner.id, source=CheckInSource.CLIENT,
                pain=3 + offset % 5, note="Stiff" if offset == 0 else None)
        for person in people for offset in range(3))
    db.session.commit()


def test_the_today_page_takes_the_same_queries_at_10_and_1000_items(client, auth, practitioner,
                                                                   today, count_queries):
    auth.login_as(practitioner)
    counts = []
    for size, more in ((10, 10), (1_000, 990)):
        _practice_of(practitioner, today, more)
        client.get("/")
        with count_queries() as statements:
            response = client.get("/")
        assert response.status_code == 200
        counts.append(len(statements))
        assert len(_attention(response)) == min(size, 30)
    assert "Showing the newest 30 of 1000" in text_of(response)
    assert counts[0] == counts[1]


def test_refresh_takes_a_fixed_number_of_queries_for_any_number_of_clients(practitioner, today,
                                                                           count_queries):
    _practice_of(practitioner, today, 5)
    ids = list(db.session.scalars(select(Client.id)))
    with count_queries() as few:
        refresh(ids[:1])
    with count_queries() as many:
        refresh(ids)
    reads = [statement for statement in many if statement.lstrip().upper().startswith("SELECT")]
    assert len(reads) == len([s for s in few if s.lstrip().upper().startswith("SELECT")])


@pytest.mark.real_commits
def test_the_nightly_command_works_every_client_out_again(app, practitioner, today):
    rosa = make_client(practitioner, given_name="Rosa")
    make_check_in(rosa, today, note="Tired")
    db.session.execute(db.delete(AttentionItem))
    db.session.commit()
    result = CliRunner().invoke(app.cli, ["attention", "refresh"], obj=None)
    assert result.exit_code == 0, result.output
    assert "Worked out the attention items of 1 client." in result.output
    db.session.remove()
    assert db.session.scalar(select(AttentionItem.rule)) == "check_in_note"
