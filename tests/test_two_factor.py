"""Two-factor sign-in with time-based codes, recovery codes, and its limits."""
import json
import re
import threading
import time

import pyotp
import pytest
from sqlalchemy import select, text

from config import Config, ProductionConfig
from practice.auth import two_factor
from practice.auth.models import RecoveryCode, Role, User
from practice.auth.tokens import TokenPurpose, make_token
from practice.core.audit import AuditEvent
from practice.core.extensions import db, limiter
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_user
from tests.html import parse, text_of

#: The limit of production: five wrong codes (or passwords) per account in 15 minutes.
ACCOUNT_LIMIT = "5 per 15 minutes"


@pytest.fixture(autouse=True)
def _account_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_RATE_LIMIT", ACCOUNT_LIMIT)
    limiter.reset()
    yield
    limiter.reset()


def _enable_with_codes(client, auth, user) -> tuple[str, list[str]]:
    auth.login_as(user)
    page = parse(client.get("/auth/two-factor"))
    assert page.select_one("figure svg") is not None  # the QR code
    secret = page.select_one("p.font-monospace").get_text(strip=True)
    assert re.fullmatch("[A-Z2-7]+", secret)
    assert client.post("/auth/two-factor", data={"code": "000000"}).status_code == 200
    response = client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200  # the page that shows the recovery codes, once
    codes = [item.get_text(strip=True) for item in parse(response).select("#recovery-codes li")]
    auth.logout()
    return secret, codes


def _enable(client, auth, user) -> str:
    return _enable_with_codes(client, auth, user)[0]


def _next_code(secret: str) -> str:
    """The code for the next 30-second step: accepted as clock drift, not yet used."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_sign_in_needs_the_code_once_enabled(client, auth, practitioner):
    secret = _enable(client, auth, practitioner)
    response = auth.login(practitioner.email)
    assert response.headers["Location"] == "/auth/two-factor/code"
    assert client.get("/").status_code == 302  # not signed in yet
    wrong = client.post("/auth/two-factor/code", data={"code": "123456"})
    assert b"That code does not match" in wrong.data
    code = _next_code(secret)  # one step of clock drift is accepted
    assert client.post("/auth/two-factor/code", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"auth.two_factor_enabled", "auth.two_factor_failed", "auth.login"} <= set(actions)


def test_a_code_cannot_be_replayed(client, auth, practitioner):
    secret = _enable(client, auth, practitioner)
    code = _next_code(secret)
    auth.login(practitioner.email)
    assert client.post("/auth/two-factor/code", data={"code": code}).status_code == 302
    auth.logout()
    auth.login(practitioner.email)
    response = client.post("/auth/two-factor/code", data={"code": code})
    assert b"That code does not match" in response.data


def test_code_step_without_password_goes_back_to_login(client):
    response = client.post("/auth/two-factor/code", data={"code": "123456"})
    assert response.headers["Location"] == "/auth/login"


def test_too_many_wrong_codes_end_the_attempt(client, auth, practitioner):
    _enable(client, auth, practitioner)
    auth.login(practitioner.email)
    for _ in range(4):
        client.post("/auth/two-factor/code", data={"code": "000000"})
    response = client.post("/auth/two-factor/code", data={"code": "000000"})
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/auth/two-factor/code").headers["Location"] == "/auth/login"


def test_turning_it_off_needs_password_and_code(client, auth, practitioner, monkeypatch):
    secret = _enable(client, auth, practitioner)
    auth.login(practitioner.email)
    client.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    bad = client.post("/auth/two-factor", data={"password": "wrong", "code": "000000"})
    assert b"The password is not correct." in bad.data
    later = time.time() + 90
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/auth/two-factor", data={"password": "correct horse battery",
                                                      "code": pyotp.TOTP(secret).at(later)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, practitioner.id).totp_secret is None


def test_reset_from_the_command_line(app, client, auth, practitioner):
    _enable(client, auth, practitioner)
    db.session.expire_all()  # the command runs in this test's session; drop stale rows
    result = app.test_cli_runner().invoke(args=["reset-two-factor", "--email", practitioner.email])
    assert result.exit_code == 0, result.output
    assert auth.login(practitioner.email).headers["Location"] == "/"


def test_an_admin_turns_it_off_for_a_lost_phone(client, auth, practitioner, admin_user):
    _enable(client, auth, practitioner)
    auth.login_as(admin_user)
    page = client.get(f"/admin/accounts/{practitioner.id}").get_data(as_text=True)
    assert "Turn off two-factor sign-in" in page
    assert client.post(f"/admin/accounts/{practitioner.id}/two-factor/reset").status_code == 302
    auth.logout()
    assert auth.login(practitioner.email).headers["Location"] == "/"
    event = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "auth.two_factor_reset")).one()
    assert event.actor_id == admin_user.id


# --- Attempts are counted on the server -------------------------------------------------------

def test_wrong_codes_are_counted_on_the_server_not_in_the_cookie(app, client, auth,
                                                                 practitioner):
    secret = _enable(client, auth, practitioner)
    auth.login(practitioner.email)
    pending = client.get_cookie("session").value
    for _ in range(5):
        response = client.post("/auth/two-factor/code", data={"code": "000000"})
    assert response.headers["Location"] == "/auth/login"
    client.set_cookie("session", pending)  # the cookie from before the five wrong codes
    response = client.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302
    other = app.test_client()  # a second sign-in in parallel gets no fresh tries either
    other.post("/auth/login", data={"email": practitioner.email, "password": TEST_PASSWORD})
    response = other.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    assert response.headers["Location"] == "/auth/login"
    assert other.get("/").status_code == 302
    page = client.get("/auth/login")
    assert "Too many wrong codes" in text_of(page)


def test_the_pending_sign_in_cookie_holds_no_secret(app, client, auth, practitioner):
    secret = _enable(client, auth, practitioner)
    auth.login(practitioner.email)
    cookie = client.get_cookie("session").value
    contents = json.dumps(app.session_interface.get_signing_serializer(app).loads(cookie))
    db.session.expire_all()
    user = db.session.get(User, practitioner.id)
    assert user.security_stamp not in contents
    assert secret not in contents


def test_a_code_is_burnt_by_one_conditional_update(app, practitioner):
    """Two sign-ins read the user before either saves: only one may use the code."""
    secret = two_factor.new_secret()
    practitioner.totp_secret = secret
    db.session.commit()
    code = pyotp.TOTP(secret).now()
    step = pyotp.TOTP(secret).timecode(time.time())
    stale = db.session.get(User, practitioner.id)  # read before the other request saved
    db.session.execute(text("UPDATE users SET totp_last_step = :step WHERE id = :id"),
                       {"step": step, "id": practitioner.id})  # the other request's update
    assert stale.totp_last_step is None
    assert two_factor.verify_user_code(stale, code) is False


@pytest.mark.real_commits
def test_one_code_signs_in_once_under_parallel_requests(app, monkeypatch):
    user = make_user(Role.PRACTITIONER, email="para@example.com")
    secret = two_factor.new_secret()
    user.totp_secret = secret
    db.session.commit()
    clients = [app.test_client() for _ in range(2)]
    for browser in clients:
        browser.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    code = _next_code(secret)
    both_checked = threading.Barrier(2, timeout=10)
    real_matching_step = two_factor.matching_step

    def matching_step_then_wait(*args):
        step = real_matching_step(*args)
        both_checked.wait()  # both requests found the code unused before either saves
        return step

    monkeypatch.setattr(two_factor, "matching_step", matching_step_then_wait)
    results = {}

    def submit(index):
        response = clients[index].post("/auth/two-factor/code", data={"code": code})
        results[index] = response.status_code, response.headers.get("Location")

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    monkeypatch.setattr(two_factor, "matching_step", real_matching_step)
    signed_in = [browser.get("/").status_code == 200 for browser in clients]
    assert sorted(signed_in) == [False, True], results


# --- Recovery codes ---------------------------------------------------------------------------

def test_ten_recovery_codes_are_shown_once_and_stored_hashed(client, auth, practitioner):
    _secret, codes = _enable_with_codes(client, auth, practitioner)
    assert len(codes) == len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.user_id == practitioner.id)).all()
    assert len(stored) == 10
    assert all(value.startswith("$argon2id$") for value in stored)
    assert not {code for code in codes if any(code in value for value in stored)}
    auth.login(practitioner.email)
    client.post("/auth/two-factor/code", data={"code": codes[0]})
    page = client.get("/auth/two-factor").get_data(as_text=True)
    assert not [code for code in codes if code in page]  # never shown again


def test_a_recovery_code_signs_in_once(client, auth, practitioner):
    _secret, codes = _enable_with_codes(client, auth, practitioner)
    auth.login(practitioner.email)
    response = client.post("/auth/two-factor/code", data={"code": codes[3].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert "9 recovery codes left" in text_of(client.get("/auth/two-factor"))
    auth.logout()
    auth.login(practitioner.email)
    response = client.post("/auth/two-factor/code", data={"code": codes[3]})
    assert "That code does not match" in text_of(response)
    assert client.get("/").status_code == 302
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "auth.recovery_code_used" in actions


def test_new_recovery_codes_replace_the_old_ones(client, auth, practitioner):
    secret, old_codes = _enable_with_codes(client, auth, practitioner)
    auth.login(practitioner.email)
    client.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    wrong = client.post("/auth/two-factor/recovery-codes", data={"password": "wrong"})
    assert "The password is not correct." in text_of(wrong)
    response = client.post("/auth/two-factor/recovery-codes", data={"password": TEST_PASSWORD})
    new_codes = [item.get_text(strip=True) for item in parse(response).select("#recovery-codes li")]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    auth.logout()
    auth.login(practitioner.email)
    assert "does not match" in text_of(client.post("/auth/two-factor/code",
                                                   data={"code": old_codes[0]}))
    assert client.post("/auth/two-factor/code",
                       data={"code": new_codes[0]}).status_code == 302
    assert "auth.recovery_codes_renewed" in db.session.scalars(select(AuditEvent.action)).all()


def test_turning_it_off_removes_the_recovery_codes(client, auth, practitioner, monkeypatch):
    secret, _codes = _enable_with_codes(client, auth, practitioner)
    auth.login(practitioner.email)
    client.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    later = time.time() + 90
    monkeypatch.setattr(time, "time", lambda: later)
    client.post("/auth/two-factor", data={"password": TEST_PASSWORD,
                                          "code": pyotp.TOTP(secret).at(later)})
    assert db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == practitioner.id)).all() == []


# --- Password checks behind two-factor --------------------------------------------------------

def test_wrong_passwords_to_turn_it_off_are_limited_and_audited(client, auth, practitioner,
                                                                monkeypatch):
    secret = _enable(client, auth, practitioner)
    auth.login(practitioner.email)
    client.post("/auth/two-factor/code", data={"code": _next_code(secret)})
    for _ in range(5):
        page = client.post("/auth/two-factor", data={"password": "wrong", "code": "000000"})
        assert "The password is not correct." in text_of(page)
    later = time.time() + 90
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/auth/two-factor", data={"password": TEST_PASSWORD,
                                                      "code": pyotp.TOTP(secret).at(later)},
                           follow_redirects=True)
    assert response.status_code == 429
    assert "Too many wrong passwords" in text_of(response)
    db.session.expire_all()
    assert db.session.get(User, practitioner.id).totp_secret == secret
    failures = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "auth.password_check_failed")).all()
    assert len(failures) == 5
    assert {json.loads(event.detail)["purpose"] for event in failures} == {"two_factor_off"}


# --- Links and admins -------------------------------------------------------------------------

def test_a_reset_link_does_not_skip_the_code(app, client, auth, practitioner):
    secret = _enable(client, auth, practitioner)
    db.session.expire_all()
    with app.test_request_context():
        token = make_token(db.session.get(User, practitioner.id), TokenPurpose.PASSWORD_RESET)
    form = {"new_password": "fresh new password", "confirm_password": "fresh new password"}
    response = client.post(f"/auth/reset/{token}", data=form)
    assert response.headers["Location"] == "/auth/two-factor/code"
    assert client.get("/").status_code == 302  # the password is set; not signed in yet
    assert client.post("/auth/two-factor/code",
                       data={"code": _next_code(secret)}).status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert auth.login(practitioner.email, "fresh new password").headers["Location"] == \
        "/auth/two-factor/code"


def test_admins_must_enrol_before_using_admin_pages_in_production(app, client, auth,
                                                                  admin_user, practitioner,
                                                                  monkeypatch):
    assert ProductionConfig.ADMIN_TWO_FACTOR_REQUIRED is True
    assert Config.ADMIN_TWO_FACTOR_REQUIRED is False  # the demo practice stays simple
    monkeypatch.setitem(app.config, "ADMIN_TWO_FACTOR_REQUIRED", True)
    auth.login_as(admin_user)
    response = client.get("/admin/accounts")
    assert response.headers["Location"] == "/auth/two-factor"
    page = client.get("/auth/two-factor")
    assert page.status_code == 200
    assert "Admins need two-factor sign-in" in text_of(page)
    secret = parse(page).select_one("p.font-monospace").get_text(strip=True)
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/admin/accounts").status_code == 200
    auth.logout()
    auth.login_as(practitioner)  # other roles are not asked
    assert client.get("/clients/").status_code == 200
