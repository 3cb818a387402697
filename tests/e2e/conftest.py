"""Browser journeys: a live server with the demo practice, and a guarded Chromium.

Each test module gets its own server and its own copy of the demo practice, seeded once per
run (module scope keeps the suite quick); each test gets fresh browser contexts. A test
fails when its browser asks any host but the app's, logs a console error (a CSP violation,
a failed asset) or throws.
"""
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, BrowserGuard
from tests.e2e.live_server import DEMO_PASSWORD, seed_database, start_live_server

#: A local server answers in milliseconds: waiting longer only hides a broken page.
ACTION_TIMEOUT_MS = 10_000
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser journeys need Chromium at {CHROMIUM} "
                                   "(apt-get install chromium)")
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    from tests.e2e.accessibility import seen_known

    if not seen_known:
        return
    terminalreporter.section("known accessibility violations (reported, waiting for a fix)")
    for note in sorted({note for note, _path in seen_known}):
        pages = sorted({path for known, path in seen_known if known == note})
        terminalreporter.write_line(f"{note}\n    seen on: {', '.join(pages)}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory):
    """The demo practice, seeded once; each module's server gets its own copy."""
    return seed_database(tmp_path_factory.mktemp("e2e-seed") / "practice.sqlite3")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, seeded_database):
    server = start_live_server(tmp_path_factory.mktemp("e2e") / "practice.sqlite3",
                               seeded=seeded_database)
    yield server
    server.stop()


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture
def guard(live_server):
    """Fails the test, after its browser closed, on foreign requests or console errors."""
    watcher = BrowserGuard(live_server.host)
    yield watcher
    watcher.check()


@pytest.fixture
def open_context(guard, new_context, live_server):
    """Open another guarded browser context (a second person, a phone): ``open_context()``."""

    def _open(**kwargs):
        context = new_context(**{"base_url": live_server.url, "viewport": DESKTOP, **kwargs})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        return guard.watch(context)

    return _open


@pytest.fixture
def context(open_context):
    return open_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone_page(open_context):
    """A phone-sized touch screen (390 x 844).

    Not ``is_mobile``: mobile emulation zooms out to fit a page that is too wide, which
    would hide exactly the sideways scrolling the journeys look for.
    """
    return open_context(viewport=PHONE, has_touch=True).new_page()
