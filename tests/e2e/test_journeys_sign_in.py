"""Signing in and out: deep links come back after sign-in, sign-out really ends the session."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import check_page, sign_in, sign_in_at, sign_out

pytestmark = pytest.mark.e2e


def test_a_deep_link_asks_for_sign_in_then_opens(page, live_server, password):
    """A practitioner follows a bookmarked client record from a fresh browser."""
    practitioner = live_server.account("practitioner", "mei.chen")
    record = live_server.client_record_path("hannah.price")

    page.goto(record)
    page.wait_for_url(re.compile(r"/auth/login\?next="))
    assert parse_qs(urlsplit(page.url).query)["next"] == [record]
    check_page(page)

    sign_in(page, practitioner.email, password)
    expect(page).to_have_url(f"{live_server.url}{record}")
    expect(page.get_by_role("heading", name="Hannah Price", level=1)).to_be_visible()
    check_page(page)


def test_a_wrong_password_is_refused_with_one_message(page, live_server):
    practitioner = live_server.account("practitioner")

    page.goto("/auth/login")
    page.get_by_label("Email").fill(practitioner.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Invalid email or password.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    check_page(page)


def test_sign_out_ends_the_session(page, live_server, password):
    practitioner = live_server.account("practitioner")
    sign_in_at(page, live_server.url, practitioner.email, password)
    check_page(page)

    sign_out(page)
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    check_page(page)

    # The browser's old pages no longer open: back to sign-in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_sign_out_works_from_the_phone_menu(phone_page, live_server, password):
    client = live_server.account("client")
    sign_in_at(phone_page, live_server.url, client.email, password)
    sign_out(phone_page)
    expect(phone_page.get_by_role("status")).to_have_text("You are signed out.")
    check_page(phone_page, phone=True)
