"""A practitioner's working day, in fewer steps: what reads and looks right on the way.

Mei (a demo practitioner) reads her lists in the practice's colours and a client's scores
worded as information.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, nav_link
from tests.e2e.test_journeys_practitioner import sign_in_as_mei

pytestmark = pytest.mark.e2e

#: The practice's teal (app.css ``--qi-teal``) and its link colour, as the browser computes them.
TEAL = "rgb(15, 94, 90)"
LINK_TEAL = "rgb(11, 87, 83)"


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
