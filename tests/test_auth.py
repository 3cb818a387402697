"""Signing in and out, passwords, invitation and reset links."""
import re
import time
from email import message_from_bytes
from email.policy import default

import pytest

from practice.auth.models import Role, User
from practice.auth.operations import invite_user
from practice.auth.routes import safe_next_url
from practice.auth.tokens import TokenError, TokenPurpose, load_token, make_token
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.mail import MailStatus, OutboxMessage
from tests.factories.accounts import make_user
from tests.html import parse, text_of


def actions():
    return [event.action for event in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_login_and_logout(client, auth, practitioner):
    response = auth.login(practitioner.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302
    assert actions() == ["auth.login", "auth.logout"]


def test_email_is_case_insensitive(client, auth, practitioner):
    assert auth.login("  PAT@Example.COM ").status_code == 302


@pytest.mark.parametrize(("email", "password"), [
    ("pat@example.com", "wrong password"),
    ("nobody@example.com", "correct horse battery"),
])
def test_wrong_credentials_get_one_generic_message(client, auth, practitioner, email, password):
    response = auth.login(email, password)
    assert response.status_code == 200
    assert b"Invalid email or password." in response.data
    assert client.get("/").status_code == 302
    assert actions() == ["auth.login_failed"]


def test_inactive_user_cannot_login(client, auth, db):
    user = make_user(Role.PRACTITIONER, email="gone@example.com", enabled=False)
    response = auth.login(user.email)
    assert b"Invalid email or password." in response.data
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_open_session(client, auth, practitioner):
    auth.login_as(practitioner)
    practitioner.is_enabled = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_login_starts_a_fresh_session(client, auth, practitioner):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login_as(practitioner)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_logout_needs_post(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("target", "expected"), [
    ("/clients?page=2", "/clients?page=2"),
    ("https://evil.example.com/", None),
    ("//evil.example.com/", None),
    ("/\\evil.example.com", None),
    ("javascript:alert(1)", None),
    ("", None),
])
def test_next_only_to_same_site_paths(target, expected):
    assert safe_next_url(target) == expected


def test_login_follows_safe_next_and_ignores_unsafe(client, auth, practitioner):
    response = client.post("/auth/login?next=/auth/password",
                           data={"email": practitioner.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/auth/password"
    auth.logout()
    response = client.post("/auth/login?next=https://evil.example.com/",
                           data={"email": practitioner.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/"


def test_change_password(client, auth, practitioner):
    auth.login_as(practitioner)
    form = {"current_password": "wrong one", "new_password": "a new long password",
            "confirm_password": "a new long password"}
    response = client.post("/auth/password", data=form)
    assert b"The current password is not correct." in response.data
    form["current_password"] = "correct horse battery"
    assert client.post("/auth/password", data=form).status_code == 302
    auth.logout()
    assert auth.login(practitioner.email).status_code == 200  # old password refused
    assert auth.login(practitioner.email, "a new long password").status_code == 302
    assert "auth.password_change" in actions()


def test_change_password_validates_the_new_one(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/auth/password", data={
        "current_password": "correct horse battery", "new_password": "short",
        "confirm_password": "different"})
    assert b"Use between 10 and 128 characters." in response.data
    assert b"The passwords differ." in response.data


def test_invitation_link_sets_password_once(app, client, auth, admin_user):
    with app.test_request_context():
        user, link, emailed = invite_user("new@example.com", "New Person", Role.PRACTITIONER)
        db.session.commit()
    assert emailed is False
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    form = {"new_password": "my chosen password", "confirm_password": "my chosen password"}
    assert client.post(path, data=form).status_code == 302
    assert client.get("/").status_code == 200  # signed in
    auth.logout()
    response = client.get(path)
    assert response.status_code == 400
    assert b"already been used" in response.data
    assert auth.login("new@example.com", "my chosen password").status_code == 302
    assert {"auth.invite", "auth.invitation_accepted"} <= set(actions())


def test_token_expiry_and_tampering(app, practitioner, monkeypatch):
    with app.test_request_context():
        token = make_token(practitioner, TokenPurpose.PASSWORD_RESET)
        assert load_token(token, TokenPurpose.PASSWORD_RESET).id == practitioner.id
        with pytest.raises(TokenError, match="not valid"):
            load_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                       TokenPurpose.PASSWORD_RESET)
        with pytest.raises(TokenError, match="not valid"):
            load_token(token, TokenPurpose.INVITATION)  # signed for another purpose
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
        with pytest.raises(TokenError, match="expired"):
            load_token(token, TokenPurpose.PASSWORD_RESET)


def test_invitation_lives_72_hours(app, practitioner, monkeypatch):
    with app.test_request_context():
        token = make_token(practitioner, TokenPurpose.INVITATION)
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() + 71 * 3600)
        assert load_token(token, TokenPurpose.INVITATION)
        monkeypatch.setattr(time, "time", lambda: real_time() + 73 * 3600)
        with pytest.raises(TokenError, match="expired"):
            load_token(token, TokenPurpose.INVITATION)


def test_reset_request_does_not_reveal_accounts(client, practitioner):
    known = client.post("/auth/reset", data={"email": practitioner.email}, follow_redirects=True)
    unknown = client.post("/auth/reset", data={"email": "nobody@example.com"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert b"If this address belongs to an account" in known.data
    assert b"If this address belongs to an account" in unknown.data


def test_reset_link_changes_password_and_is_single_use(app, client, auth, practitioner):
    with app.test_request_context():
        token = make_token(practitioner, TokenPurpose.PASSWORD_RESET)
    form = {"new_password": "fresh new password", "confirm_password": "fresh new password"}
    assert client.post(f"/auth/reset/{token}", data=form).status_code == 302
    assert client.post(f"/auth/reset/{token}", data=form).status_code == 400
    auth.logout()
    assert auth.login(practitioner.email, "fresh new password").status_code == 302
    assert "auth.password_reset" in actions()


def test_passwords_are_stored_hashed(practitioner):
    stored = db.session.get(User, practitioner.id).password_hash
    assert stored.startswith("$argon2id$")
    assert "correct horse battery" not in stored


def test_login_is_rate_limited(app, client, practitioner):
    from practice.core.extensions import limiter

    limiter.reset()
    app.config["LOGIN_RATE_LIMIT"] = "10 per minute"
    try:
        codes = [client.post("/auth/login", data={"email": "x@example.com", "password": "nope"}
                             ).status_code for _ in range(11)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert codes[:10] == [200] * 10
    assert codes[10] == 429


def test_a_deep_link_asks_to_sign_in_and_comes_back(client, practitioner):
    response = client.get("/auth/password")
    assert response.headers["Location"] == "/auth/login?next=/auth/password"
    page = client.get(response.headers["Location"])
    assert b"Please sign in to continue." in page.data


def test_a_reset_link_is_emailed_after_the_commit(app, client, practitioner, monkeypatch,
                                                  tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    client.post("/auth/reset", data={"email": practitioner.email})
    (sent,) = tmp_path.iterdir()
    email = message_from_bytes(sent.read_bytes(), policy=default)
    assert email["To"] == practitioner.email
    link = re.search(r"http://localhost(/auth/reset/\S+)", email.get_content()).group(1)
    message = db.session.scalars(db.select(OutboxMessage)).one()
    assert (message.status, message.body) == (MailStatus.SENT, None)  # the link is not kept
    form = {"new_password": "fresh new password", "confirm_password": "fresh new password"}
    assert client.post(link, data=form).status_code == 302


def test_nothing_is_mailed_for_an_invitation_that_was_refused(app, client, auth, admin_user,
                                                              practitioner, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    auth.login_as(admin_user)
    page = client.post("/admin/accounts/invite", data={"display_name": "Twin",
                                                       "email": practitioner.email,
                                                       "role": "practitioner"})
    assert "An account with this email already exists." in text_of(page)
    assert list(tmp_path.iterdir()) == []
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    assert "auth.invite" not in actions()


def test_an_invitation_is_emailed_and_the_page_says_so(app, client, auth, admin_user, monkeypatch,
                                                       tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    auth.login_as(admin_user)
    page = client.post("/admin/accounts/invite", data={"display_name": "Nia New",
                                                       "email": "nia@example.com",
                                                       "role": "practitioner"})
    link = parse(page).select_one("#invitation-link")["value"]
    assert "We emailed this link to nia@example.com" in text_of(page)
    (sent,) = tmp_path.iterdir()
    assert link in message_from_bytes(sent.read_bytes(), policy=default).get_content()
    (event,) = [e for e in db.session.scalars(db.select(AuditEvent)) if e.action == "auth.invite"]
    assert event.detail_dict["emailed"] is True
