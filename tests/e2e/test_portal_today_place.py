"""The client's Today page keeps its place: after a tap on Done (or Undo) far down the list,
the page shows that exercise, with where the client now stands, not the top of the page."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import check_page, loaded, sign_in_at

pytestmark = pytest.mark.e2e


def test_done_and_undo_come_back_at_the_exercise_tapped(phone_page, live_server, password):
    hannah = live_server.account("client", "hannah")
    sign_in_at(phone_page, live_server.url, hannah.email, password)
    expect(phone_page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    phone_page.wait_for_load_state("domcontentloaded")  # every card parsed before counting
    open_items = phone_page.locator("article.today-item").filter(
        has=phone_page.get_by_role("button", name=re.compile("^Done")))
    assert open_items.count() >= 2, "the demo client has several exercises for today"
    card = open_items.last  # far down the page on a phone
    card_id = card.get_attribute("id")
    card = phone_page.locator(f"#{card_id}")
    count_before = card.locator(".today-count").inner_text()

    card.get_by_role("button", name=re.compile("^Done")).click()
    expect(phone_page.get_by_role("status").first).to_contain_text("is recorded")
    loaded(phone_page)
    expect(card).to_be_in_viewport()
    expect(card.locator(".today-count, .done-state").first).not_to_have_text(count_before)
    assert phone_page.evaluate("() => window.scrollY") > 0  # not back at the top
    check_page(phone_page, phone=True)

    card.get_by_role("button", name=re.compile("^Undo the last")).click()
    expect(phone_page.get_by_role("status").first).to_contain_text("is undone")
    loaded(phone_page)
    expect(card).to_be_in_viewport()
    expect(card.locator(".today-count")).to_have_text(count_before)
