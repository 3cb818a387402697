"""A practitioner finds a phrase in old notes, opens the note, and prints the client's chart as
a page and as a PDF that holds the record's text."""
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.helpers import check_page, labelled, nav_link, sign_in_at

pytestmark = pytest.mark.e2e


def test_a_practitioner_finds_words_in_notes_and_prints_the_chart(page, live_server, password,
                                                                  guard):
    mei = live_server.account("practitioner", "mei.chen")
    sign_in_at(page, live_server.url, mei.email, password)
    nav_link(page, "Search notes").click()
    check_page(page)
    labelled(page, "Words to find").fill("neck")
    page.get_by_role("button", name="Search").click()
    first_hit = page.locator(".search-hit").first
    expect(first_hit.locator("mark").first).to_have_text("neck", ignore_case=True)
    check_page(page)
    client_name = first_hit.get_by_role("link").inner_text().split(" · ", 1)[1]
    first_hit.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_name)
    check_page(page)

    page.get_by_role("link", name=client_name, exact=True).first.click()  # back to the client
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_name)
    page.get_by_role("link", name="Print chart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(client_name)
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by its script
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert client_name in text
    assert "Session of" in text
