"""Messages only with the client's word: Rosa, on her phone, agrees to reminders and then
stops them; her practitioner sees where she stands on her record."""
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_page, nav_link, sign_in_at, sign_out

pytestmark = pytest.mark.e2e


def test_a_client_agrees_to_messages_and_stops_them_on_her_phone(phone_page: Page, live_server,
                                                                  password):
    page = phone_page
    rosa = live_server.account("client", "rosa.martinez")
    sign_in_at(page, live_server.url, rosa.email, password)
    nav_link(page, "Messages").click()
    expect(page.get_by_text("You do not receive reminders or other messages.")).to_be_visible()
    expect(page.get_by_role("region", name="What you agreed to")).to_contain_text(
        "Treatment: you agreed on")
    check_page(page, phone=True)

    page.get_by_role("button", name="Yes, send me reminders and messages").click()
    expect(page.get_by_text("Thank you: you will receive reminders and other messages.")) \
        .to_be_visible()
    expect(page.get_by_text("You receive reminders and other messages by email")).to_be_visible()
    check_page(page, phone=True)
    page.get_by_role("button", name="Stop sending me messages").click()
    expect(page.get_by_text("You do not receive reminders or other messages.")).to_be_visible()
    sign_out(page)

    daniel = live_server.account("practitioner", "daniel.okafor")
    sign_in_at(page, live_server.url, daniel.email, password)
    nav_link(page, "Clients").click()
    page.get_by_role("link", name="Martinez, Rosa").click()
    consent = page.get_by_role("region", name="Consent", exact=True)
    expect(consent).to_contain_text("Reminders and other messages: stopped in the portal")
    expect(consent).to_contain_text("Consent to treatment: given")
    consent.get_by_role("link", name="Record consent").click()
    expect(page.get_by_role("heading", name="Consent of Rosa Martinez")).to_be_visible()
    check_page(page, phone=True)
