"""Server-side sessions: the cookie names a row, the row decides; sign-out, password and
two-factor changes, deactivation and an admin end rows; idle and absolute limits; the page of
signed-in devices; the warning before the idle timeout."""
import json
import re
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select, text, update

from practice.auth.models import SessionEnd, UserSession
from practice.auth.sessions import counts_as_activity
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.kept_forms import KeptForm
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_client
from tests.html import links, parse, text_of

FIREFOX_ON_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 "
                      "Firefox/128.0")
SAFARI_ON_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
STATIC = Path(__file__).resolve().parent.parent / "practice" / "static"


def cookie_contents(app, client) -> dict:
    """What the signed session cookie carries (signed, not encrypted: anyone holding it can
    read it)."""
    cookie = client.get_cookie("session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def sessions_of(user) -> list[UserSession]:
    db.session.expire_all()
    return db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                              .order_by(UserSession.created_at)).all()


def the_session(app, client) -> UserSession:
    db.session.expire_all()
    return db.session.get(UserSession, cookie_contents(app, client)["_user_id"])


def second_browser(app, auth_user, **headers):
    other = app.test_client()
    response = other.post("/auth/login", data={"email": auth_user.email,
                                                 "password": TEST_PASSWORD}, headers=headers)
    assert response.status_code == 302
    return other


def age(row: UserSession, *, idle: timedelta = timedelta(0), since_start: timedelta | None = None):
    """Make ``row`` look as if it was last used ``idle`` ago (and began ``since_start`` ago)."""
    values = {"last_seen_at": now_utc() - idle}
    if since_start is not None:
        values["created_at"] = now_utc() - since_start
    db.session.execute(update(UserSession).where(UserSession.id == row.id).values(**values))
    db.session.commit()


# --- The cookie -------------------------------------------------------------------------------

def test_the_cookie_names_only_the_server_side_session(app, client, auth, practitioner):
    auth.login(practitioner.email, headers={"User-Agent": FIREFOX_ON_WINDOWS})
    contents = cookie_contents(app, client)
    assert set(contents) <= {"_user_id", "_fresh", "_id", "_permanent", "csrf_token"}
    row = db.session.get(UserSession, contents["_user_id"])
    assert row.user_id == practitioner.id
    assert len(row.id) >= 40  # random, not guessable
    assert (row.ip, row.user_agent) == ("127.0.0.1", "Firefox on Windows")
    assert row.ended_at is None
    assert practitioner.security_stamp not in json.dumps(contents)
    assert str(practitioner.id) != contents["_user_id"]


def test_a_forged_or_unknown_session_id_opens_nothing(app, client, practitioner):
    with client.session_transaction() as session:
        session["_user_id"] = str(practitioner.id)
        session["_fresh"] = True
    assert client.get("/").status_code == 302


# --- Ending sessions --------------------------------------------------------------------------

def test_a_cookie_saved_before_sign_out_opens_nothing_after(app, client, auth, practitioner):
    record = make_client(practitioner)
    auth.login_as(practitioner)
    saved = client.get_cookie("session").value
    assert client.get(f"/clients/{record.id}").status_code == 200
    auth.logout()
    client.set_cookie("session", saved)
    response = client.get(f"/clients/{record.id}")
    assert response.status_code == 302
    assert "/auth/login" in response.location
    (row,) = sessions_of(practitioner)
    assert row.ended_reason is SessionEnd.SIGNED_OUT
    assert row.ended_at is not None


def test_changing_the_password_ends_the_other_sessions_not_this_one(app, client, auth,
                                                                    practitioner):
    auth.login_as(practitioner)
    other = second_browser(app, practitioner)
    form = {"current_password": TEST_PASSWORD, "new_password": "a new long password",
            "confirm_password": "a new long password"}
    assert client.post("/auth/password", data=form).status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    reasons = [row.ended_reason for row in sessions_of(practitioner)]
    assert SessionEnd.PASSWORD_CHANGED in reasons
    assert reasons.count(None) == 1  # only this browser's session is open


def _turn_on_two_factor(client) -> str:
    page = parse(client.get("/auth/two-factor"))
    secret = page.select_one("p.font-monospace").get_text(strip=True)
    response = client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert "Two-factor sign-in is on" in text_of(response)
    return secret


def test_turning_two_factor_on_signs_out_the_other_sessions(app, client, auth, practitioner):
    auth.login_as(practitioner)
    other = second_browser(app, practitioner)
    _turn_on_two_factor(client)
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert SessionEnd.TWO_FACTOR_ON in [row.ended_reason for row in sessions_of(practitioner)]


def test_turning_two_factor_off_signs_out_the_other_sessions(app, client, auth, practitioner,
                                                             monkeypatch):
    import time

    auth.login_as(practitioner)
    secret = _turn_on_two_factor(client)
    other = app.test_client()
    other.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD})
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert other.post("/auth/two-factor/code",
                      data={"code": pyotp.TOTP(secret).at(later)}).status_code == 302
    assert other.get("/").status_code == 200
    later += 60
    response = client.post("/auth/two-factor", data={"password": TEST_PASSWORD,
                                                      "code": pyotp.TOTP(secret).at(later)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert SessionEnd.TWO_FACTOR_OFF in [row.ended_reason for row in sessions_of(practitioner)]


def test_deactivation_ends_the_sessions_on_the_server(app, client, auth, practitioner,
                                                      admin_user):
    auth.login_as(practitioner)
    saved = client.get_cookie("session").value
    admin = second_browser(app, admin_user)
    assert admin.post(f"/admin/accounts/{practitioner.id}/deactivate").status_code == 302
    assert [row.ended_reason for row in sessions_of(practitioner)] == [SessionEnd.DEACTIVATED]
    assert admin.post(f"/admin/accounts/{practitioner.id}/reactivate").status_code == 302
    client.set_cookie("session", saved)
    assert client.get("/").status_code == 302  # reactivating does not revive old sessions


def test_an_admin_signs_someone_out_everywhere(app, client, auth, practitioner, admin_user):
    auth.login_as(practitioner)
    other = second_browser(app, practitioner)
    admin = second_browser(app, admin_user)
    page = admin.get(f"/admin/accounts/{practitioner.id}")
    assert "2 signed-in sessions" in text_of(page)
    assert "Sign out everywhere" in [button.get_text(strip=True)
                                     for button in parse(page).select("form button")]
    response = admin.post(f"/admin/accounts/{practitioner.id}/sign-out-everywhere",
                          follow_redirects=True)
    assert "Pat Practitioner is signed out everywhere" in text_of(response)
    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 302
    assert admin.get("/admin/accounts").status_code == 200  # the admin's own session stays
    assert {row.ended_reason for row in sessions_of(practitioner)} == {SessionEnd.ENDED_BY_ADMIN}
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "auth.sessions_ended")).one()
    assert (event.actor_id, event.target_id) == (admin_user.id, practitioner.id)
    assert json.loads(event.detail)["count"] == 2


# --- Idle timeout and absolute lifetime -------------------------------------------------------

def test_thirty_idle_minutes_end_the_session(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=29))
    assert client.get("/").status_code == 200
    age(row, idle=timedelta(minutes=31))
    response = client.get("/clients/")
    assert response.status_code == 302
    page = client.get(response.location)
    assert "signed out after 30 minutes without activity" in text_of(page)
    (row,) = sessions_of(practitioner)
    assert row.ended_reason is SessionEnd.IDLE


def test_the_idle_timeout_is_configurable(app, client, auth, practitioner, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT_MINUTES", 10)
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=9))
    assert client.get("/").status_code == 200
    age(row, idle=timedelta(minutes=11))
    assert client.get("/").status_code == 302


def test_no_session_outlives_twelve_hours_however_busy(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=1), since_start=timedelta(hours=11, minutes=58))
    assert client.get("/").status_code == 200
    age(row, idle=timedelta(minutes=1), since_start=timedelta(hours=12, minutes=1))
    assert client.get("/").status_code == 302
    (row,) = sessions_of(practitioner)
    assert row.ended_reason is SessionEnd.EXPIRED


def test_last_use_is_written_at_most_once_a_minute(app, client, auth, practitioner,
                                                   count_queries):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(seconds=20))
    seen = the_session(app, client).last_seen_at
    with count_queries() as statements:
        assert client.get("/").status_code == 200
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE user_sessions".upper())]
    assert the_session(app, client).last_seen_at == seen
    age(row, idle=timedelta(minutes=2))
    client.get("/")
    assert now_utc() - the_session(app, client).last_seen_at < timedelta(seconds=5)


def test_autosaves_and_status_checks_are_not_activity(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=5))
    before = the_session(app, client).last_seen_at
    assert client.get("/", headers={"X-Autosave": "1"}).status_code == 200
    status = client.get("/auth/session/status")
    assert status.status_code == 200
    assert 24 * 60 < status.json["seconds_left"] <= 25 * 60
    assert the_session(app, client).last_seen_at == before
    assert client.get("/").status_code == 200  # a page someone opened is activity
    assert the_session(app, client).last_seen_at > before


def test_which_requests_count_as_activity():
    assert counts_as_activity("POST", "clients.edit", {})
    assert counts_as_activity("GET", "home.index", {})
    assert not counts_as_activity("POST", "treatments.autosave", {})
    assert not counts_as_activity("POST", "intakes.draft.autosave", {})
    assert not counts_as_activity("POST", "treatments.autosave_session", {})
    assert counts_as_activity("POST", "treatments.edit_session", {})
    assert not counts_as_activity("POST", "clients.edit", {"X-Autosave": "1"})
    assert not counts_as_activity("GET", "auth.session_status", {})


def test_staying_signed_in_renews_the_idle_time(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=28, seconds=30))
    response = client.post("/auth/session/keep-alive")
    assert response.status_code == 200
    assert response.json["seconds_left"] > 29 * 60
    assert response.json["can_stay"] is True
    age(row, idle=timedelta(minutes=2))  # the next minute's pages count from here
    assert client.get("/").status_code == 200


def test_staying_signed_in_cannot_pass_the_twelve_hours(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    age(row, idle=timedelta(minutes=1), since_start=timedelta(hours=11, minutes=59))
    response = client.post("/auth/session/keep-alive")
    assert response.json["seconds_left"] <= 60
    assert response.json["can_stay"] is False


def test_keep_alive_needs_a_signed_in_session(client):
    assert client.post("/auth/session/keep-alive").status_code in (302, 401)


def test_pages_warn_before_the_idle_timeout_without_inline_script(app, client, auth,
                                                                  practitioner):
    anonymous = parse(client.get("/auth/login"))
    assert anonymous.select_one('meta[name="session-seconds-left"]') is None
    auth.login_as(practitioner)
    page = parse(client.get("/"))
    seconds = int(page.select_one('meta[name="session-seconds-left"]')["content"])
    assert 29 * 60 <= seconds <= 30 * 60
    assert page.select_one('meta[name="session-keep-alive"]')["content"] == \
        "/auth/session/keep-alive"
    assert page.select_one('meta[name="session-status"]')["content"] == "/auth/session/status"
    assert page.select_one('meta[name="csrf-token"]')["content"]
    scripts = page.find_all("script")
    assert all(script.get("src") for script in scripts)  # no inline script
    assert "/static/js/session_timeout.js" in [script["src"] for script in scripts]
    assert not page.find_all(style=True)
    source = (STATIC / "js" / "session_timeout.js").read_text()
    assert "You will be signed out in" in source
    assert "Stay signed in" in source
    assert "X-CSRFToken" in source


#: A stand-in for the browser: meta tags, a clock, timers, fetch and the banner's elements.
NODE_HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
let now = 0;
let timers = [];
const requests = [];
let answers = [];
function element(tag) {
  return {tag, children: [], hidden: false, textContent: "", className: "", type: "",
          attributes: {}, listeners: {},
          setAttribute(name, value) { this.attributes[name] = value; },
          getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; },
          appendChild(child) { this.children.push(child); return child; },
          addEventListener(type, listener) { this.listeners[type] = listener; }};
}
const metas = {"session-seconds-left": "1800", "session-can-stay": "true",
               "session-keep-alive": "/auth/session/keep-alive",
               "session-status": "/auth/session/status", "csrf-token": "tok"};
const document = {
  body: element("body"),
  createElement: element,
  querySelector(selector) {
    const match = /^meta\[name="([^"]+)"\]$/.exec(selector);
    return match && match[1] in metas ? {getAttribute: () => metas[match[1]],
                                        content: metas[match[1]]} : null;
  },
};
function fetch(url, options = {}) {
  requests.push({url, options});
  const answer = answers.shift();
  if (answer === "signed out") {
    return Promise.resolve({ok: false, status: 0, type: "opaqueredirect",
                            json: () => Promise.reject(new Error("not JSON"))});
  }
  return Promise.resolve({ok: true, status: 200, type: "basic", json: () => Promise.resolve(answer)});
}
const context = {
  document, fetch, console,
  Date: {now: () => now},
  setTimeout(callback, ms) { const timer = {at: now + ms, callback}; timers.push(timer); return timer; },
  clearTimeout(timer) { timers = timers.filter((t) => t !== timer); },
};
const settle = () => new Promise((resolve) => setImmediate(resolve));
async function advance(seconds) {
  const end = now + seconds * 1000;
  for (;;) {
    timers.sort((a, b) => a.at - b.at);
    if (!timers.length || timers[0].at > end) break;
    const timer = timers.shift();
    now = timer.at;
    timer.callback();
    await settle();
  }
  now = end;
}
function banner() {
  const box = document.body.children[0];
  if (!box || box.hidden) return "banner hidden";
  const [message, button] = box.children;
  return `banner: ${message.textContent}` + (button.hidden ? "" : ` [${button.textContent}]`);
}
function expect(condition, what) { if (!condition) { console.log("FAILED: " + what); process.exit(1); } }

(async () => {
  vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), context);
  await advance(1679);
  expect(requests.length === 0 && banner() === "banner hidden", "quiet until two minutes before");
  answers.push({seconds_left: 120, can_stay: true});
  await advance(1);
  expect(requests[0].url === "/auth/session/status", "asks the server first");
  console.log(banner());
  expect(document.body.children[0].getAttribute("role") === "alert", "announced");
  answers.push({seconds_left: 1800, can_stay: true});
  document.body.children[0].children[1].listeners.click();
  await settle();
  const post = requests[1];
  console.log(`posted: ${post.url} with token ${post.options.headers["X-CSRFToken"]}`);
  expect(post.options.method === "POST", "stays signed in with a POST");
  console.log(banner());
  answers.push({seconds_left: 900, can_stay: true});  // another tab was busy meanwhile
  await advance(1680);
  expect(banner() === "banner hidden", "no warning while another tab is in use");
  answers.push({seconds_left: 120, can_stay: true});
  await advance(780);
  expect(banner().startsWith("banner: You will be signed out in 2 minutes"), "warned again");
  await advance(61);
  expect(banner().startsWith("banner: You will be signed out in 1 minute"), "counts down");
  answers.push("signed out");
  await advance(60);
  console.log(banner());
})();
"""


def test_the_warning_script_shows_the_banner_and_stays_signed_in(tmp_path):
    """Runs the page's script under Node with a stand-in for the browser."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS)
    result = subprocess.run([node, str(harness), str(STATIC / "js" / "session_timeout.js")],  # noqa: S603
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "banner: You will be signed out in 2 minutes [Stay signed in]"
    assert lines[1] == "posted: /auth/session/keep-alive with token tok"
    assert lines[2] == "banner hidden"
    assert lines[3].startswith("banner: You have been signed out")
    assert "[Stay signed in]" not in lines[3]


def test_typing_is_kept_when_the_idle_timeout_ends_the_session(app, client, auth,
                                                               practitioner):
    record = make_client(practitioner, given_name="Hannah")
    auth.login_as(practitioner)
    page = parse(client.get(f"/clients/{record.id}/edit"))
    data = {field["name"]: field.get("value", "") for field in page.select("form input[name]")
            if field.get("type") != "submit"}
    owner = parse(client.get("/")).select_one('meta[name="form-owner"]')["content"]
    age(the_session(app, client), idle=timedelta(minutes=45))
    response = client.post(f"/clients/{record.id}/edit",
                           data={**data, "notes": "Warmth helped.", "form_owner": owner})
    assert response.status_code == 302
    assert "/auth/login" in response.location
    assert "kept" in response.location
    assert db.session.scalar(select(db.func.count(KeptForm.id))) == 1


# --- Signed-in devices ------------------------------------------------------------------------

def test_the_account_page_leads_to_signed_in_devices(client, auth, practitioner):
    auth.login_as(practitioner)
    assert "/auth/sessions" in links(client.get("/auth/password"))


def test_signed_in_devices_lists_each_session_and_ends_any(app, client, auth, practitioner):
    auth.login(practitioner.email, headers={"User-Agent": FIREFOX_ON_WINDOWS})
    phone = app.test_client()
    phone.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD},
               headers={"User-Agent": SAFARI_ON_IPHONE},
               environ_base={"REMOTE_ADDR": "198.51.100.23"})
    page = client.get("/auth/sessions", headers={"User-Agent": FIREFOX_ON_WINDOWS})
    rows = parse(page).select("#sessions tbody tr")
    assert len(rows) == 2
    listed = " | ".join(" ".join(row.get_text(" ").split()) for row in rows)
    assert "Firefox on Windows" in listed
    assert "127.0.0.1" in listed
    assert "Safari on iPhone" in listed
    assert "198.51.100.23" in listed
    assert "This device" in listed
    phone_row = next(row for row in rows if "Safari on iPhone" in row.get_text())
    session_id = phone_row.select_one('input[name="session_id"]')["value"]
    response = client.post("/auth/sessions/end", data={"session_id": session_id},
                           headers={"User-Agent": FIREFOX_ON_WINDOWS})
    assert response.status_code == 302
    assert phone.get("/", headers={"User-Agent": SAFARI_ON_IPHONE},
                     environ_base={"REMOTE_ADDR": "198.51.100.23"}).status_code == 302
    assert client.get("/", headers={"User-Agent": FIREFOX_ON_WINDOWS}).status_code == 200
    assert SessionEnd.ENDED_BY_USER in [row.ended_reason for row in sessions_of(practitioner)]
    assert db.session.scalars(select(AuditEvent.action)).all()[-1] == "auth.session_ended"


def test_signing_out_the_other_devices_keeps_this_one(app, client, auth, practitioner):
    auth.login_as(practitioner)
    others = [second_browser(app, practitioner) for _ in range(2)]
    response = client.post("/auth/sessions/end-others", follow_redirects=True)
    assert "Signed out 2 other sessions" in text_of(response)
    assert [other.get("/").status_code for other in others] == [302, 302]
    assert client.get("/").status_code == 200


def test_ending_this_device_signs_out(app, client, auth, practitioner):
    auth.login_as(practitioner)
    row = the_session(app, client)
    response = client.post("/auth/sessions/end", data={"session_id": row.id})
    assert "/auth/login" in response.location
    assert client.get("/").status_code == 302


def test_nobody_ends_someone_elses_session(app, client, auth, practitioner, other_practitioner):
    other = second_browser(app, other_practitioner)
    (theirs,) = sessions_of(other_practitioner)
    auth.login_as(practitioner)
    assert client.post("/auth/sessions/end", data={"session_id": theirs.id}).status_code == 404
    assert other.get("/").status_code == 200


def test_ended_and_idle_sessions_are_not_listed(app, client, auth, practitioner):
    auth.login_as(practitioner)
    idle = second_browser(app, practitioner)
    age(the_session(app, idle), idle=timedelta(hours=1))
    gone = second_browser(app, practitioner)
    gone.post("/auth/logout")
    rows = parse(client.get("/auth/sessions")).select("#sessions tbody tr")
    assert len(rows) == 1


# --- The two-factor setup secret --------------------------------------------------------------

def test_the_two_factor_setup_secret_stays_on_the_server(app, client, auth, practitioner):
    auth.login_as(practitioner)
    page = parse(client.get("/auth/two-factor"))
    secret = page.select_one("p.font-monospace").get_text(strip=True)
    assert re.fullmatch("[A-Z2-7]+", secret)
    assert secret not in json.dumps(cookie_contents(app, client))
    assert the_session(app, client).two_factor_setup_secret == secret
    again = parse(client.get("/auth/two-factor")).select_one("p.font-monospace")
    assert again.get_text(strip=True) == secret  # a reload shows the same QR code
    _raw = db.session.execute(text("SELECT two_factor_setup_secret FROM user_sessions")).scalars()
    assert secret in list(_raw)
