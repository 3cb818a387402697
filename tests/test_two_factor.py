"""Two-factor sign-in with time-based codes."""
import re
import time

import pyotp

from practice.auth.models import User
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from tests.html import parse


def _enable(client, auth, user) -> str:
    auth.login_as(user)
    page = parse(client.get("/auth/two-factor"))
    assert page.select_one("figure svg") is not None  # the QR code
    secret = page.select_one("p.font-monospace").get_text(strip=True)
    assert re.fullmatch("[A-Z2-7]+", secret)
    assert client.post("/auth/two-factor", data={"code": "000000"}).status_code == 200
    response = client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    auth.logout()
    return secret


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
