"""The flask commands other tools script against."""
import socket

import pytest

from practice.auth.models import Role, User
from practice.auth.passwords import verify_password
from practice.core import mail
from practice.core.extensions import db
from practice.core.unit_of_work import unit_of_work


def test_create_user_reads_password_from_pipe(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--email", "New@Example.com", "--role",
                                 "practitioner", "--name", "New Person"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "new@example.com"))
    assert user.role is Role.PRACTITIONER
    assert verify_password(user.password_hash, "a long enough password")


def test_create_user_refuses_short_password_and_duplicates(app, practitioner):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["create-user", "--email", "x@example.com", "--role", "admin"],
                          input="short\n")
    assert short.exit_code != 0
    duplicate = runner.invoke(args=["create-user", "--email", practitioner.email, "--role",
                                    "admin"], input="a long enough password\n")
    assert duplicate.exit_code != 0
    assert "already exists" in duplicate.output


def test_seed_demo_prints_accounts_and_they_can_sign_in(app, auth):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert all(len(fields) == 4 for fields in lines)
    roles = [fields[0] for fields in lines]
    assert roles.count("admin") == 1
    assert roles.count("practitioner") == 2
    assert roles.count("client") >= 4
    practitioners = {fields[1] for fields in lines if fields[0] == "practitioner"}
    for role, email, name, owner in lines:
        assert name
        assert (owner in practitioners) if role == "client" else owner == "-"
        assert auth.login(email, "demo-password-1").status_code == 302
        auth.logout()
    again = runner.invoke(args=["seed-demo", "--password", "demo-password-1"])
    assert again.exit_code != 0  # refuses to seed twice



def test_create_user_commits_nothing_when_it_fails(app, practitioner):
    runner = app.test_cli_runner()
    runner.invoke(args=["create-user", "--email", practitioner.email, "--role", "admin"],
                  input="a long enough password\n")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_seed_demo_leaves_an_empty_database_when_it_fails(app, monkeypatch):
    """The accounts are added, then a later seeder fails: the command commits none of it."""
    import practice.demo
    from practice.demo.accounts import seed_accounts

    def broken(context):
        raise RuntimeError("a seeder failed")

    monkeypatch.setattr(practice.demo, "_seeders", lambda: [seed_accounts, broken])
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", "demo-password-1"])
    assert result.exit_code != 0
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


# --- send-mail --------------------------------------------------------------------------------

@pytest.fixture
def unsent_message(app, monkeypatch):
    """One message that failed: the SMTP server it went to was not there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    with unit_of_work():
        mail.queue_mail("someone@example.com", "A link", "https://example.org/x")
    message = db.session.scalars(db.select(mail.OutboxMessage)).one()
    assert message.status is mail.MailStatus.FAILED
    return message


def test_send_mail_reports_what_still_fails_then_sends_it(app, unsent_message, monkeypatch,
                                                         tmp_path):
    runner = app.test_cli_runner()
    failing = runner.invoke(args=["send-mail"])
    assert failing.exit_code == 1
    assert "Sent 0, failed 1." in failing.output
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    sent = runner.invoke(args=["send-mail"])
    assert sent.exit_code == 0, sent.output
    assert "Sent 1, failed 0." in sent.output
    assert len(list(tmp_path.iterdir())) == 1
    db.session.expire_all()
    message = db.session.get(mail.OutboxMessage, unsent_message.id)
    assert (message.status, message.attempts) == (mail.MailStatus.SENT, 3)
    again = runner.invoke(args=["send-mail", "--quiet"])  # what cron runs: nothing left
    assert (again.exit_code, again.output) == (0, "")
    assert len(list(tmp_path.iterdir())) == 1  # a message is sent once


def test_send_mail_needs_mail_set_up(app):
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 2
    assert "MAIL_SERVER" in result.output


# --- export: the partial file -----------------------------------------------------------------

@pytest.fixture
def a_client_record(practitioner):
    from tests.factories.accounts import make_client

    return make_client(practitioner, given_name="Private", family_name="Person")


def _export_to(app, output):
    return app.test_cli_runner().invoke(args=["export", "--format", "json", "--output",
                                              str(output)])


@pytest.mark.real_commits  # the export reads in a transaction of its own
def test_export_refuses_a_planted_world_readable_partial_file(app, tmp_path, a_client_record):
    """Someone who can write to the folder plants the partial file, readable by all, and waits
    for the export to fill it: it is refused, never written to."""
    import os
    import stat

    output = tmp_path / "practice.json"
    planted = tmp_path / ".practice.json.partial"
    planted.write_text("planted")
    planted.chmod(0o644)
    result = _export_to(app, output)
    assert result.exit_code != 0
    assert "partial" in result.output
    assert planted.read_text() == "planted"  # nothing of the export leaked into it
    assert stat.S_IMODE(os.stat(planted).st_mode) == 0o644
    assert not output.exists()


@pytest.mark.real_commits  # the export reads in a transaction of its own
@pytest.mark.parametrize("target_exists", [False, True])
def test_export_refuses_a_symlinked_partial_file(app, tmp_path, a_client_record, target_exists):
    """A partial file that is a link elsewhere is not followed: no file there is created or
    overwritten."""
    output = tmp_path / "practice.json"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "stolen.json"
    if target_exists:
        target.write_text("someone's file")
    (tmp_path / ".practice.json.partial").symlink_to(target)
    result = _export_to(app, output)
    assert result.exit_code != 0
    assert "partial" in result.output
    if target_exists:
        assert target.read_text() == "someone's file"
    else:
        assert not target.exists()
    assert not output.exists()


@pytest.mark.real_commits  # the export reads in a transaction of its own
def test_export_writes_its_own_partial_file_privately(app, tmp_path, a_client_record,
                                                      monkeypatch):
    """While the export is being written, its partial file is readable by the owner only."""
    import os
    import stat

    from practice import cli

    seen = {}
    real_fdopen = os.fdopen

    def spying_fdopen(descriptor, *args, **kwargs):
        seen["mode"] = stat.S_IMODE(os.fstat(descriptor).st_mode)
        return real_fdopen(descriptor, *args, **kwargs)

    monkeypatch.setattr(cli.os, "fdopen", spying_fdopen)
    previous = os.umask(0)  # even with a permissive umask
    try:
        result = _export_to(app, tmp_path / "practice.json")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert seen["mode"] == 0o600
    assert "Private" in (tmp_path / "practice.json").read_text()


# --- demo-logins ------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "environ", "config", "expected"), [
    (["--url", "http://127.0.0.1:8080/"], {}, {}, "http://127.0.0.1:8080 "),
    ([], {"BASE_URL": "https://records.example.org"},
     {"BASE_URL": "https://records.example.org"}, "https://records.example.org "),
    ([], {}, {"SERVER_NAME": "qi.local:8000"}, "http://qi.local:8000 "),
])
def test_demo_logins_prints_where_the_app_is_served(app, practitioner, tmp_path, monkeypatch,
                                                    args, environ, config, expected):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    (tmp_path / "demo-password").write_text("demo-password-1")
    monkeypatch.delenv("BASE_URL", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    for name, value in config.items():
        monkeypatch.setitem(app.config, name, value)
    result = app.test_cli_runner().invoke(args=["demo-logins", *args])
    assert result.exit_code == 0, result.output
    assert f"Demo practice at {expected}" in result.output
    assert ":5000" not in result.output
