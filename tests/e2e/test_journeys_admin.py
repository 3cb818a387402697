"""The admin's day: invite a practitioner, export the practice as FHIR, read the audit log."""
import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from practice.clients.models import Client
from practice.core.extensions import db
from tests.e2e.helpers import (
    check_page,
    expect_signed_in_as,
    labelled,
    nav_link,
    sign_in,
    sign_in_at,
    sign_out,
)

pytestmark = pytest.mark.e2e

def client_count(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count(Client.id)))


NEW_PRACTITIONER = {"name": "Iris Lee", "email": "iris.lee@example.org",
                    "password": "plum blossom tea garden"}


def test_admin_invites_a_practitioner_who_sets_a_password(page, open_context, live_server,
                                                          password, guard):
    admin = live_server.account("admin")
    sign_in_at(page, live_server.url, admin.email, password)
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    check_page(page)

    # The admin invites Iris and is shown the one-time link to pass on.
    page.get_by_role("link", name="Invite a practitioner or admin").click()
    check_page(page)
    labelled(page, "Name").fill(NEW_PRACTITIONER["name"])
    labelled(page, "Email").fill(NEW_PRACTITIONER["email"])
    labelled(page, "Role").select_option(label="Practitioner")
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation created for {NEW_PRACTITIONER['email']}")
    check_page(page)
    link = page.get_by_label("Link").input_value()
    assert link.startswith(f"{live_server.url}/auth/invitation/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    page.reload()  # the link survives a refresh
    assert page.get_by_label("Link").input_value() == link

    # The accounts list shows her as invited.
    page.get_by_label("Breadcrumb").get_by_role("link", name="Accounts").click()
    invited_row = page.get_by_role("row").filter(has_text=NEW_PRACTITIONER["email"])
    expect(invited_row).to_contain_text("Invited")

    # Iris opens the link in her own browser, chooses a password and is signed in.
    iris = open_context().new_page()
    iris.goto(link)
    expect(iris.get_by_role("heading", name=f"Welcome, {NEW_PRACTITIONER['name']}")).to_be_visible()
    check_page(iris)
    labelled(iris, "New password").fill(NEW_PRACTITIONER["password"])
    labelled(iris, "Repeat the new password").fill(NEW_PRACTITIONER["password"])
    iris.get_by_role("button", name="Create my account").click()
    expect(iris.get_by_role("status")).to_contain_text("Your password is set.")
    expect_signed_in_as(iris, NEW_PRACTITIONER["name"])
    check_page(iris)

    # The link works once; from now on she signs in with her password.
    sign_out(iris)
    guard.expect_console_error("status of 400")
    iris.goto(link)
    expect(iris.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    expect(iris.get_by_text("This link has already been used.")).to_be_visible()
    check_page(iris)
    iris.get_by_role("link", name="Go to sign in").click()
    sign_in(iris, NEW_PRACTITIONER["email"], NEW_PRACTITIONER["password"])
    expect_signed_in_as(iris, NEW_PRACTITIONER["name"])


def test_admin_exports_the_practice_as_fhir_and_the_audit_log_shows_it(page, live_server,
                                                                       password, tmp_path):
    admin = live_server.account("admin")
    sign_in_at(page, live_server.url, admin.email, password)

    nav_link(page, "Exports").click()
    expect(page.get_by_role("heading", name="Export records")).to_be_visible()
    check_page(page)
    page.get_by_role("group", name="Format").get_by_role("radio", name=re.compile(r"^FHIR")).check()
    page.get_by_role("group", name="Records").get_by_role("radio", name="The whole practice").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    bundle = json.loads(saved.read_text())
    assert bundle["resourceType"] == "Bundle"
    resource_types = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Practitioner", "Encounter", "CarePlan", "Observation"} <= resource_types
    patients = [entry["resource"] for entry in bundle["entry"]
                if entry["resource"]["resourceType"] == "Patient"]
    assert len(patients) == client_count(live_server)

    nav_link(page, "Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    check_page(page)
    export_row = page.get_by_role("row").filter(has_text="export").first
    expect(export_row).to_contain_text(admin.name)
    expect(export_row).to_contain_text("fhir")


def test_the_admin_pages_are_not_for_practitioners(page, live_server, password, guard):
    practitioner = live_server.account("practitioner")
    guard.expect_console_error("status of 403")
    page.goto("/admin/accounts")
    sign_in(page, practitioner.email, password)
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    check_page(page)
