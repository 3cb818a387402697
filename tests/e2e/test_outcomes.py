"""Outcomes by protocol in a real browser, on the demo practice: an admin sees every starter
template with its figures and n, the chart's text is readable, the CSV downloads; a
practitioner sees their own clients only. Skipped without Chromium."""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    assert_chart_text_readable,
    check_page,
    nav_link,
    sign_in_at,
)
from tests.e2e.live_server import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

STARTER_TEMPLATES = ("Circulation and gentle movement", "Endocrine balancing",
                     "Lymph flow - neck and shoulders", "Sleep and nervous system settling")


def test_outcomes_by_protocol(open_context, live_server):
    admin = live_server.account("admin")
    page = open_context(viewport=DESKTOP).new_page()
    sign_in_at(page, live_server.url, admin.email, DEMO_PASSWORD)
    nav_link(page, "Outcomes").click()
    expect(page.get_by_role("heading", name="Outcomes by protocol")).to_be_visible()
    check_page(page)
    assert_chart_text_readable(page)
    rows = page.locator("table.outcomes-table tbody tr")
    expect(rows).to_have_count(len(STARTER_TEMPLATES))
    for name in STARTER_TEMPLATES:
        expect(rows.filter(has_text=name)).to_contain_text(re.compile(r"\(n=\d+\)"))
    expect(page.get_by_text("no comparison group")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert {row["template"] for row in table if row["clients"]} == set(STARTER_TEMPLATES)

    page.get_by_label("Group by").select_option(label="Condition type")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.outcomes-table thead")).to_contain_text("Condition type")
    check_page(page)

    mei = live_server.account("practitioner", "mei")
    phone = open_context(viewport=PHONE).new_page()
    sign_in_at(phone, live_server.url, mei.email, DEMO_PASSWORD)
    nav_link(phone, "Outcomes").click()
    expect(phone.get_by_role("heading", name="Outcomes by protocol")).to_be_visible()
    check_page(phone, phone=True)
    assert_chart_text_readable(phone)
    expect(phone.get_by_text("Your clients")).to_be_visible()
