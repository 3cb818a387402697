"""Appointments in the browser: Mei's week shows her booked sessions, recording one from its
appointment fills the session form and marks it attended; Daniel books Margaret's plan as a
series, leaving out any session that clashes; the week reads as a list on a phone."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, nav_link, sign_in_at
from tests.e2e.test_journeys_practitioner import sign_in_as_mei

pytestmark = pytest.mark.e2e


def test_recording_a_session_from_the_week_fills_the_form_and_marks_it_attended(
        page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    nav_link(page, "Week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of")
    check_page(page)
    days = page.locator(".week-day")
    expect(days).to_have_count(7)
    page.wait_for_load_state("domcontentloaded")  # the whole week parsed before counting
    booked = page.locator(".week-appointment:not(:has(.badge)) a")
    if booked.count() == 0:  # a weekend: the week's sessions are behind
        page.get_by_role("link", name="Next week").click()
    address = booked.first.get_attribute("href")
    booked.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Booked")
    when = page.get_by_role("heading", level=1).inner_text()
    start = re.search(r"(\d\d:\d\d)", when).group(1)
    check_page(page)
    page.get_by_role("link", name="Record this session").click()
    expect(page.get_by_label(re.compile("^Start time"))).to_have_value(start)
    expect(page.get_by_label(re.compile("^Duration"))).to_have_value("60")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.goto(live_server.url + address)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attended")
    expect(page.get_by_role("link", name="Session notes")).to_be_visible()


def test_booking_a_plan_as_a_series(page: Page, live_server, password):
    daniel = live_server.account("practitioner", "daniel.okafor")
    sign_in_at(page, live_server.url, daniel.email, password)
    nav_link(page, "Clients").click()
    page.get_by_role("link", name="O'Brien, Margaret").click()
    section = page.get_by_role("region", name="Appointments", exact=True)
    expect(section).to_contain_text("No appointment booked.")
    section.get_by_role("link", name=re.compile("^Book this plan")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Book")
    check_page(page)
    rows = page.locator("#series tbody tr")
    expect(rows.first).to_be_visible()
    page.wait_for_load_state("domcontentloaded")  # every proposed row parsed before counting
    for index in range(rows.count()):
        row = rows.nth(index)
        if "Free" not in row.inner_text():
            row.get_by_role("checkbox").uncheck()
    booked = sum("Free" in rows.nth(index).inner_text() for index in range(rows.count()))
    page.get_by_role("button", name="Book these sessions").click()
    expect(page.get_by_text(re.compile(rf"Booked {booked} sessions of "))).to_be_visible()
    expect(page.get_by_role("region", name="Appointments", exact=True)
           .get_by_role("listitem").first).to_be_visible()


def test_the_week_is_a_list_on_a_phone(phone_page: Page, live_server, password):
    sign_in_as_mei(phone_page, live_server, password)
    nav_link(phone_page, "Week").click()
    expect(phone_page.locator(".week-day").first).to_be_visible()
    check_page(phone_page, phone=True)
    first, second = phone_page.locator(".week-day").nth(0), phone_page.locator(".week-day").nth(1)
    assert second.bounding_box()["y"] > first.bounding_box()["y"]
