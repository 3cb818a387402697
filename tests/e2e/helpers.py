"""What every journey needs: a guarded browser, sign-in, and the page checks.

``BrowserGuard`` watches every browser context a test opens: requests to any host but the
app's are aborted and recorded, console errors (CSP violations among them) and uncaught
page errors are collected, and ``check()`` fails the test on any of them.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.e2e.accessibility import assert_accessible

CHROMIUM = Path("/usr/bin/chromium")
#: Without the background-networking flags Chromium tries to reach the internet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class BrowserGuard:
    """Keeps a test's browser inside the app and quiet; see the module docstring."""

    app_host: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    #: Console messages a test has announced (e.g. the 403 of a page it opens on purpose).
    expected_errors: list[re.Pattern] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.route("**/*", self._route)
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        return context

    def expect_console_error(self, pattern: str) -> None:
        """Allow console errors matching ``pattern`` (a regular expression) from now on."""
        self.expected_errors.append(re.compile(pattern))

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.app_host:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def _watch_page(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.console_errors.append(
            f"uncaught error on {page.url}: {error}"))

    def _console(self, page: Page, message) -> None:
        if message.type != "error":
            return
        text = f"{message.text} (on {page.url})"
        if any(pattern.search(text) for pattern in self.expected_errors):
            return
        self.console_errors.append(text)

    def check(self) -> None:
        problems = []
        if self.foreign_requests:
            problems.append("requests left the app (blocked):\n  " +
                            "\n  ".join(self.foreign_requests))
        if self.console_errors:
            problems.append("browser console errors:\n  " + "\n  ".join(self.console_errors))
        assert not problems, "\n".join(problems)


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing on the page is wider than the screen (phones must never scroll sideways)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url} scrolls sideways: content is {widths[0]} px wide in a {widths[1]} px window")


def assert_chart_text_readable(page: Page, smallest_px: float = 12) -> None:
    """Every text in the page's charts is drawn at least ``smallest_px`` CSS pixels high (its
    font size times the scale the drawing is shown at)."""
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('svg.chart-svg text')).map(text =>"
        " [text.textContent, parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a])")
    assert sizes, f"{page.url} has no chart text"
    small = [(text, round(size, 1)) for text, size in sizes if size < smallest_px]
    assert small == [], f"{page.url}: chart text under {smallest_px} px: {small}"


def check_page(page: Page, *, phone: bool = False) -> None:
    """The checks after every navigation: accessible, and on a phone no sideways scroll."""
    assert_accessible(page)
    if phone:
        assert_no_sideways_scroll(page)


def loaded(page: Page) -> None:
    """Wait until the page in view has loaded its styles and scripts.

    An ``expect`` on the new page's content passes as soon as its HTML is parsed, while its
    stylesheets and scripts may still be loading: Bootstrap's menu button does nothing yet,
    the double-submit guard is not armed, and what is visible still changes. Call this only
    once the new page's content has been seen (so the navigation has happened): straight
    after a click it would wait on the page being left, which is long loaded.
    """
    page.wait_for_load_state("load")


def open_main_menu(page: Page) -> None:
    """On narrow screens the navigation hides behind the menu button: open it if needed."""
    loaded(page)  # whether the button shows depends on the stylesheet; it works with Bootstrap's JS
    toggle = page.get_by_role("button", name="Show navigation")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        # Bootstrap animates the menu open ("collapsing"); a click during it can miss.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))


def labelled(scope, label: str):
    """The form control labelled exactly ``label`` (a required field's label ends in "*")."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def sign_in(page: Page, email: str, password: str) -> None:
    """Fill in and send the sign-in form on the current (sign-in) page."""
    labelled(page, "Email").fill(email)
    labelled(page, "Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()
    loaded(page)  # the signed-in page, not the sign-in page being left


def definition(scope, term: str):
    """The ``<dd>`` that follows the ``<dt>`` reading ``term`` in a description list."""
    return scope.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$")) \
        .locator("xpath=following-sibling::dd[1]")


def accept_next_dialog(page: Page) -> None:
    """Answer OK to the next confirm() box (signing, archiving); Playwright would cancel it."""
    page.once("dialog", lambda dialog: dialog.accept())


def expect_signed_in_as(page: Page, name: str) -> None:
    """The top bar links to the signed-in person's account page under their name."""
    expect(page.get_by_role("link", name=name, exact=True, include_hidden=True)).to_be_attached()


def sign_in_at(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/auth/login")
    sign_in(page, email, password)


def sign_out(page: Page) -> None:
    open_main_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    loaded(page)


def nav_link(page: Page, name: str):
    """A link in the main navigation, after opening the menu on a phone."""
    open_main_menu(page)
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
