"""Precautions in the browser: Mei assigns patting to Graham, who is on warfarin, is warned,
gives her reason and sees it on his record; Graham then reads his caution on his phone,
without his condition named.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, labelled, nav_link, sign_in_at, sign_out

pytestmark = pytest.mark.e2e

PATTING = "Patting along the limbs towards the trunk"
REASON = "Light stroking on the legs only, agreed with Graham; no patting on the arms."


def assign_patting_to_graham(page: Page, live_server, password: str) -> None:
    mei = live_server.account("practitioner", "mei.chen")
    sign_in_at(page, live_server.url, mei.email, password)
    nav_link(page, "Clients").click()
    page.get_by_role("link", name=re.compile(r"Whitfield, Graham")).click()
    expect(page.get_by_role("note", name="Precautions", exact=True)).to_contain_text("Blood thinners")
    check_page(page)
    page.get_by_role("link", name="Assign an exercise").first.click()
    row = page.get_by_role("group", name=re.compile(rf"^{re.escape(PATTING)}"))
    expect(row).to_contain_text("Conflicts with Graham's precautions: Blood thinners")
    row.get_by_role("checkbox", name="Assign").check()
    check_page(page)
    page.get_by_role("button", name="Add to the home program").click()

    warning = page.get_by_role("alert").filter(has_text="This conflicts with Graham's precautions")
    expect(warning).to_contain_text(f"{PATTING} conflicts with Blood thinners")
    expect(warning).to_contain_text("Instead: Stroke lightly instead of patting")
    expect(labelled(page, "Why go ahead anyway")).to_be_visible()
    expect(page.get_by_text("give the reason for going ahead")).to_be_visible()
    check_page(page)
    labelled(page, "Why go ahead anyway").fill(REASON)
    page.get_by_role("button", name="Add to the home program anyway").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Graham Whitfield")
    note = page.get_by_role("note", name="Went ahead despite precautions")
    expect(note).to_contain_text("Went ahead despite: Blood thinners.")
    expect(note).to_contain_text(REASON)
    check_page(page)
    sign_out(page)


def graham_reads_his_caution(page: Page, live_server, password: str) -> None:
    graham = live_server.account("client", "graham.whitfield")
    sign_in_at(page, live_server.url, graham.email, password)
    card = page.get_by_role("article", name=PATTING)
    cautions = card.get_by_role("note", name="Your cautions")
    expect(cautions).to_contain_text("Stroke gently instead of patting, tapping or pressing")
    expect(page.get_by_role("note", name="Not read in real time")).to_contain_text("999")
    shown = card.inner_text().lower()
    assert "warfarin" not in shown
    assert "blood thinner" not in shown
    assert REASON.lower() not in page.locator("main").inner_text().lower()
    check_page(page, phone=True)


def test_a_warned_assignment_needs_a_reason_and_the_client_reads_the_caution(
        page, phone_page, live_server, password):
    assign_patting_to_graham(page, live_server, password)
    graham_reads_his_caution(phone_page, live_server, password)
