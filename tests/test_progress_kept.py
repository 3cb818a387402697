"""The progress page keeps its body between visits and never shows it stale."""
from datetime import timedelta

import pytest

from practice.core import kept_renderings
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.progress import routes
from tests.counted_calls import counted_calls
from tests.factories.accounts import make_portal_client
from tests.factories.exercises import make_assignment, make_check_in
from tests.html import parse, text_of


@pytest.fixture
def rosa(practitioner):
    return make_portal_client(practitioner, given_name="Rosa")[0]


@pytest.fixture
def drawn(monkeypatch):
    yield from counted_calls(monkeypatch, routes, "_draw_page", kept_renderings.kept.clear)


def test_a_second_visit_draws_nothing_and_is_still_audited(client, auth, practitioner, rosa,
                                                           drawn):
    make_check_in(rosa, local_today(), pain=4)
    auth.login_as(practitioner)
    first = client.get(f"/progress/client/{rosa.id}")
    second = client.get(f"/progress/client/{rosa.id}")
    assert len(drawn) == 1
    assert text_of(first) == text_of(second)
    assert len(db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "progress.view", AuditEvent.client_id == rosa.id)).all()) == 2
    client.get(f"/progress/client/{rosa.id}?weeks=4")
    assert len(drawn) == 2  # another range is drawn for itself


def test_a_new_check_in_or_a_stopped_exercise_shows_at_once(client, auth, practitioner, rosa,
                                                            drawn):
    assignment = make_assignment(rosa, starts_on=local_today() - timedelta(days=2))
    auth.login_as(practitioner)
    url = f"/progress/client/{rosa.id}"
    assert "(0 check-ins)" in text_of(client.get(url))
    make_check_in(rosa, local_today(), pain=6, note="A long walk.")
    page = text_of(client.get(url))
    assert "(1 check-in)" in page
    assert "A long walk." in page
    client.post(f"/exercises/assignments/{assignment.id}/stop?from=program")
    assert "Stopped" in text_of(client.get(url))


def test_each_sign_in_gets_its_own_csrf_token(app, practitioner, rosa, drawn):
    from tests.conftest import TEST_PASSWORD

    make_assignment(rosa, starts_on=local_today())
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        browser.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD})
    tokens = set()
    for browser in browsers:
        page = parse(browser.get(f"/progress/client/{rosa.id}"))
        [token] = {field["value"] for field in page.select('main input[name="csrf_token"]')}
        assert token == page.select_one('meta[name="csrf-token"]')["content"]
        tokens.add(token)
    assert len(tokens) == 2
    assert len(drawn) == 1
