"""The whole practice's attention items worked out in bulk (``flask attention refresh``,
``flask seed-large``): exactly the items the per-client refresh stores, seen marks kept the
same way, in a number of statements that does not grow with the data."""
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, select

from practice.appointments.models import AppointmentStatus
from practice.attention import operations
from practice.attention.models import AttentionItem
from practice.attention.operations import refresh, refresh_in_bulk
from practice.clients.models import Client
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.demo import seed_demo
from practice.plans.models import PlanStatus
from practice.progress.models import CheckInSource
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.appointments import make_appointment
from tests.factories.clients import make_intake
from tests.factories.exercises import make_assignment, make_check_in, make_log
from tests.factories.plans import make_plan, make_session


def _stored() -> list[tuple]:
    db.session.expire_all()
    return sorted((item.client_id, item.rule, item.subject, item.reason, item.link_endpoint,
                   item.link_args, item.data_at, item.shows_from, item.shows_until,
                   item.raised_at, item.seen_at)
                  for item in db.session.scalars(select(AttentionItem)))


def _per_client_and_in_bulk(monkeypatch) -> tuple[list, list]:
    """The items stored by the per-client refresh, one client at a time, and by the bulk
    refresh of everyone in batches of 4 (so batches hold several clients and split some)."""
    ids = sorted(db.session.scalars(select(Client.id)))
    now = now_utc()
    db.session.execute(delete(AttentionItem))
    for client_id in ids:
        refresh([client_id], now=now)
    db.session.flush()
    one_by_one = _stored()
    db.session.execute(delete(AttentionItem))
    monkeypatch.setattr(operations, "BATCH", 4)
    refresh_in_bulk(ids, now=now)
    return one_by_one, _stored()


def _edge_cases(practitioner, other_practitioner, today):
    """A practice with a client for each edge of the rules."""
    days = [today - timedelta(days=offset) for offset in range(40)]
    make_client(practitioner, given_name="Nothing")  # no check-ins, no sessions
    short, _user = make_portal_client(practitioner, given_name="Short")  # under 14 days
    make_intake(short, signed=True, days_ago=20, pain_overall=3)
    for day, pain in zip(days[:5], (9, 4, 8, 5, 3), strict=True):
        make_check_in(short, day, pain=pain, fatigue=2)
    full, _user = make_portal_client(practitioner, given_name="Full")  # baseline, then worse
    for day in days[25:39]:
        make_check_in(full, day, pain=3, fatigue=3, sleep_problems=4)
    for number, day in enumerate(days[:6]):
        make_check_in(full, day, pain=7, fatigue=8, sleep_problems=4,
                      note=f"Bad day {number}" if number % 2 else None)
        make_check_in(full, day, source=CheckInSource.PRACTITIONER, pain=2,
                      recorded_by=practitioner)  # the client's own counts
    make_session(full, signed=True, started_at=now_utc() - timedelta(days=4))
    archived, _user = make_portal_client(practitioner, given_name="Archived")
    make_check_in(archived, today, pain=9, note="Still here")
    archived.archived_at = now_utc()
    db.session.commit()
    drafts = make_client(other_practitioner, given_name="Drafts")
    draft = make_session(drafts, started_at=now_utc() - timedelta(days=2),
                         created_at=now_utc() - timedelta(days=2))
    make_session(drafts, started_at=now_utc() - timedelta(hours=3))  # not a day old yet
    assert draft.signed_at is None
    intake = make_intake(drafts, days_ago=3)
    intake.created_at = now_utc() - timedelta(days=2)
    db.session.commit()
    program, _user = make_portal_client(other_practitioner, given_name="Program")
    behind = make_assignment(program, starts_on=today - timedelta(days=20), times=2)
    for day in days[1:12:3]:
        make_log(behind, day)
    make_assignment(program, starts_on=today)  # started today: not behind
    planned = make_client(other_practitioner, given_name="Planned")
    plan = make_plan(planned, sessions_per_week=1, start_date=today - timedelta(days=30))
    make_session(planned, plan=plan, signed=True, started_at=now_utc() - timedelta(days=5))
    make_appointment(planned, today - timedelta(days=3), status=AppointmentStatus.NO_SHOW)
    paused = make_plan(planned, name="Paused", status=PlanStatus.PAUSED)
    assert paused.status is PlanStatus.PAUSED


def test_in_bulk_the_items_are_those_of_the_per_client_refresh(monkeypatch, practitioner,
                                                               other_practitioner):
    today = local_today()
    _edge_cases(practitioner, other_practitioner, today)
    one_by_one, in_bulk = _per_client_and_in_bulk(monkeypatch)
    rules = {rule for _client, rule, *_rest in in_bulk}
    assert {"worse_than_baseline", "high_rating", "check_in_note", "low_adherence",
            "session_overdue", "unsigned_draft", "missed_appointment"} <= rules
    assert in_bulk == one_by_one


def test_in_bulk_the_demo_practice_has_the_items_of_the_per_client_refresh(monkeypatch, db):
    seed_demo("demo-password-1")
    db.session.flush()
    one_by_one, in_bulk = _per_client_and_in_bulk(monkeypatch)
    assert len(in_bulk) > 10
    assert in_bulk == one_by_one


def test_in_bulk_a_seen_item_stays_seen_until_its_data_changes(practitioner):
    today = local_today()
    rosa, _user = make_portal_client(practitioner, given_name="Rosa")
    note = make_check_in(rosa, today - timedelta(days=1), note="Couldn't sleep")
    item = db.session.scalars(select(AttentionItem).where(
        AttentionItem.client_id == rosa.id)).one()
    item.seen_at, item.seen_by_id = now_utc(), practitioner.id
    db.session.commit()
    item_id = item.id

    refresh_in_bulk([rosa.id])
    item = db.session.get(AttentionItem, item_id)
    assert item.seen_at is not None  # nothing new: still seen

    # Saved without a commit, so the bulk refresh (not the commit's own) works it out.
    note.note, note.updated_at = "Couldn't sleep at all", now_utc()
    db.session.flush()
    refresh_in_bulk([rosa.id])
    item = db.session.get(AttentionItem, item_id)  # the same item, back and unseen
    assert (item.seen_at, item.seen_by_id) == (None, None)
    assert "Couldn't sleep at all" in item.reason
    assert item.data_at == note.updated_at

    note.note = None
    db.session.flush()
    refresh_in_bulk([rosa.id])
    assert db.session.scalars(select(AttentionItem).where(
        AttentionItem.client_id == rosa.id)).all() == []


@pytest.mark.usefixtures("db")
def test_in_bulk_the_statements_per_batch_do_not_grow_with_the_data(practitioner, monkeypatch):
    today = local_today()

    def client_with(check_ins: int, sessions: int, logs: int):
        client, _user = make_portal_client(practitioner)
        for offset in range(check_ins):
            make_check_in(client, today - timedelta(days=offset), pain=offset % 10,
                          note="Sore" if offset % 3 == 0 else None)
        plan = make_plan(client, sessions_per_week=1, start_date=today - timedelta(days=60))
        for offset in range(sessions):
            make_session(client, plan=plan, signed=offset > 0,
                         started_at=now_utc() - timedelta(days=3 + 7 * offset))
        make_intake(client, signed=True, days_ago=50)
        make_intake(client, days_ago=2)
        assignment = make_assignment(client, starts_on=today - timedelta(days=20))
        for offset in range(logs):
            make_log(assignment, today - timedelta(days=1 + offset))
        make_appointment(client, today - timedelta(days=2), status=AppointmentStatus.NO_SHOW)
        make_appointment(client, today + timedelta(days=3))
        return client.id

    def statements(ids) -> int:
        db.session.execute(delete(AttentionItem))
        db.session.flush()
        issued = []
        listener = lambda *args: issued.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            refresh_in_bulk(ids)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(issued)

    small = [client_with(check_ins=1, sessions=1, logs=1)]
    large = small + [client_with(check_ins=30, sessions=6, logs=10) for _ in range(5)]
    assert db.session.scalar(select(db.func.count(AttentionItem.id))) > 0
    assert statements(small) == statements(large)
