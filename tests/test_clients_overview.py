"""The client overview page: header, latest scores and their change, history, sections."""
import re
from datetime import date

import pytest
from jinja2 import ChoiceLoader, DictLoader

from practice.clients import overview
from practice.clients.summary import MeasureChange
from practice.core.clock import local_today
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import condition_type, make_addendum, make_intake

FIRST = {"painful_regions": ["neck", "upper_back", "lower_back", "shoulder_girdle_left",
                             "shoulder_girdle_right", "upper_arm_left", "upper_arm_right",
                             "hip_left", "hip_right", "upper_leg_left"],
         "fatigue": 3, "waking_unrefreshed": 3, "cognitive_symptoms": 2,
         "headaches": 1, "lower_abdominal_pain": 1, "depression": 0,
         "pain_overall": 8, "pain_neck_shoulders": 9}
LATEST = {"painful_regions": ["neck", "shoulder_girdle_left", "shoulder_girdle_right",
                              "upper_back", "lower_back"],
          "fatigue": 2, "waking_unrefreshed": 2, "cognitive_symptoms": 1,
          "headaches": 1, "lower_abdominal_pain": 0, "depression": 0,
          "pain_overall": 4, "pain_neck_shoulders": 5}


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price", pronouns="she/her",
                       date_of_birth=date(1979, 4, 12), precautions="Lymphoedema, left arm.",
                       email="hannah@example.com", phone="+44 20 7946 0101")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_header_details_and_empty_history(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    age = hannah.age_on(local_today())
    assert "<h1 class=\"h3 mb-1\">Hannah Price" in page
    assert f"{age} years (born 12 Apr 1979) · she/her" in page
    assert "Precautions for Hannah Price:" in page
    assert "Condition profile: <span class=\"text-muted\">not recorded yet</span>" in page
    assert "No intake yet." in page
    assert "Screening aid, not a diagnosis." in page
    assert ">First intake</a>" in page
    assert "+44 20 7946 0101" in page
    assert "Portal access" in page


def test_latest_scores_and_change_since_the_first_intake(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110, signed=True, **FIRST)
    make_intake(hannah, days_ago=60, signed=True, **{**FIRST, "pain_overall": 6})
    latest = make_intake(hannah, days_ago=20, **LATEST)
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    assert "Condition profile: <strong>Type 1 - Immune hypersensitivity</strong>" in page
    assert f'intakes/{latest.id}">' in page
    assert "Draft" in page
    # Latest: WPI 5, SSS 6, PSD 11 (moderate). First: WPI 10, SSS 10, PSD 20.
    assert '<dt>WPI</dt><dd><span class="stat">5</span> / 19' in page
    assert '<dt>SSS</dt><dd><span class="stat">6</span> / 12' in page
    assert '<dt>PSD</dt><dd><span class="stat">11</span> / 31 <span class="d-block small">Moderate' in page
    assert "Screening aid, not a diagnosis." in page
    assert "Change since the first intake" in page
    rows = re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th> <td>(\d+)/\d+</td> '
                      r'<td>(\d+)/\d+</td> <td> <span class="change change-(\w+)">([^<]+)</span>',
                      page)
    assert [(label, first, last, direction) for label, first, last, direction, _ in rows] == [
        ("Widespread Pain Index (WPI)", "10", "5", "better"),
        ("Symptom Severity Scale (SSS)", "10", "6", "better"),
        ("Polysymptomatic distress (PSD)", "20", "11", "better"),
        ("Pain overall", "8", "4", "better"),
        ("Neck and shoulder pain", "9", "5", "better"),
    ]
    assert "-4 (-50%) · better" in page
    assert "substantial improvement (50% or more)" in page
    assert "clinically important improvement (about 30% or 2 points)" in page  # neck: -4 of 9


def test_intake_history_lists_every_intake_newest_first(client, auth, practitioner, hannah):
    first = make_intake(hannah, days_ago=110, signed=True, **FIRST)
    second = make_intake(hannah, days_ago=20, **LATEST)
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    history = page[page.index('id="intakes-heading"'):page.index('id="portal-heading"')]
    assert history.index(f"/intakes/{second.id}") < history.index(f"/intakes/{first.id}")
    assert "Re-assessment" in history
    assert "First intake" in history
    assert ">Signed<" in history
    assert ">Draft<" in history


def test_a_worse_result_is_shown_as_worse(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110, signed=True, **LATEST)
    make_intake(hannah, days_ago=20, signed=True, **FIRST)
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    assert "+4 (+100%) · worse" in page
    assert "pain has increased" in page


def test_the_condition_profile_comes_from_the_latest_intake(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110)
    make_intake(hannah, days_ago=20, condition_type_id=condition_type("Not typed").id)
    auth.login_as(practitioner)
    assert "Condition profile: <strong>Not typed</strong>" in text_of(client.get(f"/clients/{hannah.id}"))


@pytest.fixture
def extra_sections(app, monkeypatch):
    """Two sections from "other features": one with content, one with nothing to show."""
    templates = {"test/_visits.html": "<p>{{ section_data.count }} visits for {{ client.given_name }}"
                                      " ({{ count }})</p>",
                 "test/_nothing.html": "<p>never shown</p>"}
    monkeypatch.setattr(app.jinja_env, "loader",
                        ChoiceLoader([DictLoader(templates), app.jinja_env.loader]))
    monkeypatch.setattr(overview, "_SECTIONS", dict(overview._SECTIONS))
    overview.overview_section("test_nothing", "Nothing here", "test/_nothing.html", order=1)(
        lambda client: None)
    overview.overview_section("test_visits", "Visits", "test/_visits.html", order=2)(
        lambda client: {"count": 3})


@pytest.mark.usefixtures("extra_sections")
def test_registered_sections_are_shown_in_order_with_their_titles(client, auth, practitioner,
                                                                  hannah):
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    assert '<h2 class="h5 card-title" id="section-test_visits">Visits</h2>' in page
    assert "<p>3 visits for Hannah (3)</p>" in page
    assert "Nothing here" not in page
    assert "never shown" not in page
    # After the portal panel, in registration order.
    titles = re.findall(r'id="section-([a-z_]+)">', page)
    assert titles[0] == "test_visits"
    assert page.index('id="portal-heading"') < page.index('id="section-test_visits"')


def test_the_overview_takes_a_fixed_number_of_queries(client, auth, practitioner, hannah,
                                                      count_queries):
    make_portal_client(practitioner)
    auth.login_as(practitioner)
    make_intake(hannah, days_ago=200, signed=True, **FIRST)
    with count_queries() as few:
        assert client.get(f"/clients/{hannah.id}").status_code == 200
    for days in range(180, 20, -20):
        make_addendum(make_intake(hannah, days_ago=days, signed=True, **LATEST))
    with count_queries() as many:
        assert client.get(f"/clients/{hannah.id}").status_code == 200
    assert len(many) == len(few)


def test_the_overview_of_another_practitioners_client_is_not_found(client, auth, practitioner,
                                                                   other_practitioner):
    theirs = make_client(other_practitioner)
    auth.login_as(practitioner)
    assert client.get(f"/clients/{theirs.id}").status_code == 404


@pytest.mark.parametrize(("first", "latest", "reading"), [
    (8, 4, "substantial improvement (50% or more)"),
    (10, 7, "clinically important improvement (about 30% or 2 points)"),
    (4, 2, "substantial improvement (50% or more)"),
    (9, 7, "clinically important improvement (about 30% or 2 points)"),  # 2 points, 22%
    (9, 8, "small improvement"),
    (3, 5, "pain has increased"),
    (0, 2, "pain has increased"),
    (5, 5, None),
])
def test_pain_change_readings(first, latest, reading):
    assert MeasureChange("Pain", first, latest, 10, is_pain_rating=True).reading == reading


def test_index_scores_get_no_pain_reading():
    change = MeasureChange("WPI", 12, 4, 19)
    assert change.reading is None
    assert (change.change, change.percent, change.direction) == (-8, -67, "better")
    assert MeasureChange("WPI", 0, 3, 19).percent is None
