"""The flask commands other tools script against."""
from practice.auth.models import Role, User
from practice.auth.passwords import verify_password
from practice.core.extensions import db


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

