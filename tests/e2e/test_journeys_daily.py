"""A practitioner's working day, in fewer steps: what reads and looks right on the way.

Mei (a demo practitioner) assigns three exercises to Graham on one page, records Hannah's
session from the last one, watches a session's duration follow the steps she ticks, keeps a
phrase as a snippet and puts snippets into a note by click and by keystroke, reads her lists in
the practice's colours and a client's scores worded as information.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import accept_next_dialog, check_page, labelled, nav_link
from tests.e2e.test_journeys_practitioner import sign_in_as_mei

pytestmark = pytest.mark.e2e

#: The practice's teal (app.css ``--qi-teal``) and its link colour, as the browser computes them.
TEAL = "rgb(15, 94, 90)"
LINK_TEAL = "rgb(11, 87, 83)"


def open_client(page: Page, listed_as: str) -> None:
    nav_link(page, "Clients").click()
    page.get_by_role("link", name=listed_as).click()
    # The client's own page, not the list still showing while it loads.
    expect(page).to_have_url(re.compile(r"/clients/\d+$"))
    # Parsed to the end, so rows counted below are all there (a count does not wait).
    page.wait_for_load_state("domcontentloaded")


def test_assign_three_exercises_on_one_page(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    open_client(page, "Whitfield, Graham")
    program = page.get_by_role("region", name="Home program", exact=True)
    assigned = ["Gentle walking", "Shoulder rolls and raises", "Warmth on the back of the neck"]
    before = {name: program.get_by_role("row").filter(has_text=name).count() for name in assigned}
    program.get_by_role("link", name="Assign an exercise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Assign exercises to"))
    check_page(page)

    walking = page.get_by_role("group", name="Gentle walking")
    expect(labelled(walking, "Amount")).to_be_hidden()  # only a ticked row opens its dose
    walking.get_by_role("checkbox", name="Assign").check()
    labelled(walking, "How often").fill("3")
    labelled(walking, "Per").select_option("week")

    # A search keeps what was ticked, and lists the best match first.
    labelled(page, "Search the library").fill("shoulder")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("[data-assign-row] [data-exercise-name]")
    expect(rows.nth(0)).to_have_text("Gentle walking")
    expect(rows.nth(1)).to_have_text("Shoulder rolls and raises")
    walking = page.get_by_role("group", name="Gentle walking")
    expect(walking.get_by_role("checkbox", name="Assign")).to_be_checked()
    expect(labelled(walking, "How often")).to_have_value("3")
    check_page(page)

    rolls = page.get_by_role("group", name="Shoulder rolls and raises")
    rolls.get_by_role("checkbox", name="Assign").check()
    labelled(rolls, "Amount").fill("8")
    labelled(rolls, "Personal note for the client").fill("Small circles while the neck is sore.")
    warmth = page.get_by_role("group", name=re.compile("^Warmth on the back of the neck"))
    warmth.get_by_role("checkbox", name="Assign").check()
    expect(page.get_by_role("status").filter(has_text="ticked")).to_have_text("3 ticked")
    check_page(page)
    page.get_by_role("button", name="Add to the home program").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "3 exercises are on Graham's home program")
    program = page.get_by_role("region", name="Home program", exact=True)
    for name in assigned:
        expect(program.get_by_role("row").filter(has_text=name)).to_have_count(before[name] + 1)
    expect(program.get_by_role("row").filter(has_text="Gentle walking")
           .filter(has_text="15 minutes, 3 times a week")).to_have_count(1)
    expect(program.get_by_role("row").filter(has_text="Shoulder rolls and raises")
           .filter(has_text="8 repetitions, twice a day")).to_have_count(1)
    check_page(page)


def test_record_a_session_from_the_last_one(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    open_client(page, "Price, Hannah")
    sessions = page.get_by_role("region", name="Sessions", exact=True)
    sessions.get_by_role("link", name="Start from the last session").click()
    expect(page.get_by_role("heading", name=re.compile("^Started from the session of"))) \
        .to_be_visible()
    check_page(page)

    # The last note and steps are there to change; today's pain is today's.
    expect(labelled(page, "Subjective")).not_to_have_value("")
    expect(labelled(page, "Overall pain before")).to_have_value("")
    expect(page.locator("[data-session-step]").first).to_be_visible()
    labelled(page, "Subjective").fill("A better week: slept through four nights.")
    labelled(page, "Overall pain before").fill("4")
    labelled(page, "Overall pain after").fill("2")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.get_by_text("A better week: slept through four nights.")).to_be_visible()
    check_page(page)
    accept_next_dialog(page)
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signed")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Hannah Price").click()
    # The newest in the history: signed, with today's pain; the one it started from stays.
    newest = page.get_by_role("region", name="Sessions", exact=True).get_by_role("listitem").first
    expect(newest).to_contain_text("Signed")
    expect(newest).to_contain_text("4 → 2")
    check_page(page)


def test_a_sessions_duration_follows_the_ticked_steps(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    open_client(page, "Nair, Priya")
    page.get_by_role("region", name="Sessions", exact=True) \
        .get_by_role("link", name="Record a session").click()
    duration = labelled(page, "Duration (minutes)")
    expect(duration).not_to_have_value("")
    before = int(duration.input_value())
    rows = page.locator("[data-session-step]")
    row = rows.filter(has=page.locator('input[name$="-minutes"][value="5"]')).first
    row.get_by_role("checkbox", name="Done").uncheck()
    expect(duration).to_have_value(str(before - 5))
    row.get_by_role("checkbox", name="Done").check()
    expect(duration).to_have_value(str(before))
    # Typed by hand, it stays.
    duration.fill("50")
    row.get_by_role("checkbox", name="Done").uncheck()
    expect(duration).to_have_value("50")
    check_page(page)


def test_note_snippets_by_click_and_by_keystroke(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    page.goto(f"{live_server.url}/snippets/")
    page.get_by_role("link", name="Add a snippet").click()
    check_page(page)
    labelled(page, "Name").fill("Jaw")
    labelled(page, "Text").fill("Jaw looser; she could open her mouth fully.")
    labelled(page, "Shortcut").fill("jaw")
    page.get_by_role("button", name="Save snippet").click()
    expect(page.get_by_role("status").first).to_contain_text("“Jaw” is in your snippets.")
    check_page(page)

    open_client(page, "Nair, Priya")
    page.get_by_role("region", name="Sessions", exact=True) \
        .get_by_role("link", name="Record a session").click()
    snippets = page.get_by_role("region", name="Your snippets")
    expect(snippets.get_by_role("button", name="Put “Nodes” into the note")).to_be_visible()
    objective = labelled(page, "Objective")
    objective.fill("On arrival: ")
    snippets.get_by_role("button", name="Put “Nodes” into the note").click()
    expect(objective).to_have_value("On arrival: Nodes under the jaw and above the collarbone: "
                                    "less tender than last time.")
    assessment = labelled(page, "Assessment")
    assessment.click()
    page.keyboard.type("Better. /jaw")
    page.keyboard.press("Tab")
    expect(assessment).to_have_value("Better. Jaw looser; she could open her mouth fully.")
    expect(assessment).to_be_focused()
    # A slash that names no snippet leaves Tab to move on, as it always does.
    page.keyboard.type(" and/or")
    page.keyboard.press("Tab")
    expect(assessment).not_to_be_focused()
    check_page(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Jaw looser; she could open her mouth fully.")).to_be_visible()


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"(node) => getComputedStyle(node).{prop}")


@pytest.fixture
def short_pages(live_server):
    """Lists of four items a page, so the nine starter exercises need three pages."""
    config = live_server.app.config
    before = config["PAGE_SIZE"]
    config["PAGE_SIZE"] = 4
    yield
    config["PAGE_SIZE"] = before


@pytest.mark.usefixtures("short_pages")
def test_page_numbers_are_in_the_practices_colours(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    nav_link(page, "Exercises").click()
    pages = page.get_by_role("navigation", name="Pages")
    current = pages.locator('[aria-current="page"] .page-link')
    expect(current).to_have_text("1")
    assert _style(current, "backgroundColor") == TEAL
    assert _style(pages.get_by_role("link", name="2", exact=True), "color") == LINK_TEAL
    check_page(page)


def test_a_met_criterion_reads_as_information_not_alarm(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    nav_link(page, "Clients").click()
    page.get_by_role("link", name="Price, Hannah").click()
    page.get_by_role("region", name="Latest scores").get_by_role("link").first.click()
    verdict = page.locator(".criteria-list li").filter(has_text="ACR 2016 criteria")
    expect(verdict).not_to_contain_text("((")
    red, green, blue = map(int, re.findall(r"\d+", _style(verdict.locator("strong"), "color"))[:3])
    assert not (red > green + 40 and red > blue + 40), "the verdict is coloured as an alarm"
    check_page(page)
