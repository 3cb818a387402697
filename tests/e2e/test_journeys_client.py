"""A client's day on her phone: today's exercises, one marked done, a check-in, her progress;
and the access history that shows her practitioner opened her record.

Every page is checked at 390 x 844: accessible, and nothing scrolls sideways.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, nav_link, sign_in_at

pytestmark = pytest.mark.e2e

#: Today's ratings, as the client taps them.
RATINGS = {"Pain overall": "4", "Neck and shoulder pain": "5", "Fatigue": "6",
           "Sleep problems": "3", "Fog (thinking, memory)": "3"}
NOTE = "Walked to the shop and back; neck eased after the warm shower."


def sign_in_as_hannah(page: Page, live_server, password: str) -> None:
    hannah = live_server.account("client", "hannah.price")
    sign_in_at(page, live_server.url, hannah.email, password)
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    check_page(page, phone=True)


def mark_an_exercise_done(page: Page) -> str:
    """Mark the first exercise still to do today as done; return its name."""
    exercise = page.get_by_role("article").filter(
        has=page.get_by_role("button", name=re.compile(r"^Done"))).first
    name = exercise.get_by_role("heading", level=3).inner_text()
    progress = exercise.get_by_text(re.compile(r"\d+ of \d+ done (today|this week)"))
    done_before = int(progress.inner_text().split()[0])
    exercise.get_by_role("button", name=re.compile(r"^Done")).click()

    expect(page.get_by_role("status").first).to_be_visible()
    exercise = page.get_by_role("article", name=name)
    expect(exercise.locator(".today-count")).to_contain_text(re.compile(rf"{done_before + 1} of \d+ done"))
    check_page(page, phone=True)
    return name


def do_the_daily_check_in(page: Page) -> None:
    page.get_by_role("link", name="Do today's check-in").click()
    expect(page.get_by_role("heading", name="Today's check-in")).to_be_visible()
    check_page(page, phone=True)
    for measure, rating in RATINGS.items():
        scale = page.get_by_role("group", name=measure, exact=True)
        scale.get_by_text(rating, exact=True).tap()  # the numbers are buttons over the radios
        expect(scale.get_by_role("radio", name=rating, exact=True)).to_be_checked()
    page.get_by_role("textbox", name="Anything else about today?").fill(NOTE)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("status").first).to_be_visible()
    check_page(page, phone=True)


def see_my_progress(page: Page, exercise: str) -> None:
    nav_link(page, "History").click()
    expect(page.get_by_role("heading", name="History and progress")).to_be_visible()
    check_page(page, phone=True)
    expect(page.get_by_role("figure", name=re.compile(r"^Pain overall latest 4"))).to_be_visible()
    today = page.get_by_role("region", name="Day by day").get_by_role("listitem") \
        .filter(has=page.get_by_role("heading", name=re.compile(r"\(today\)$")))
    expect(today).to_contain_text("Pain 4 · neck/shoulders 5 · fatigue 6 · sleep problems 3 · fog 3")
    expect(today).to_contain_text(NOTE)
    expect(today).to_contain_text(exercise)

    nav_link(page, "My program").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Home program for"))).to_be_visible()
    check_page(page, phone=True)


def test_client_does_her_day_on_a_phone(phone_page, live_server, password):
    page = phone_page
    sign_in_as_hannah(page, live_server, password)
    exercise = mark_an_exercise_done(page)
    do_the_daily_check_in(page)
    see_my_progress(page, exercise)


def test_client_sees_who_opened_her_record(phone_page, open_context, live_server, password):
    mei = live_server.account("practitioner", "mei.chen")
    practitioner_page = open_context().new_page()
    sign_in_at(practitioner_page, live_server.url, mei.email, password)
    practitioner_page.goto(live_server.client_record_path("hannah.price"))
    expect(practitioner_page.get_by_role("heading", name="Hannah Price", level=1)).to_be_visible()

    page = phone_page
    sign_in_as_hannah(page, live_server, password)
    nav_link(page, "Who saw my record").click()
    expect(page.get_by_role("heading", name="Who saw my record")).to_be_visible()
    accesses = page.get_by_role("region", name="Every access, newest first")
    expect(accesses.get_by_role("listitem").filter(has_text="Viewed your record")) \
        .to_contain_text(f"{mei.name}, practitioner")
    check_page(page, phone=True)
