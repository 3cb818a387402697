"""The client overview page: header, latest scores, course change since the first intake,
history, sections."""
from datetime import date

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from practice.clients import overview
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import condition_type, make_addendum, make_intake
from tests.html import parse, text_of

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


def definitions(node) -> dict[str, str]:
    """Each ``<dt>`` of a page part with the text of the ``<dd>`` after it."""
    return {dt.get_text(" ", strip=True): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
            for dt in node.select("dt")}


def link_texts(response) -> list[str]:
    return [anchor.get_text(strip=True) for anchor in parse(response).select("a")]


def latest_scores(response):
    return parse(response).select_one('section[aria-labelledby="scores-heading"]')


def intake_history(response):
    return parse(response).select_one('section[aria-labelledby="intake-history-heading"]')


def section_ids(response) -> list[str]:
    """The overview's sections in page order (the id of each card's heading)."""
    return [heading["id"] for heading in parse(response).select('h2[id^="section-"]')]


def test_header_details_and_empty_history(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    page = text_of(response)
    age = hannah.age_on(local_today())
    assert parse(response).h1.get_text(" ", strip=True) == "Hannah Price"
    assert f"{age} years (born 12 Apr 1979) · she/her" in page
    assert "Precautions for Hannah Price:" in page
    assert "Condition profile: not recorded yet" in page
    assert "No intake yet." in page
    assert "Screening aid, not a diagnosis." in page
    assert "First intake" in link_texts(response)
    assert "+44 20 7946 0101" in page
    assert "Portal access" in page
    assert intake_history(response) is None  # no history table before the first intake


def test_latest_scores_and_change_since_the_first_intake(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110, signed=True, **FIRST)
    make_intake(hannah, days_ago=60, signed=True, **{**FIRST, "pain_overall": 6})
    latest = make_intake(hannah, days_ago=20, signed=True, **LATEST)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    page = text_of(response)
    assert "Condition profile: Type 1 - Immune hypersensitivity" in page
    scores = latest_scores(response)
    assert scores.select_one("a")["href"] == f"/clients/{hannah.id}/intakes/{latest.id}"
    assert [badge.get_text(strip=True) for badge in scores.select(".badge")] == []
    # Latest: WPI 5, SSS 6, PSD 11 (moderate). First: WPI 10, SSS 10, PSD 20.
    shown = definitions(scores)
    assert shown["WPI"] == "5 / 19"
    assert shown["SSS"] == "6 / 12"
    assert shown["PSD"].startswith("11 / 31 Moderate")
    assert "Screening aid, not a diagnosis." in page
    course = parse(response).select_one(".course-intakes")
    rows = [(row.th.get_text(strip=True), *[cell.get_text(strip=True).split("/")[0]
                                            for cell in row.select("td")[:2]],
             row.select_one(".change")["class"][1].removeprefix("change-"))
            for row in course.select(".course-table tbody tr")]
    assert rows == [
        ("Widespread Pain Index (WPI)", "10", "5", "better"),
        ("Symptom Severity Scale (SSS)", "10", "6", "better"),
        ("Polysymptomatic distress (PSD)", "20", "11", "better"),
        ("Pain overall", "8", "4", "better"),
        ("Neck and shoulder pain", "9", "5", "better"),
    ]
    marks = [" ".join(row.select("td")[2].get_text(" ").split())
             for row in course.select(".course-table tbody tr")]
    assert marks[0] == "-5 (-50%) · better"  # WPI halved: no mark on an index score
    assert marks[3] == "-4 (-50%) · better substantial improvement (50% or more)"
    assert marks[4] == "-4 (-44%) · better clinically important improvement (30% or 2 points)"


def test_intake_history_lists_every_intake_newest_first(client, auth, practitioner, hannah):
    first = make_intake(hannah, days_ago=110, signed=True, **FIRST)
    second = make_intake(hannah, days_ago=20, **LATEST)
    auth.login_as(practitioner)
    history = intake_history(client.get(f"/clients/{hannah.id}"))
    assert [anchor["href"] for anchor in history.select("a")] == [
        f"/clients/{hannah.id}/intakes/{second.id}", f"/clients/{hannah.id}/intakes/{first.id}"]
    assert [row.select("td")[1].get_text(strip=True) for row in history.select("tbody tr")] == [
        "Re-assessment", "First intake"]
    assert [badge.get_text(strip=True) for badge in history.select(".badge")] == ["Draft", "Signed"]


def test_a_worse_result_is_shown_as_worse(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110, signed=True, **LATEST)
    make_intake(hannah, days_ago=20, signed=True, **FIRST)
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}"))
    assert "+4 (+100%) · worse" in page
    assert "substantial worsening (50% or more)" in page


def test_the_condition_profile_comes_from_the_latest_intake(client, auth, practitioner, hannah):
    make_intake(hannah, days_ago=110, signed=True)
    make_intake(hannah, days_ago=20, signed=True,
                condition_type_id=condition_type("Not typed").id)
    auth.login_as(practitioner)
    assert "Condition profile: Not typed" in text_of(client.get(f"/clients/{hannah.id}"))


def test_drafts_do_not_count_as_the_latest_intake(client, auth, practitioner, hannah):
    """Scores, their change and the condition profile come from signed intakes only."""
    first = make_intake(hannah, days_ago=110, signed=True, **FIRST)
    latest = make_intake(hannah, days_ago=60, signed=True, **{**FIRST, "pain_overall": 6})
    draft = make_intake(hannah, days_ago=5, condition_type_id=condition_type("Not typed").id,
                        **LATEST)
    unanswered = make_intake(hannah, days_ago=2, fatigue=None, pain_overall=None)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    page = text_of(response)
    assert "Condition profile: Type 1 - Immune hypersensitivity" in page
    scores = latest_scores(response)
    assert scores.select_one("a")["href"] == f"/clients/{hannah.id}/intakes/{latest.id}"
    assert definitions(scores)["WPI"] == "10 / 19"
    assert definitions(scores)["Pain"] == "6 / 10"
    course = parse(response).select_one(".course-intakes")
    rows = {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.select("td")[:2]]
            for row in course.select(".course-table tbody tr")}
    assert rows["Widespread Pain Index (WPI)"] == ["10/19", "10/19"]
    assert rows["Pain overall"] == ["8/10", "6/10"]
    caption = course.select_one(".course-table caption").get_text(" ", strip=True)
    assert first.assessed_on.strftime("%d %b %Y") in caption
    assert latest.assessed_on.strftime("%d %b %Y") in caption
    # The drafts are listed, marked as drafts, without scores of their own.
    history = intake_history(response)
    assert [anchor["href"] for anchor in history.select("tbody a")] == [
        f"/clients/{hannah.id}/intakes/{unanswered.id}", f"/clients/{hannah.id}/intakes/{draft.id}",
        f"/clients/{hannah.id}/intakes/{latest.id}", f"/clients/{hannah.id}/intakes/{first.id}"]
    cells = [[cell.get_text(" ", strip=True) for cell in row.select("td")]
             for row in history.select("tbody tr")]
    assert [row[-1] for row in cells] == ["Draft", "Draft", "Signed", "Signed"]
    assert cells[0][2:6] == ["–", "–", "–", "–"]
    assert cells[1][2:6] == ["–", "–", "–", "–"]
    assert cells[2][2] == "10"


def test_drafts_alone_give_no_scores_yet(client, auth, practitioner, hannah):
    draft = make_intake(hannah, days_ago=5, **LATEST)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    page = text_of(response)
    assert "Condition profile: not recorded yet" in page
    scores = latest_scores(response)
    assert definitions(scores) == {}
    assert "No signed intake yet" in scores.get_text(" ")
    assert "Baseline and course change" not in page
    assert [anchor["href"] for anchor in intake_history(response).select("tbody a")] == [
        f"/clients/{hannah.id}/intakes/{draft.id}"]
    assert "New re-assessment" in link_texts(response)


@pytest.fixture
def extra_sections(app, monkeypatch):
    """Two sections from "other features": one with content, one with nothing to show."""
    templates = {"test/_visits.html": "<p>{{ section_data.count }} visits for {{ client.given_name }}"
                                      " ({{ count }})</p>",
                 "test/_nothing.html": "<p>never shown</p>"}
    monkeypatch.setattr(app.jinja_env, "loader",
                        ChoiceLoader([DictLoader(templates), app.jinja_env.loader]))
    monkeypatch.setattr(overview, "_SECTIONS", dict(overview._SECTIONS))
    overview.overview_section("test_nothing", "Nothing here", "test/_nothing.html", order=21)(
        lambda client: None)
    overview.overview_section("test_visits", "Visits", "test/_visits.html", order=22)(
        lambda client: {"count": 3})


@pytest.mark.usefixtures("extra_sections")
def test_registered_sections_are_shown_in_order_with_their_titles(client, auth, practitioner,
                                                                  hannah):
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    page = text_of(response)
    assert parse(response).select_one("h2#section-test_visits").get_text(strip=True) == "Visits"
    assert text_of(response, "#section-test_visits + p") == "3 visits for Hannah (3)"
    assert "Nothing here" not in page
    assert "never shown" not in page
    # In the order of their numbers: precautions (5), intakes (10), portal access (20), then
    # these two.
    titles = section_ids(response)
    assert titles[:4] == ["section-precautions", "section-intakes", "section-portal",
                          "section-test_visits"]


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


def test_one_visit_of_the_overview_leaves_exactly_one_audit_event(client, auth, practitioner,
                                                                  hannah):
    """Every section on the page is covered by the overview's own ``client.view``."""
    make_intake(hannah, days_ago=110, signed=True, **FIRST)
    make_intake(hannah, days_ago=20, **LATEST)
    auth.login_as(practitioner)
    assert client.get(f"/clients/{hannah.id}").status_code == 200
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.client_id == hannah.id)))
    assert [(event.action, event.target_type, event.target_id) for event in events] == [
        ("client.view", "Client", hannah.id)]
