"""The overview keeps its sections' rendering between visits, and never shows it stale:
any change to the client's records, or to the practice's shared ones, is shown at once."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from practice.clients import overview
from practice.core import kept_renderings
from practice.core.audit import AuditEvent, verify_chain
from practice.core.clock import local_today
from practice.core.data_stamps import practice_stamp
from practice.core.extensions import db
from practice.exercises.models import Exercise
from tests.conftest import TEST_PASSWORD, AuthActions
from tests.factories.accounts import make_portal_client
from tests.factories.exercises import make_assignment, make_check_in
from tests.html import parse, text_of


@pytest.fixture
def rosa(practitioner):
    return make_portal_client(practitioner, given_name="Rosa")[0]


@pytest.fixture
def loads(monkeypatch):
    """The kept sections' loaders that actually ran, by key."""
    kept_renderings.kept.clear()
    ran = []
    for key, section in list(overview._SECTIONS.items()):
        if section.kept:
            def counting(client, _load=section.load, _key=key):
                ran.append(_key)
                return _load(client)
            monkeypatch.setitem(overview._SECTIONS, key,
                                overview.OverviewSection(section.key, section.title,
                                                         section.template, section.order,
                                                         counting, True))
    yield ran
    kept_renderings.kept.clear()


def _home_program_card(response):
    return parse(response).select_one("#section-home_program").find_parent(class_="card")


def _home_program(response) -> str:
    return _home_program_card(response).get_text(" ", strip=True)


def test_a_second_visit_loads_no_kept_section_and_is_still_audited(client, auth, practitioner,
                                                                   rosa, loads):
    make_check_in(rosa, local_today(), pain=4)
    auth.login_as(practitioner)
    first = client.get(f"/clients/{rosa.id}")
    drawn = len(loads)
    second = client.get(f"/clients/{rosa.id}")
    assert drawn >= 8
    assert len(loads) == drawn
    assert text_of(first) == text_of(second)
    views = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "client.view", AuditEvent.client_id == rosa.id)).all()
    assert len(views) == 2
    assert verify_chain().intact


def test_a_view_changes_no_stamp(client, auth, practitioner, rosa):
    auth.login_as(practitioner)
    client.get(f"/clients/{rosa.id}")
    db.session.expire_all()
    before = (db.session.get(type(rosa), rosa.id).data_stamp, practice_stamp())
    client.get(f"/clients/{rosa.id}")
    client.get(f"/progress/client/{rosa.id}")
    db.session.expire_all()
    assert (db.session.get(type(rosa), rosa.id).data_stamp, practice_stamp()) == before


def test_someone_signing_in_sets_no_kept_rendering_aside(app, client, auth, practitioner,
                                                        other_practitioner, rosa, loads):
    """A sign-in writes the account's last sign-in time, which no kept section shows."""
    auth.login_as(practitioner)
    client.get(f"/clients/{rosa.id}")
    drawn, stamp = len(loads), practice_stamp()
    AuthActions(app.test_client()).login_as(other_practitioner)
    db.session.expire_all()
    assert db.session.get(type(other_practitioner), other_practitioner.id).last_login_at
    assert practice_stamp() == stamp
    client.get(f"/clients/{rosa.id}")
    assert len(loads) == drawn


def test_a_renamed_practitioner_is_shown_at_once(client, auth, practitioner, rosa, loads):
    make_assignment(rosa, starts_on=local_today())
    auth.login_as(practitioner)
    client.get(f"/clients/{rosa.id}")
    drawn = len(loads)
    practitioner.display_name = "Dr Renamed"
    db.session.commit()
    client.get(f"/clients/{rosa.id}")
    assert len(loads) > drawn


def test_a_new_record_of_the_client_shows_at_once(client, auth, practitioner, rosa, loads):
    auth.login_as(practitioner)
    assert "No check-ins yet" in text_of(client.get(f"/clients/{rosa.id}"))
    make_check_in(rosa, local_today() - timedelta(days=1), pain=7)
    page = text_of(client.get(f"/clients/{rosa.id}"))
    assert "No check-ins yet" not in page
    assert "Latest check-in" in page


def test_a_change_through_the_app_shows_at_once(client, auth, practitioner, rosa, loads):
    assignment = make_assignment(rosa, starts_on=local_today() - timedelta(days=3))
    auth.login_as(practitioner)
    assert "Stopped" not in _home_program(client.get(f"/clients/{rosa.id}"))
    client.post(f"/exercises/assignments/{assignment.id}/stop")
    assert "Stopped" in _home_program(client.get(f"/clients/{rosa.id}"))


def test_a_change_to_shared_records_shows_at_once(client, auth, practitioner, rosa, loads):
    assignment = make_assignment(rosa, starts_on=local_today())
    auth.login_as(practitioner)
    assert assignment.exercise.name in _home_program(client.get(f"/clients/{rosa.id}"))
    assignment.exercise.name = "Renamed breathing"  # practice-wide: no client of its own
    db.session.commit()
    assert "Renamed breathing" in _home_program(client.get(f"/clients/{rosa.id}"))
    db.session.execute(update(Exercise).where(Exercise.id == assignment.exercise_id)
                       .values(name="Bulk renamed"))
    db.session.commit()
    assert "Bulk renamed" in _home_program(client.get(f"/clients/{rosa.id}"))


def test_a_rolled_back_change_stamps_nothing(app, rosa):
    db.session.expire_all()
    before = (db.session.get(type(rosa), rosa.id).data_stamp, practice_stamp())
    rosa.notes = "Not kept."
    db.session.flush()
    db.session.rollback()
    db.session.expire_all()
    assert (db.session.get(type(rosa), rosa.id).data_stamp, practice_stamp()) == before


def test_each_sign_in_gets_its_own_csrf_token_in_a_kept_form(app, auth, practitioner, rosa,
                                                            loads):
    make_assignment(rosa, starts_on=local_today())
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:  # signing in is a change of its own (the last sign-in)
        browser.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD})
    tokens = []
    for browser in browsers:
        response = browser.get(f"/clients/{rosa.id}")
        page = parse(response)
        [stop_token] = {field["value"] for field in _home_program_card(response).select(
            'input[name="csrf_token"]')}
        assert stop_token == page.select_one('meta[name="csrf-token"]')["content"]
        tokens.append(stop_token)
    assert tokens[0] != tokens[1]
    assert len(kept_renderings.kept.entries) == 1


def test_a_page_drawn_after_a_change_in_the_same_request_is_not_kept(app, practitioner, rosa,
                                                                     loads):
    from flask_login import login_user

    with app.test_request_context(f"/clients/{rosa.id}", method="POST"):
        login_user(practitioner)
        overview.render_sections(rosa)
    assert kept_renderings.kept.entries == {}
