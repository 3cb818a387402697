"""Who needs attention: Mei (a demo practitioner) reads why Graham is on her Today page,
opens his progress, marks his note seen; Graham checks in with a new note on his phone, and
the item comes back for Mei."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, sign_in_at

pytestmark = pytest.mark.e2e

GRAHAM = "Graham Whitfield"
OLD_NOTE = "Couldn't find words at work"
NEW_NOTE = "Neck locked again this evening."


def attention_list(page: Page):
    return page.locator("section.attention")


def item_about(page: Page, text: str):
    return attention_list(page).locator(".attention-item").filter(has_text=text)


def test_an_item_marked_seen_comes_back_with_new_data(page: Page, phone_page: Page,
                                                     live_server, password):
    mei = live_server.account("practitioner", "mei.chen")
    sign_in_at(page, live_server.url, mei.email, password)
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    check_page(page)
    for reason in ("Worse than baseline over the last 7 days", OLD_NOTE, "Home program:"):
        expect(item_about(page, reason)).to_contain_text(GRAHAM)

    # The item's link goes where she acts on it: his progress, baseline and course change.
    item_about(page, "Worse than baseline").get_by_role("link", name=GRAHAM).click()
    expect(page.get_by_role("heading", name="Progress", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Baseline and course change")).to_be_visible()
    check_page(page)
    page.go_back()

    item_about(page, OLD_NOTE).get_by_role("button", name="Seen").click()
    expect(page.get_by_text(f"Marked seen: {GRAHAM}.")).to_be_visible()
    expect(item_about(page, OLD_NOTE)).to_have_count(0)
    check_page(page)

    graham = live_server.account("client", "graham.whitfield")
    sign_in_at(phone_page, live_server.url, graham.email, password)
    phone_page.get_by_role("link", name=re.compile("check-in", re.IGNORECASE)).first.click()
    scale = phone_page.get_by_role("group", name="Neck and shoulder pain", exact=True)
    scale.get_by_text("7", exact=True).tap()
    phone_page.get_by_role("textbox", name="Anything else about today?").fill(NEW_NOTE)
    phone_page.get_by_role("button", name="Save my check-in").click()
    expect(phone_page.get_by_role("status").first).to_be_visible()

    page.reload()
    expect(item_about(page, NEW_NOTE)).to_contain_text(GRAHAM)
    expect(item_about(page, NEW_NOTE)).to_contain_text("1 more note since the last session")
    check_page(page)
