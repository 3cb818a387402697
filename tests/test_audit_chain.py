"""The audit trail is tamper-evident: `audit verify` finds an edited, removed or cut-off event."""
import json

import pytest
from sqlalchemy import event as orm_events
from sqlalchemy import text
from sqlalchemy.orm import Session

from practice.core import audit
from practice.core.audit import AuditChainHead, AuditEvent, verify_chain
from practice.core.extensions import db
from tests.conftest import using_postgresql
from tests.factories.accounts import make_client


@pytest.fixture
def trail(practitioner):
    """Six committed events."""
    for number in range(6):
        audit.record("client.view", client_id=number + 1, actor=practitioner,
                     detail={"n": number})
    db.session.commit()
    return db.session.scalars(db.select(AuditEvent.id).order_by(AuditEvent.id)).all()


def run_verify(app, *args):
    return app.test_cli_runner().invoke(args=["audit", "verify", *args])


def sql(statement: str, **params) -> None:
    """Tamper with the table directly, as someone with database access would."""
    with db.engine.begin() as connection:
        connection.execute(text(statement), params)
    db.session.expire_all()


def test_an_untouched_trail_verifies_and_prints_its_head(app, trail):
    report = verify_chain()
    assert report.intact
    assert report.event_count == 6
    head = db.session.get(AuditChainHead, 1)
    assert (head.last_event_id, head.last_hash, head.event_count) == (trail[-1], report.last_hash, 6)
    result = run_verify(app)
    assert result.exit_code == 0, result.output
    assert "intact: 6 events" in result.output
    assert f"Head: {trail[-1]}:{report.last_hash}" in result.output


def test_an_empty_trail_is_intact(app):
    assert verify_chain().intact
    assert run_verify(app).exit_code == 0


def test_each_event_chains_to_the_one_before(trail):
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events[0].prev_hash == audit.GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash


@pytest.mark.real_commits  # tampers through another connection
def test_editing_an_event_is_reported_at_that_event(app, trail):
    sql("UPDATE audit_events SET detail = :detail WHERE id = :id",
        detail=json.dumps({"n": 99}), id=trail[2])
    result = run_verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {trail[2]}: its content was changed" in result.output


@pytest.mark.real_commits  # tampers through another connection
def test_deleting_an_event_in_the_middle_is_reported_at_the_next_one(app, trail):
    sql("DELETE FROM audit_events WHERE id = :id", id=trail[3])
    result = run_verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {trail[4]}: does not follow the event before it" in result.output


@pytest.mark.real_commits  # tampers through another connection
def test_deleting_the_newest_events_is_reported(app, trail):
    sql("DELETE FROM audit_events WHERE id >= :id", id=trail[4])
    result = run_verify(app)
    assert result.exit_code == 1
    assert "the newest events were deleted" in result.output


@pytest.mark.real_commits  # tampers through another connection
def test_deleting_the_newest_events_stays_visible_after_new_events(app, trail, practitioner):
    sql("DELETE FROM audit_events WHERE id >= :id", id=trail[4])
    audit.record("auth.login", actor=practitioner)
    db.session.commit()
    report = verify_chain()
    assert not report.intact
    assert "does not follow" in report.problem.reason


@pytest.mark.real_commits  # tampers through another connection
def test_an_emptied_head_table_is_reported(app, trail):
    sql("DELETE FROM audit_chain_heads")
    result = run_verify(app)
    assert result.exit_code == 1
    assert "chain head is missing" in result.output


@pytest.mark.real_commits  # tampers through another connection
def test_a_trail_rewritten_wholesale_fails_against_an_anchor(app, trail):
    anchor = f"{trail[-1]}:{verify_chain().last_hash}"
    # Rewrite every event with a changed detail and recompute the whole chain and its head.
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    previous = audit.GENESIS_HASH
    for event in events:
        changed = AuditEvent(**{column: getattr(event, column) for column in (
            "occurred_at", "actor_id", "actor_email", "action", "target_type", "target_id",
            "client_id", "ip")}, detail="{}", prev_hash=previous)
        changed_hash = changed.compute_hash()
        sql("UPDATE audit_events SET detail = '{}', prev_hash = :prev, hash = :hash WHERE id = :id",
            prev=previous, hash=changed_hash, id=event.id)
        previous = changed_hash
    sql("UPDATE audit_chain_heads SET last_hash = :hash", hash=previous)
    assert run_verify(app).exit_code == 0  # consistent on its own...
    result = run_verify(app, "--anchor", anchor)
    assert result.exit_code == 1  # ...but not with the head noted earlier
    assert "differs from the anchor" in result.output


@pytest.mark.real_commits  # tampers through another connection
def test_an_anchor_beyond_the_end_means_the_trail_was_cut(app, trail):
    sql("DELETE FROM audit_events WHERE id = :id", id=trail[-1])
    sql("UPDATE audit_chain_heads SET last_event_id = :id, last_hash = "
        "(SELECT hash FROM audit_events WHERE id = :id), event_count = 5", id=trail[-2])
    anchor = f"{trail[-1]}:{'a' * 64}"
    result = run_verify(app, "--anchor", anchor)
    assert result.exit_code == 1
    assert "anchored event is gone" in result.output


def test_a_malformed_anchor_is_refused(app, trail):
    result = run_verify(app, "--anchor", "nonsense")
    assert result.exit_code == 2
    assert "ID:HASH" in result.output


def test_the_orm_refuses_to_change_or_delete_an_event(trail):
    event = db.session.get(AuditEvent, trail[0])
    event.detail = "{}"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, trail[0]))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_a_rolled_back_change_leaves_no_event_and_no_head_change(trail, practitioner):
    head_before = db.session.get(AuditChainHead, 1).last_hash
    audit.record("client.view", client_id=1, actor=practitioner)
    db.session.rollback()
    assert db.session.get(AuditChainHead, 1).last_hash == head_before
    assert verify_chain().intact


@pytest.mark.real_commits  # tampers through another connection
def test_a_trail_without_a_head_row_starts_one_at_its_newest_event(trail, practitioner):
    sql("DELETE FROM audit_chain_heads")
    event = audit.record("auth.login", actor=practitioner)
    db.session.commit()
    assert event.prev_hash == db.session.get(AuditEvent, trail[-1]).hash
    assert verify_chain().intact


@pytest.mark.real_commits  # the commit setting is the transaction's own
@pytest.mark.skipif(not using_postgresql(), reason="PostgreSQL's commit setting")
def test_a_page_view_commits_without_waiting_for_the_disk_and_a_change_waits(app, client, auth,
                                                                              practitioner):
    settings = []

    def note_commit_setting(session):  # runs after the chain's own listener has appended
        settings.append(session.execute(
            text("SELECT current_setting('synchronous_commit')")).scalar())

    record = make_client(practitioner)
    orm_events.listen(Session, "before_commit", note_commit_setting)
    try:
        auth.login_as(practitioner)  # a change: the sign-in is audited
        assert client.get(f"/clients/{record.id}").status_code == 200  # a view, audited
        auth.logout()
    finally:
        orm_events.remove(Session, "before_commit", note_commit_setting)
    assert settings == ["on", "off", "on"]
    assert verify_chain().intact
