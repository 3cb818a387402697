"""Refer from a session: Mei reads the red flags on a session of Graham's, records that she
sent him to urgent care, and finds the referral on his record."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, labelled, nav_link
from tests.e2e.test_journeys_practitioner import sign_in_as_mei

pytestmark = pytest.mark.e2e

REASON = "Left calf hot, swollen and painful since yesterday; on warfarin."


def open_a_session_of(page: Page, client_link: str) -> None:
    nav_link(page, "Clients").click()
    page.get_by_role("link", name=client_link).click()
    page.get_by_role("region", name="Sessions", exact=True).get_by_role("listitem") \
        .filter(has_text="Signed").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session with")
    check_page(page)


def test_refer_from_a_session_shows_on_the_clients_record(page: Page, live_server, password):
    sign_in_as_mei(page, live_server, password)
    open_a_session_of(page, "Whitfield, Graham")
    flags = page.get_by_role("region", name="Red flags: stop and refer")
    expect(flags).to_contain_text("hot, swollen, painful calf")
    expect(flags).to_contain_text("hard, fixed, growing or lasting over two weeks")

    page.get_by_role("link", name="Refer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Graham Whitfield")
    expect(page.get_by_text(re.compile(r"From the session of \d\d \w{3} \d{4}"))).to_be_visible()
    check_page(page)
    labelled(page, "To whom").fill("NHS 111")
    page.get_by_role("group", name="How urgent").get_by_role("radio", name=re.compile("^Urgent")) \
        .check()
    labelled(page, "Why").fill(REASON)
    page.get_by_role("button", name="Record the referral").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Graham Whitfield")
    expect(page.get_by_text("Referral recorded: NHS 111, urgent (the same day).")).to_be_visible()
    referrals = page.get_by_role("region", name="Referrals", exact=True)
    row = referrals.get_by_role("row").filter(has_text="NHS 111")
    expect(row).to_contain_text(REASON)
    expect(row).to_contain_text("Urgent (the same day)")
    expect(row).to_contain_text("Mei Lin Chen")
    expect(row.get_by_role("link", name=re.compile("^session of"))).to_be_visible()
    check_page(page)
