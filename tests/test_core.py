"""The core every feature stands on: one commit per request, audit chained at the commit,
mail sent only after it, the one optimistic lock, one view event per page."""
import pytest
from flask import Response
from sqlalchemy import text

from practice.auth.models import Role
from practice.clients.models import Client
from practice.core import audit, mail
from practice.core.audit import AuditEvent, verify_chain
from practice.core.errors import Conflict
from practice.core.extensions import db
from practice.core.locking import claim_version, version_of
from practice.core.unit_of_work import commit_request, unit_of_work
from tests.factories.accounts import make_client, make_user


def _events(action: str) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == action))


@pytest.mark.parametrize(("status", "kept"), [(200, True), (302, True), (404, False), (409, False),
                                               (500, False)])
def test_a_request_commits_only_when_it_succeeds(app, practitioner, status, kept):
    client_id = make_client(practitioner, given_name="Hannah").id
    with app.test_request_context("/", method="POST"):
        db.session.get(Client, client_id).given_name = "Changed"
        audit.record("client.update", client_id=client_id, actor=practitioner)
        commit_request(Response(status=status))
    db.session.remove()
    assert (db.session.get(Client, client_id).given_name == "Changed") is kept
    assert _events("client.update") == (1 if kept else 0)


def test_audit_events_wait_for_the_commit_and_take_the_chain_lock_only_then(count_queries,
                                                                           practitioner):
    with count_queries() as statements:
        audit.record("auth.login", actor=practitioner)
    assert not any("audit" in statement for statement in statements)
    with count_queries() as statements:
        db.session.commit()
    assert any("audit_chain_heads" in statement for statement in statements)
    assert _events("auth.login") == 1
    assert verify_chain().intact


def test_a_rolled_back_change_leaves_no_audit_event(practitioner):
    audit.record("auth.login", actor=practitioner)
    db.session.rollback()
    db.session.commit()
    assert _events("auth.login") == 0
    assert verify_chain().intact


def test_a_page_view_is_recorded_once_per_get_request(app, practitioner):
    client = make_client(practitioner)
    with app.test_request_context("/", method="GET"):
        audit.record_view("client.view", client, client_id=client.id)
        audit.record_view("progress.view", client, client_id=client.id)
        db.session.commit()
    with app.test_request_context("/", method="POST"):
        audit.record_view("client.view", client, client_id=client.id)
        db.session.commit()
    assert _events("client.view") == 1
    assert _events("progress.view") == 0


def test_mail_is_sent_only_after_the_commit(app, tmp_path, practitioner):
    app.config["MAIL_OUTBOX"] = str(tmp_path)
    try:
        def failing_change():
            with unit_of_work():
                assert mail.queue_mail("a@example.org", "Never", "rolled back")
                raise RuntimeError("the change failed")

        with pytest.raises(RuntimeError):
            failing_change()
        assert list(tmp_path.iterdir()) == []
        with unit_of_work():
            mail.queue_mail("b@example.org", "Hello", "a link")
        assert len(list(tmp_path.iterdir())) == 1
        stored = db.session.scalars(db.select(mail.OutboxMessage)).all()
        assert [(m.recipient, m.status, m.body) for m in stored] == [
            ("b@example.org", mail.MailStatus.SENT, None)]
    finally:
        app.config.pop("MAIL_OUTBOX")


def test_a_failed_message_is_kept_and_retried(app, tmp_path):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    try:
        with unit_of_work():
            mail.queue_mail("c@example.org", "Reset", "a link")
        message = db.session.scalars(db.select(mail.OutboxMessage)).one()
        assert message.status is mail.MailStatus.FAILED
        assert message.attempts == 1
        assert message.last_error
        assert message.body == "a link"
    finally:
        app.config.update(MAIL_SERVER=None)
    app.config["MAIL_OUTBOX"] = str(tmp_path)
    try:
        assert mail.retry_failed() == (1, 0)
        assert message.status is mail.MailStatus.SENT
        assert message.attempts == 2
    finally:
        app.config.pop("MAIL_OUTBOX")


def test_the_lock_refuses_a_stale_version_and_moves_on_a_current_one(practitioner):
    client = make_client(practitioner)
    seen = version_of(client)
    claim_version(client, seen)
    db.session.commit()
    assert version_of(client) != seen
    with pytest.raises(Conflict) as conflict:
        claim_version(client, seen)
    assert conflict.value.current is client


def test_the_lock_holds_when_another_request_saved_in_between(practitioner):
    client = make_client(practitioner)
    seen = version_of(client)
    db.session.execute(db.update(Client).where(Client.id == client.id)
                       .values(version=Client.version + 1))  # someone else's save
    with pytest.raises(Conflict):
        claim_version(client, seen)  # this editor still holds the old version in memory


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_rows_stay_readable_after_the_commit(practitioner):
    user = make_user(Role.CLIENT, email="late@example.org")
    db.session.commit()
    db.session.close()  # what a streamed download meets after the request's session closed
    assert user.email == "late@example.org"


def test_a_form_sent_twice_creates_one_record(practitioner, other_practitioner):
    from practice.core.once import create_once

    def create():
        client = Client(practitioner_id=practitioner.id, given_name="Once", family_name="Only")
        db.session.add(client)
        return client

    first, created = create_once("key-1", practitioner, Client, create)
    db.session.commit()
    again, created_again = create_once("key-1", practitioner, Client, create)
    assert created
    assert not created_again
    assert again.id == first.id
    other, _ = create_once("key-1", other_practitioner, Client, create)  # keys are per person
    assert other.id != first.id
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Client.id))
                             .where(Client.given_name == "Once")) == 2


@pytest.mark.parametrize(("asked", "shown"), [("1", 1), ("2", 2), ("3", 2), ("999999999", 2),
                                             ("100000000000000000000", 2), ("-3", 1),
                                             ("abc", 1), ("", 1), ("٣", 1)])
def test_a_page_number_from_the_query_string_is_clamped(app, practitioner, asked, shown):
    from practice.core.pagination import paginate

    for number in range(30):
        db.session.add(Client(practitioner_id=practitioner.id, given_name=f"N{number}",
                              family_name="Page"))
    db.session.commit()
    with app.test_request_context("/", query_string={"page": asked}):
        page = paginate(db.select(Client).order_by(Client.id), per_page=25)
    assert page.page == shown
    assert page.items


def test_a_record_number_too_large_for_the_database_is_simply_not_found(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/clients/99999999999999999999").status_code == 404
    assert client.get("/clients/2147483648").status_code == 404
