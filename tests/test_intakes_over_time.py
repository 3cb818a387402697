"""The body map over time: each intake draws its figure, a re-assessment outlines last time's
regions, any two signed intakes side by side (regions new, persisting, resolved, and the score
change), and WPI, SSS and PSD charted over every signed intake."""
from datetime import date, timedelta

import pytest

from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.body_map import RegionState, region_changes
from tests.factories.accounts import make_client
from tests.factories.clients import INTAKE_DEFAULTS, condition_type, intake_form, make_intake
from tests.html import links, parse, text_of

EARLIER = ["neck", "upper_back", "jaw_left", "shoulder_girdle_left"]
LATER = ["neck", "shoulder_girdle_left", "lower_back"]


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah")


def _marked(figure, css_class: str) -> set[str]:
    return {shape["data-region"] for shape in figure.select(f".bm-region.{css_class}")}


def _figures(response):
    return parse(response).select(".body-figure svg.bm-svg")


def test_region_changes_name_new_persisting_and_resolved():
    changes = region_changes(EARLIER, LATER)
    assert [(change.region.key, change.state) for change in changes] == [
        ("lower_back", RegionState.NEW),
        ("shoulder_girdle_left", RegionState.PERSISTING), ("neck", RegionState.PERSISTING),
        ("jaw_left", RegionState.RESOLVED), ("upper_back", RegionState.RESOLVED)]
    assert region_changes([], None) == []


def test_an_intake_page_draws_the_body_figure_with_its_regions(client, auth, practitioner, hannah):
    intake = make_intake(hannah, signed=True, painful_regions=EARLIER)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    [figure] = _figures(response)
    assert figure["role"] == "img"
    assert figure["aria-label"] == ("Body map, front and back: Jaw (left), Shoulder girdle (left), "
                                    "Neck, Upper back marked.")
    assert _marked(figure, "is-selected") == set(EARLIER)
    assert figure.select("[tabindex], [role=checkbox]") == []  # a picture, not a control
    assert parse(response).select("[style], style") == []
    assert f"/progress/client/{hannah.id}/intakes?later={intake.id}" in links(response)


def test_a_draft_without_regions_draws_an_empty_figure(client, auth, practitioner, hannah):
    draft = make_intake(hannah, painful_regions=[])
    auth.login_as(practitioner)
    [figure] = _figures(client.get(f"/clients/{hannah.id}/intakes/{draft.id}"))
    assert _marked(figure, "is-selected") == set()
    assert "no painful regions marked" in figure["aria-label"]


def test_a_re_assessment_outlines_last_times_regions(client, auth, practitioner, hannah):
    make_intake(hannah, signed=True, days_ago=60, painful_regions=["hip_left"])
    make_intake(hannah, signed=True, days_ago=30, painful_regions=EARLIER)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}/intakes/new")
    html = parse(response)
    [form_map] = html.select("fieldset.body-map svg.bm-svg")
    assert _marked(form_map, "was-selected") == set(EARLIER)  # the latest intake's, not older
    assert _marked(form_map, "is-selected") == set()  # the new regions start empty
    last_time = {box["value"] for box in html.select("fieldset.body-map input[aria-describedby]")
                 if html.select_one(f"#{box['aria-describedby']}").get_text() == "(last time)"}
    assert last_time == set(EARLIER)  # in words too, for a form used without the figure
    assert "Dashed outline: painful at the intake of" in text_of(response)

    # Saved as a draft and opened again: the outline is still last time's, the ticks its own.
    response = client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form(
        assessed_on=(date.today() - timedelta(days=45)).isoformat(), painful_regions=["lower_back"]))
    assert response.status_code == 302
    edit = client.get(response.headers["Location"] + "/edit")
    [form_map] = parse(edit).select("fieldset.body-map svg.bm-svg")
    assert _marked(form_map, "was-selected") == {"hip_left"}  # the intake before this draft's day
    assert _marked(form_map, "is-selected") == {"lower_back"}


def test_a_first_intake_has_no_outline(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}/intakes/new")
    assert parse(response).select(".was-selected") == []
    assert "(last time)" not in text_of(response)


def test_two_intakes_side_by_side(client, auth, practitioner, hannah):
    first = make_intake(hannah, signed=True, days_ago=90, painful_regions=EARLIER, pain_overall=8)
    second = make_intake(hannah, signed=True, days_ago=30, painful_regions=LATER, pain_overall=4)
    make_intake(hannah, days_ago=1, painful_regions=["chest"])  # a draft: not compared
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{hannah.id}/intakes")
    assert response.status_code == 200
    html = parse(response)
    earlier_figure, later_figure = _figures(response)
    assert _marked(earlier_figure, "is-selected") == set(EARLIER)
    assert _marked(later_figure, "is-new") == {"lower_back"}
    assert _marked(later_figure, "is-persisting") == {"neck", "shoulder_girdle_left"}
    assert _marked(later_figure, "is-resolved") == {"upper_back", "jaw_left"}
    assert "1 new, 2 persisting, 2 resolved" in later_figure["aria-label"]
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in html.select("table.region-changes tbody tr")]
    assert rows == [["Lower back", "—", "painful", "new"],
                    ["Shoulder girdle (left)", "painful", "painful", "persisting"],
                    ["Neck", "painful", "painful", "persisting"],
                    ["Jaw (left)", "painful", "—", "resolved"],
                    ["Upper back", "painful", "—", "resolved"]]
    scores = {row.th.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
              for row in html.select("table.course-table tbody tr")}
    assert scores["Widespread Pain Index (WPI)"][:2] == ["4/19", "3/19"]
    assert scores["Widespread Pain Index (WPI)"][2].startswith("-1")
    assert "important" not in scores["Widespread Pain Index (WPI)"][2]  # an index: no marks
    assert "substantial improvement" in scores["Pain overall"][2]
    # The chart: every signed intake, the draft left out, with its table beside it.
    [chart] = html.select(".scores-chart svg.chart-svg")
    assert len(chart.select(".marker-wpi")) == len(chart.select(".marker-psd")) == 2
    assert [row.th.a["href"] for row in html.select(".scores-chart tbody tr")] == [
        f"/clients/{hannah.id}/intakes/{first.id}", f"/clients/{hannah.id}/intakes/{second.id}"]
    assert html.select("[style], style") == []
    [event] = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "intake.compare")).all()
    assert (event.client_id, event.actor_id) == (hannah.id, practitioner.id)
    assert event.detail_dict == {"intakes": 2, "earlier": first.id, "later": second.id}


def test_any_two_intakes_can_be_chosen_in_either_order(client, auth, practitioner, hannah):
    first, second, third = (make_intake(hannah, signed=True, days_ago=days, painful_regions=regions)
                            for days, regions in ((90, ["neck"]), (60, ["chest"]), (30, ["neck"])))
    auth.login_as(practitioner)
    html = parse(client.get(f"/progress/client/{hannah.id}/intakes?earlier={third.id}&later={first.id}"))
    assert html.select_one("#earlier option[selected]")["value"] == str(first.id)
    assert html.select_one("#later option[selected]")["value"] == str(third.id)
    assert [row["class"] for row in html.select("table.region-changes tbody tr")] == [
        ["region-persisting"]]
    # From an intake's page: that intake, against the one before it (or after, for the first).
    html = parse(client.get(f"/progress/client/{hannah.id}/intakes?later={first.id}"))
    assert (html.select_one("#earlier option[selected]")["value"],
            html.select_one("#later option[selected]")["value"]) == (str(first.id), str(second.id))


@pytest.mark.parametrize("query", ["earlier=abc", "later=-4", "earlier=99999999999999", "later=0",
                                   "earlier=1&earlier=2", "later=%00"])
def test_odd_choices_fall_back_to_the_latest_two(client, auth, practitioner, hannah, query):
    make_intake(hannah, signed=True, days_ago=60, painful_regions=["neck"])
    latest = make_intake(hannah, signed=True, days_ago=30, painful_regions=["chest"])
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{hannah.id}/intakes?{query}")
    assert response.status_code == 200
    assert parse(response).select_one("#later option[selected]")["value"] == str(latest.id)


def test_another_clients_intake_is_never_shown(client, auth, practitioner, other_practitioner,
                                               hannah):
    mine = make_intake(hannah, signed=True, days_ago=60, painful_regions=["neck"])
    make_intake(hannah, signed=True, days_ago=30, painful_regions=["neck"])
    theirs = make_client(other_practitioner, given_name="Olga")
    foreign = make_intake(theirs, signed=True, days_ago=10, painful_regions=["abdomen"])
    auth.login_as(practitioner)
    assert client.get(f"/progress/client/{theirs.id}/intakes").status_code == 404
    html = parse(client.get(f"/progress/client/{hannah.id}/intakes?earlier={foreign.id}"))
    assert {option["value"] for option in html.select("#earlier option")} == {
        str(mine.id), str(mine.id + 1)}
    assert "Abdomen" not in html.select_one("table.region-changes").get_text()
    assert html.select('.bm-region[data-region="abdomen"][class*="is-"]') == []


def test_with_one_signed_intake_the_chart_shows_and_no_comparison(client, auth, practitioner, hannah):
    make_intake(hannah, signed=True, painful_regions=["neck"])
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{hannah.id}/intakes")
    assert "Two signed intakes are needed for a comparison." in text_of(response)
    assert len(parse(response).select(".scores-chart svg.chart-svg .marker-sss")) == 1
    assert _figures(response) == []


def _signed_intakes(client, days_ago):
    """Signed intakes in bulk (one commit), for the query counts."""
    for days in days_ago:
        intake = Intake(client=client, author=client.practitioner,
                        assessed_on=date.today() - timedelta(days=days),
                        condition_type_id=condition_type().id, systems_review={},
                        **INTAKE_DEFAULTS)
        intake.signed_at, intake.signed_by_id = now_utc(), client.practitioner_id
        db.session.add(intake)
    db.session.commit()


def test_the_page_takes_a_fixed_number_of_queries_at_10_and_1000_intakes(
        client, auth, practitioner, hannah, count_queries):
    _signed_intakes(hannah, range(2000, 2010))
    auth.login_as(practitioner)
    path = f"/progress/client/{hannah.id}/intakes"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    _signed_intakes(hannah, range(1, 991))
    with count_queries() as many:
        response = client.get(path)
    assert len(parse(response).select(".scores-chart tbody tr")) == 1000
    assert len(few) == len(many)


def test_the_overview_links_to_the_body_map_over_time(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert f"/progress/client/{hannah.id}/intakes" not in links(client.get(f"/clients/{hannah.id}"))
    make_intake(hannah, signed=True)
    assert f"/progress/client/{hannah.id}/intakes" in links(client.get(f"/clients/{hannah.id}"))
