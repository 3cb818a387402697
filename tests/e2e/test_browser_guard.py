"""The guard every journey relies on really catches what it promises to catch."""
import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.helpers import assert_no_sideways_scroll

pytestmark = pytest.mark.e2e


def test_a_request_to_another_host_is_blocked_and_recorded(page, guard):
    page.goto("/auth/login")
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://example.invalid/track")
    assert guard.foreign_requests == ["http://example.invalid/track"]
    guard.foreign_requests.clear()


def test_a_content_security_policy_violation_is_a_console_error(page, guard):
    page.goto("/auth/login")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.append(script);
    }""")
    assert page.evaluate("() => window.inlineRan === undefined")
    page.wait_for_timeout(100)  # console messages arrive asynchronously
    assert any("Content Security Policy" in error for error in guard.console_errors)
    guard.console_errors.clear()


def test_sideways_scrolling_is_caught(phone_page):
    phone_page.goto("/auth/login")
    phone_page.evaluate("""() => { document.body.style.minWidth = "800px"; }""")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_sideways_scroll(phone_page)
