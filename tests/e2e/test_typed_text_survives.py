"""Nothing typed is lost: a note typed before the sign-in ended comes back after signing in,
and drafts save themselves while typed ("Saved at ...").

Autosave waits about 20 seconds after the last change: the page's clock is installed before
it loads and moved on, so the tests do not wait.
"""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import check_page, labelled, loaded, sign_in, sign_in_at

pytestmark = pytest.mark.e2e

NOTE = "Neck softer after the collarbone strokes; left arm still heavy by evening."
#: autosave.js saves this long after the last change.
AUTOSAVE_DELAY_MS = 20_000
SAVED_AT = re.compile(r"^Saved at \d{2}:\d{2}$")


def _client_id(live_server) -> str:
    """Rosa's: a client without precautions, whose sessions save without a caution to weigh."""
    return live_server.client_record_path("rosa.martinez").rsplit("/", 1)[-1]


def _signed_in_as_daniel(page, live_server, password):
    practitioner = live_server.account("practitioner", "daniel.okafor")
    sign_in_at(page, live_server.url, practitioner.email, password)
    return practitioner


def test_a_note_typed_before_the_sign_in_ended_comes_back_after_signing_in(
        page, context, live_server, password):
    practitioner = _signed_in_as_daniel(page, live_server, password)
    page.clock.install()
    page.goto(f"/sessions/clients/{_client_id(live_server)}/new")
    expect(page.get_by_role("heading", name=re.compile("Record a session"))).to_be_visible()
    loaded(page)
    labelled(page, "Assessment").fill(NOTE)

    # The sign-in ends: the browser's cookies are cleared (signed out elsewhere, or the limit).
    context.clear_cookies()
    # Autosave cannot save now: the page says so and what was typed stays in the form.
    page.clock.run_for(AUTOSAVE_DELAY_MS + 1_000)
    expect(page.locator("[data-autosave-status]")).to_contain_text("you may have been signed out")
    expect(labelled(page, "Assessment")).to_have_value(NOTE)
    page.get_by_role("button", name="Save draft", exact=True).click()

    # Led through sign-in, not to an error page ...
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You were signed out before that was saved")).to_be_visible()
    check_page(page)
    sign_in(page, practitioner.email, password)

    # ... back to what was typed, kept on the server for this person.
    expect(page.get_by_role("heading", name="What you typed is kept")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    check_page(page)
    assert page.evaluate("() => window.localStorage.length + window.sessionStorage.length") == 0

    page.get_by_role("button", name="Save it now").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    check_page(page)


def test_a_session_draft_saves_itself_while_typed(page, live_server, password):
    _signed_in_as_daniel(page, live_server, password)
    page.clock.install()
    page.goto(f"/sessions/clients/{_client_id(live_server)}/new")
    loaded(page)
    labelled(page, "Subjective").fill("Slept better since the last session.")
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text("")

    page.clock.run_for(AUTOSAVE_DELAY_MS + 1_000)
    expect(status).to_have_text(SAVED_AT)
    # The new form is a draft now and goes on saving into it; Save draft keeps one session.
    expect(page.locator("#session-form")).to_have_attribute(
        "action", re.compile(r"/sessions/\d+/edit$"))
    labelled(page, "Assessment").fill(NOTE)
    page.clock.run_for(AUTOSAVE_DELAY_MS + 1_000)
    expect(status).to_have_text(SAVED_AT)
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text("Slept better since the last session.")).to_be_visible()


def test_an_intake_draft_saves_itself_while_typed(page, live_server, password):
    _signed_in_as_daniel(page, live_server, password)
    client_id = _client_id(live_server)
    page.clock.install()
    page.goto(f"/clients/{client_id}/intakes/new")
    loaded(page)
    labelled(page, "Chief complaint").fill("Burning between the shoulder blades")
    page.clock.run_for(AUTOSAVE_DELAY_MS + 1_000)
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(SAVED_AT)
    check_page(page)

    # Saved with one answer of many; Save draft then goes to that draft, not a second one.
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/clients/{client_id}/intakes/\d+$"))
    expect(page.get_by_text("Burning between the shoulder blades")).to_be_visible()
    expect(page.get_by_text("Still to answer before signing")).to_be_visible()


def test_an_autosave_after_someone_elses_save_says_so_and_keeps_the_typing(
        page, guard, live_server, password):
    """Two tabs on one draft: the second tab's autosave is refused (409, which the browser
    logs as a failed request: expected here), the page says why, nothing typed is lost."""
    guard.expect_console_error(r"status of 409")
    _signed_in_as_daniel(page, live_server, password)
    page.goto(f"/sessions/clients/{_client_id(live_server)}/new")
    loaded(page)
    labelled(page, "Objective").fill("Tab one.")
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("link", name="Edit draft").click()
    edit_url = page.url

    other = page.context.new_page()
    other.clock.install()
    other.goto(edit_url)
    loaded(other)
    labelled(page, "Objective").fill("Tab one, saved again.")
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    labelled(other, "Assessment").fill(NOTE)
    other.clock.run_for(AUTOSAVE_DELAY_MS + 1_000)
    expect(other.locator("[data-autosave-status]")).to_contain_text("saved elsewhere")
    expect(labelled(other, "Assessment")).to_have_value(NOTE)
