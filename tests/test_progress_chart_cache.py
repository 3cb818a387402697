"""The check-in charts are drawn once per distinct set of ratings, and never shown stale."""
from datetime import timedelta

import pytest

from practice.core.clock import local_today
from practice.core.extensions import db
from practice.progress import chart_cache
from tests.counted_calls import counted_calls
from tests.factories.accounts import make_portal_client
from tests.factories.exercises import make_check_in
from tests.html import parse


@pytest.fixture
def rosa(practitioner):
    return make_portal_client(practitioner, given_name="Rosa")[0]


@pytest.fixture
def drawings(monkeypatch):
    """Counts the charts actually built (a kept drawing builds none)."""
    yield from counted_calls(monkeypatch, chart_cache, "build_charts", chart_cache._drawn.cache_clear)


def _latest_pain(response) -> str:
    return parse(response).select_one(".measure-pain .progress-chart-latest strong").get_text()


@pytest.mark.parametrize("path", ["/progress/client/{id}", "/clients/{id}"])
def test_a_second_view_reuses_the_drawing(client, auth, practitioner, rosa, drawings, path):
    make_check_in(rosa, local_today() - timedelta(days=1), pain=5, fog=2)
    auth.login_as(practitioner)
    first = client.get(path.format(id=rosa.id)).get_data(as_text=True)
    second = client.get(path.format(id=rosa.id)).get_data(as_text=True)
    assert len(drawings) == 1
    assert first.count('class="chart-svg"') == second.count('class="chart-svg"') == 5


@pytest.mark.parametrize("path", ["/progress/client/{id}", "/clients/{id}"])
def test_a_new_or_corrected_rating_is_drawn_at_once(client, auth, practitioner, rosa, drawings,
                                                    path):
    today = local_today()
    check_in = make_check_in(rosa, today - timedelta(days=1), pain=5)
    auth.login_as(practitioner)
    url = path.format(id=rosa.id)
    assert _latest_pain(client.get(url)) == "5"
    check_in.pain = 8
    db.session.commit()
    assert _latest_pain(client.get(url)) == "8"
    make_check_in(rosa, today, pain=2)
    assert _latest_pain(client.get(url)) == "2"
    assert len(drawings) == 3


def test_each_page_keeps_its_own_element_ids(client, auth, practitioner, rosa, drawings):
    make_check_in(rosa, local_today(), pain=3)
    auth.login_as(practitioner)
    overview = parse(client.get(f"/clients/{rosa.id}"))
    progress = parse(client.get(f"/progress/client/{rosa.id}?weeks=4"))
    assert overview.select_one("#overview-pain-title")
    assert progress.select_one("#practitioner-pain-title")
