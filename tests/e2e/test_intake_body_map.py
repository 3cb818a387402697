"""The intake form in a real browser: the body map by mouse and by keyboard, then the scores.

Runs Chromium against the journeys' live server with the demo practice, CSRF on as in
production (fixtures in tests/e2e/conftest.py).
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    PHONE,
    assert_accessible,
    assert_chart_text_readable,
    check_page,
    sign_in_at,
)
from tests.e2e.live_server import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def open_new_intake(page: Page, live_server, client_name: str) -> None:
    practitioner = live_server.account("practitioner", "daniel")
    sign_in_at(page, live_server.url, practitioner.email, DEMO_PASSWORD)
    page.goto("/clients/")
    page.get_by_role("link", name=client_name).click()
    page.get_by_role("link", name="New re-assessment").click()
    expect(page.get_by_role("heading", name=re.compile("New re-assessment"))).to_be_visible()


def shape(page: Page, label: str):
    """The focusable shape of one region on the figure."""
    return page.locator(f'.bm-region[role="checkbox"][aria-label="{label}"]')


def box(page: Page, label: str):
    return page.get_by_role("checkbox", name=label, exact=True).and_(page.locator("input"))


def test_body_map_by_mouse_and_keyboard_then_scores(page: Page, live_server):
    open_new_intake(page, live_server, "Taylor, Sam")
    counter = page.locator("[data-bm-count]")
    expect(counter).to_have_text("0")
    # Last time's regions are outlined, and named in the list; none is ticked yet.
    expect(page.locator(".bm-region.was-selected").first).to_be_visible()
    expect(page.locator(".bm-last-time").first).to_be_visible()

    # Mouse: a click on the figure ticks the region's checkbox; a second click unticks it.
    shape(page, "Neck").click()
    expect(box(page, "Neck")).to_be_checked()
    expect(shape(page, "Neck")).to_have_attribute("aria-checked", "true")
    expect(counter).to_have_text("1")
    shape(page, "Chest").click()
    shape(page, "Chest").click()
    expect(box(page, "Chest")).not_to_be_checked()
    # The back figure works too (the shoulder girdles are drawn on both).
    page.locator('.bm-region[data-region="shoulder_girdle_right"][aria-hidden="true"]').click()
    expect(box(page, "Shoulder girdle (right)")).to_be_checked()

    # Keyboard: Tab moves between regions, Space and Enter toggle them.
    shape(page, "Upper back").focus()
    page.keyboard.press("Space")
    expect(box(page, "Upper back")).to_be_checked()
    page.keyboard.press("Tab")
    expect(shape(page, "Lower back")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box(page, "Lower back")).to_be_checked()
    shape(page, "Hip - buttock, trochanter (left)").focus()
    page.keyboard.press("Space")

    # Ticking the plain checkbox updates the figure as well.
    box(page, "Upper arm (right)").check()
    expect(shape(page, "Upper arm (right)")).to_have_attribute("aria-checked", "true")
    expect(counter).to_have_text("6")

    # The rest of the re-assessment.
    page.get_by_label("Pain overall (0-10)").fill("3")
    page.get_by_label("Neck and shoulder pain (0-10)").fill("4")
    page.get_by_role("group", name="Symptoms at a similar level for at least 3 months?") \
        .get_by_label("Yes").check()
    answers = {"Fatigue (past week)": "2 - Moderate", "Waking unrefreshed (past week)": "2 - Moderate",
               "Cognitive symptoms (past week)": "1 - Slight",
               "Headaches (past 6 months)": "1 - Yes",
               "Pain or cramps in the lower abdomen (past 6 months)": "0 - No",
               "Depression (past 6 months)": "0 - No"}
    for question, answer in answers.items():
        page.get_by_role("group", name=question).get_by_label(re.compile("^" + re.escape(answer))) \
            .check()
    page.get_by_role("group", name="Lymphatic").get_by_label("Heaviness").check()
    page.get_by_label("Lymphatic note").fill("Arms heavy after the bike ride.")
    page.get_by_label(re.compile("^I went through the precautions checklist")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save draft", exact=True).click()

    # Six regions over four body regions: WPI 6, SSS 2+2+1+1 = 6, PSD 12; WPI 4-6 needs SSS 9.
    expect(page.get_by_text("Intake saved as a draft.")).to_be_visible()
    for term, value in (("WPI", "6 / 19"), ("SSS", "6 / 12"), ("PSD", "12 / 31 Severe")):
        tile = page.locator(".score-tile").filter(has=page.get_by_role("term").filter(
            has_text=re.compile(f"^{term}$")))
        expect(tile.get_by_role("definition")).to_have_text(value)
    expect(page.get_by_text("Screening aid, not a diagnosis.")).to_be_visible()
    expect(page.locator(".criteria-list")).to_contain_text("ACR 2016 criteria: not met")
    regions = page.locator(".region-list")
    for label in ("Neck", "Upper back", "Lower back", "Shoulder girdle (right)",
                  "Upper arm (right)", "Hip - buttock, trochanter (left)"):
        expect(regions).to_contain_text(label)
    expect(regions).not_to_contain_text("Chest")
    assert_accessible(page)

    # Sign it: the draft becomes read-only.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign intake").click()
    expect(page.get_by_text("Intake signed.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Add addendum")).to_be_visible()

    # The signed intake draws its figure; compared with the one before it, side by side.
    figure = page.locator(".body-figure svg.bm-svg")
    expect(figure).to_have_attribute("aria-label", re.compile(r"Neck.*marked"))
    expect(figure.locator('.bm-region.is-selected[data-region="shoulder_girdle_right"]')).to_have_count(2)
    page.get_by_role("link", name="Compare with another intake").click()
    expect(page.get_by_role("heading", name="Body map and scores over time")).to_be_visible()
    changes = page.locator("table.region-changes tbody")
    expect(changes.locator("tr").filter(has_text="Upper arm (right)")).to_contain_text(
        re.compile("new|persisting"))
    expect(page.locator(".compare-figures .bm-region.is-new, .compare-figures .bm-region.is-persisting")
           .first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^WPI, SSS and PSD"))).to_be_visible()
    check_page(page)
    assert_chart_text_readable(page)
    page.set_viewport_size(PHONE)
    page.reload()
    check_page(page, phone=True)
    assert_chart_text_readable(page)
