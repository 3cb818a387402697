"""Screenshots of the main pages, for the README: ``make screenshots``.

Starts the demo practice on a fresh database (the same server the browser journeys use),
signs in as each role and writes PNGs to docs/screenshots/, named
``<role>-<page>-<desktop|phone>.png``. A page that logs a console error or asks another host
stops the run, so a broken page never ends up in the README.

    python -m tests.e2e.screenshots [--only NAME_PART] [--out DIR]
"""
import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, BrowserGuard, nav_link, sign_in_at
from tests.e2e.live_server import DEMO_PASSWORD, LiveServer, start_live_server

OUT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
PRACTITIONER = "mei.chen"
CLIENT = "hannah.price"


@dataclass(frozen=True)
class Shot:
    name: str  #: ``<role>-<page>``; the role is the account signed in (or "public")
    open: Callable[[Page, LiveServer], None]  #: navigates to the page from the home page
    sizes: tuple[str, ...] = ("desktop", "phone")
    #: The whole scrolling page on the desktop; a phone shot is always one screenful.
    full_page: bool = False
    #: When set, only this part of the page is shot (a CSS selector).
    element: str | None = None

    @property
    def role(self) -> str:
        return self.name.split("-", 1)[0]


def _hannahs_record(page: Page, server: LiveServer) -> None:
    page.goto(server.client_record_path(CLIENT))


def _goto(path: str) -> Callable[[Page, LiveServer], None]:
    return lambda page, _server: page.goto(path)


def _nav(label: str) -> Callable[[Page, LiveServer], None]:
    return lambda page, _server: nav_link(page, label).click()


def _from_record(*clicks: Callable[[Page], object]) -> Callable[[Page, LiveServer], None]:
    """Open Hannah's record, then follow each click in turn."""

    def _open(page: Page, server: LiveServer) -> None:
        _hannahs_record(page, server)
        for click in clicks:
            click(page).click()

    return _open


def _region_link(region: str, link: str | None = None) -> Callable[[Page], object]:
    def _locate(page: Page):
        scope = page.get_by_role("region", name=region, exact=True)
        return scope.get_by_role("link", name=link).first if link else scope.get_by_role("link").first

    return _locate


def _signed_session(page: Page):
    sessions = page.get_by_role("region", name="Sessions", exact=True)
    return sessions.get_by_role("listitem").filter(has_text="Signed").first.get_by_role("link").first


def _new_intake_with_regions(page: Page, server: LiveServer) -> None:
    _hannahs_record(page, server)
    page.get_by_role("link", name="New re-assessment").click()
    figure = page.get_by_role("group", name="Body map: select painful regions")
    for region in ("Neck", "Shoulder girdle (left)", "Shoulder girdle (right)", "Upper back",
                   "Upper arm (right)", "Lower back"):
        figure.get_by_role("checkbox", name=region, exact=True).click()


SHOTS = [
    Shot("public-sign-in", _goto("/auth/login")),
    Shot("practitioner-today", _goto("/"), full_page=True),
    Shot("practitioner-clients", _nav("Clients")),
    Shot("practitioner-client-overview", _hannahs_record, full_page=True),
    Shot("practitioner-intake-body-map", _new_intake_with_regions, element=".body-map"),
    Shot("practitioner-intake-scores", _from_record(_region_link("Latest scores")),
         sizes=("desktop",), full_page=True),
    Shot("practitioner-plan", _from_record(_region_link("Active plan")), sizes=("desktop",),
         full_page=True),
    Shot("practitioner-session", _from_record(_signed_session), sizes=("desktop",), full_page=True),
    Shot("practitioner-exercise-library", _nav("Exercises"), sizes=("desktop",)),
    Shot("practitioner-client-progress",
         _from_record(_region_link("Progress", "Full progress and every check-in")),
         full_page=True),
    Shot("client-today", _goto("/")),
    Shot("client-check-in", _nav("Check-in"), full_page=True),
    Shot("client-history", _nav("History")),
    Shot("client-program", _nav("My program"), sizes=("phone",)),
    Shot("admin-accounts", _nav("Accounts"), sizes=("desktop",)),
    Shot("admin-exports", _nav("Exports"), sizes=("desktop",)),
    Shot("admin-audit-log", _nav("Audit log"), sizes=("desktop",)),
]

SIGN_IN_AS = {"practitioner": ("practitioner", PRACTITIONER), "client": ("client", CLIENT),
              "admin": ("admin", None)}


def take(shot: Shot, size: str, browser, server: LiveServer, out_dir: Path) -> Path:
    guard = BrowserGuard(server.host)
    context = guard.watch(browser.new_context(base_url=server.url, viewport=SIZES[size],
                                              has_touch=size == "phone"))
    try:
        page = context.new_page()
        if shot.role in SIGN_IN_AS:
            account = server.account(*SIGN_IN_AS[shot.role])
            sign_in_at(page, server.url, account.email, DEMO_PASSWORD)
        shot.open(page, server)
        page.wait_for_load_state("networkidle")
        path = out_dir / f"{shot.name}-{size}.png"
        if shot.element:
            page.locator(shot.element).first.screenshot(path=path, animations="disabled")
        else:
            page.screenshot(path=path, full_page=shot.full_page and size == "desktop",
                            animations="disabled")
        guard.check()
        return path
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="take only the shots whose name contains this")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where the PNGs go")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Screenshots need Chromium at {CHROMIUM} (apt-get install chromium).",
              file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [shot for shot in SHOTS if not args.only or args.only in shot.name]
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        server = start_live_server(Path(scratch) / "practice.sqlite3")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for shot in shots:
                for size in shot.sizes:
                    path = take(shot, size, browser, server, args.out)
                    print(f"{path}  {path.stat().st_size // 1024} KB")
        finally:
            browser.close()
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
