"""Signing in and out, passwords, invitation and reset links."""
import logging
import re
import socket
import threading
import time
from email import message_from_bytes
from email.policy import default

import pytest
from argon2 import extract_parameters
from argon2.exceptions import VerifyMismatchError

from practice.auth import passwords
from practice.auth.models import Role, User
from practice.auth.operations import invite_user
from practice.auth.routes import safe_next_url
from practice.auth.tokens import TokenError, TokenPurpose, load_token, make_token
from practice.core.audit import AuditEvent
from practice.core.extensions import db, limiter
from practice.core.mail import MailStatus, OutboxMessage
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_user
from tests.html import parse, text_of

#: The limits of production (TestConfig lifts them so the suite can sign in freely).
ACCOUNT_LIMIT = "5 per 15 minutes"


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


@pytest.mark.parametrize("hasher", [passwords._standard, passwords._fast])
def test_an_unknown_email_is_checked_against_a_hash_as_costly_as_a_real_one(hasher):
    dummy = passwords._DUMMY_HASHES[id(hasher)]
    assert extract_parameters(dummy) == extract_parameters(hasher.hash("a real one"))
    with pytest.raises(VerifyMismatchError):
        hasher.verify(dummy, "not-a-real-password")


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


def test_inactive_user_cannot_login_and_is_told_why_after_the_right_password(client, auth, db):
    user = make_user(Role.PRACTITIONER, email="gone@example.com", enabled=False)
    response = auth.login(user.email)
    assert "This account has been deactivated" in text_of(response)
    assert "Invalid email or password" not in text_of(response)
    assert client.get("/").status_code == 302
    wrong = auth.login(user.email, "not the password")
    assert "Invalid email or password." in text_of(wrong)  # no hint without the password
    assert "deactivated" not in text_of(wrong)


def test_a_client_whose_portal_access_was_revoked_is_told_so(client, auth, db):
    user = make_user(Role.CLIENT, email="former@example.com", enabled=False)
    assert "access to the portal has been turned off" in text_of(auth.login(user.email))


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
    db.session.expire_all()
    assert db.session.get(type(user), user.id).last_login_at is not None
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
    client.post("/auth/reset", data={"email": practitioner.email}).close()  # response sent
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
                                                       "role": "practitioner"},
                       follow_redirects=True)
    link = parse(page).select_one("#invitation-link")["value"]
    assert parse(page).select_one("button[data-copy-from=invitation-link]") is not None
    assert "We emailed this link to nia@example.com" in text_of(page)
    (sent,) = tmp_path.iterdir()
    assert link in message_from_bytes(sent.read_bytes(), policy=default).get_content()
    (event,) = [e for e in db.session.scalars(db.select(AuditEvent)) if e.action == "auth.invite"]
    assert event.detail_dict["emailed"] is True


# --- Limits that fit a clinic -----------------------------------------------------------------

@pytest.fixture
def clinic_limits(app, monkeypatch):
    """The default limits: per account (5 in 15 minutes) and per address (50 a minute)."""
    from config import Config

    monkeypatch.setitem(app.config, "ACCOUNT_RATE_LIMIT", Config.ACCOUNT_RATE_LIMIT)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", Config.LOGIN_RATE_LIMIT)
    limiter.reset()
    yield
    limiter.reset()


def _sign_in(client, email, password, address):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_clinic_limit_defaults():
    from config import Config

    assert Config.ACCOUNT_RATE_LIMIT == ACCOUNT_LIMIT
    assert Config.LOGIN_RATE_LIMIT.startswith("50 per minute")


def test_sign_in_is_limited_per_account_from_any_address(client, practitioner, clinic_limits):
    for number in range(5):
        response = _sign_in(client, "PAT@example.com", "wrong", f"203.0.113.{number}")
        assert response.status_code == 200
    limited = _sign_in(client, practitioner.email, TEST_PASSWORD, "198.51.100.9")
    assert limited.status_code == 429
    assert "Too many sign-in attempts for this email address" in text_of(limited)
    assert client.get("/").status_code == 302


def test_a_limited_answer_is_the_same_for_an_email_without_an_account(client, practitioner,
                                                                      clinic_limits):
    answers = []
    for email in (practitioner.email, "nobody@example.com"):
        for _ in range(5):
            _sign_in(client, email, "wrong", "203.0.113.5")
        limited = _sign_in(client, email, "wrong", "203.0.113.5")
        answers.append((limited.status_code,
                        text_of(limited).replace(email, "EMAIL"),
                        sorted(limited.headers.keys())))
    assert answers[0] == answers[1]


def test_others_keep_signing_in_from_the_same_office(client, practitioner, other_practitioner,
                                                     clinic_limits):
    office = "192.0.2.10"
    for _ in range(6):
        _sign_in(client, practitioner.email, "wrong", office)
    assert _sign_in(client, other_practitioner.email, TEST_PASSWORD, office).status_code == 302


def test_a_busy_morning_in_one_office_is_not_locked_out(client, clinic_limits):
    """Twenty people behind one address, each mistyping once: ten bad sign-ins a minute used to
    lock the whole practice out."""
    office = "192.0.2.20"
    staff = [make_user(Role.PRACTITIONER) for _ in range(20)]
    for person in staff:
        assert _sign_in(client, person.email, "typo", office).status_code == 200
        assert _sign_in(client, person.email, TEST_PASSWORD, office).status_code == 302
        client.post("/auth/logout")


def test_a_successful_sign_in_does_not_use_up_the_account_limit(client, practitioner,
                                                                clinic_limits):
    for _ in range(7):
        assert _sign_in(client, practitioner.email, TEST_PASSWORD, "192.0.2.30").status_code \
            == 302
        client.post("/auth/logout")


def test_current_password_checks_are_limited_and_audited(client, auth, practitioner,
                                                         clinic_limits):
    auth.login_as(practitioner)
    form = {"current_password": "guess", "new_password": "a new long password",
            "confirm_password": "a new long password"}
    for _ in range(5):
        assert "The current password is not correct." in text_of(
            client.post("/auth/password", data=form))
    form["current_password"] = TEST_PASSWORD
    response = client.post("/auth/password", data=form, follow_redirects=True)
    assert response.status_code == 429
    assert "Too many wrong passwords" in text_of(response)
    db.session.expire_all()
    assert auth.login(practitioner.email, TEST_PASSWORD)  # the password did not change
    failures = [event for event in db.session.scalars(db.select(AuditEvent))
                if event.action == "auth.password_check_failed"]
    assert len(failures) == 5
    assert {event.detail_dict["purpose"] for event in failures} == {"password_change"}


def test_reset_requests_are_limited_per_email_alike(client, practitioner, clinic_limits):
    answers = []
    for email in (practitioner.email, "nobody@example.com"):
        for _ in range(5):
            assert client.post("/auth/reset", data={"email": email}).status_code == 302
        limited = client.post("/auth/reset", data={"email": email})
        answers.append((limited.status_code, text_of(limited).replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_production_warns_when_each_worker_counts_alone(monkeypatch, caplog):
    from config import ProductionConfig

    for name, value in (("SECRET_KEY", "s"), ("DATABASE_URL", "sqlite://"),
                        ("BASE_URL", "https://practice.example")):
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", ["practice.example"])
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
    with caplog.at_level(logging.WARNING):
        ProductionConfig.check()
    assert "RATELIMIT_STORAGE_URI" in caplog.text
    caplog.clear()
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    with caplog.at_level(logging.WARNING):
        ProductionConfig.check()
    assert "RATELIMIT_STORAGE_URI" not in caplog.text


REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        connection.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return connection


def test_the_limits_hold_on_redis_shared_by_every_worker(tmp_path):
    """The limits against the local Redis, as production runs them with several workers."""
    from config import Config, TestConfig
    from practice import create_app

    redis = _redis_or_skip()
    redis.flushdb()

    class RedisConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'redis.sqlite3'}"
        RATELIMIT_STORAGE_URI = REDIS_URL
        ACCOUNT_RATE_LIMIT = Config.ACCOUNT_RATE_LIMIT
        LOGIN_RATE_LIMIT = Config.LOGIN_RATE_LIMIT

    saved = limiter._storage, limiter._limiter  # the suite's own storage, put back below
    try:
        workers = [create_app(RedisConfig), create_app(RedisConfig)]
        with workers[0].app_context():
            from practice.core.extensions import db as database

            database.create_all()
            make_user(Role.PRACTITIONER, email="pat@example.com")
            make_user(Role.PRACTITIONER, email="olive@example.com")
        for number in range(5):  # wrong passwords spread over two workers
            worker = workers[number % 2].test_client()
            assert _sign_in(worker, "pat@example.com", "wrong", "192.0.2.1").status_code == 200
        limited = _sign_in(workers[1].test_client(), "pat@example.com", TEST_PASSWORD,
                           "192.0.2.1")
        assert limited.status_code == 429
        assert _sign_in(workers[0].test_client(), "olive@example.com", TEST_PASSWORD,
                        "192.0.2.1").status_code == 302
        assert redis.keys("*")  # counted in Redis, not in each worker
    finally:
        limiter._storage, limiter._limiter = saved
        redis.flushdb()


# --- Uniform answers to reset requests --------------------------------------------------------

class SlowSMTPServer(threading.Thread):
    """An SMTP server that takes ``delay`` seconds to greet: a slow or distant mail relay."""

    def __init__(self, delay: float):
        super().__init__(daemon=True)
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received: list[bytes] = []

    def run(self):
        with self.listener:
            connection, _address = self.listener.accept()
        with connection, connection.makefile("rwb") as stream:
            time.sleep(self.delay)
            stream.write(b"220 slow.example ESMTP\r\n")
            stream.flush()
            while line := stream.readline():
                command = line.strip().upper()
                if command.startswith(b"DATA"):
                    stream.write(b"354 go on\r\n")
                    stream.flush()
                    message = b""
                    while (data := stream.readline()) not in (b".\r\n", b""):
                        message += data
                    self.received.append(message)
                    stream.write(b"250 queued\r\n")
                elif command.startswith(b"QUIT"):
                    stream.write(b"221 bye\r\n")
                    stream.flush()
                    return
                else:
                    stream.write(b"250 ok\r\n")
                stream.flush()


def test_a_reset_request_does_not_wait_for_the_mail_server(app, client, practitioner,
                                                           monkeypatch):
    server = SlowSMTPServer(delay=1.5)
    server.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    started = time.perf_counter()
    known = client.post("/auth/reset", data={"email": practitioner.email})
    elapsed = time.perf_counter() - started
    assert known.status_code == 302
    assert elapsed < 1.0, f"the answer waited {elapsed:.2f}s for the mail server"
    assert server.received == []
    known.close()  # the server has sent the answer: now the mail goes out
    server.join(10)
    (sent,) = server.received
    assert practitioner.email.encode() in sent
    assert b"/auth/reset/" in sent
    message = db.session.scalars(db.select(OutboxMessage)).one()
    db.session.refresh(message)
    assert message.status is MailStatus.SENT
    unknown = client.post("/auth/reset", data={"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.location) == (known.status_code, known.location)


def test_a_reset_request_does_the_same_work_for_any_email(app, client, practitioner):
    """Both answers make a token and an audit event; only a known account gets the mail."""
    for email in (practitioner.email, "nobody@example.com"):
        client.post("/auth/reset", data={"email": email})
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["auth.reset_link", "auth.reset_requested"]
    assert "nobody" not in events[1].detail
