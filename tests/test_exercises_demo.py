"""The demo home programs: believable weeks of logs and check-ins for each portal client."""
from datetime import timedelta
from statistics import mean

import pytest
from sqlalchemy import func, select

from practice.clients.models import Client
from practice.core.extensions import db
from practice.demo import _seeders, seed_demo
from practice.demo.exercises import COURSES, DEFAULT_COURSE
from practice.exercises.models import Assignment, Exercise, ExerciseLog
from practice.progress.models import CheckIn

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def demo():
    seed_demo("demo-password-1")
    return db.session.scalars(select(Client).order_by(Client.id)).all()


def test_the_seeder_runs_after_plans_and_sessions():
    names = [seeder.__name__ for seeder in _seeders()]
    assert "seed_exercises" in names
    earlier = {"seed_accounts", "seed_clients", "seed_plans", "seed_sessions", "seed_treatments"}
    assert set(names[:names.index("seed_exercises")]) == earlier & set(names)


def test_each_portal_client_has_a_program_and_weeks_of_history(demo):
    portal_clients = [client for client in demo if client.portal_user_id]
    assert len(portal_clients) >= 4
    for client in portal_clients:
        assignments = db.session.scalars(select(Assignment).where(Assignment.client_id == client.id)).all()
        current = [a for a in assignments if a.stopped_on is None]
        assert 2 <= len(current) <= 4, client.full_name
        log_days = sorted(db.session.scalars(select(ExerciseLog.logged_on).where(
            ExerciseLog.client_id == client.id).distinct()))
        assert (log_days[-1] - log_days[0]).days >= 34, client.full_name
        check_ins = db.session.scalars(select(CheckIn).where(CheckIn.client_id == client.id)
                                       .order_by(CheckIn.checked_on)).all()
        span = (check_ins[-1].checked_on - check_ins[0].checked_on).days + 1
        assert 28 <= len(check_ins) < span, client.full_name  # most days, not every day
        assert all(check_in.recorded_by_id == client.portal_user_id for check_in in check_ins)
        first_week = mean(c.pain for c in check_ins if (c.checked_on - check_ins[0].checked_on).days < 7)
        last_week = mean(c.pain for c in check_ins if (check_ins[-1].checked_on - c.checked_on).days < 7)
        if COURSES.get(client.given_name, DEFAULT_COURSE).setback_days:
            assert last_week > first_week + 1, client.full_name  # a setback, to attend to
        else:
            assert last_week < first_week, client.full_name


def test_poor_nights_are_followed_by_worse_days(demo):
    rows = db.session.execute(select(CheckIn.sleep_problems, CheckIn.fatigue, CheckIn.fog)
                              .join(Client, Client.id == CheckIn.client_id)
                              .where(Client.portal_user_id.is_not(None))).all()
    poor = [row for row in rows if row.sleep_problems >= 7]
    good = [row for row in rows if row.sleep_problems <= 4]
    assert poor
    assert good
    assert mean(row.fatigue for row in poor) > mean(row.fatigue for row in good) + 1
    assert mean(row.fog for row in poor) > mean(row.fog for row in good)


def test_the_demo_includes_a_dose_change_own_exercises_and_items_left_for_today(demo):
    replaced = db.session.scalars(select(Assignment).where(Assignment.replaces_id.is_not(None))).all()
    assert replaced
    for assignment in replaced:
        assert assignment.replaces.stopped_on == assignment.starts_on
    assert db.session.scalar(select(func.count(Exercise.id)).where(Exercise.owner_id.is_not(None))) >= 2
    newest = db.session.scalar(select(func.max(ExerciseLog.logged_on)))
    on_newest = db.session.scalar(select(func.count(ExerciseLog.id)).where(ExerciseLog.logged_on == newest))
    the_day_before = db.session.scalar(select(func.count(ExerciseLog.id)).where(
        ExerciseLog.logged_on == newest - timedelta(days=1)))
    assert on_newest < the_day_before  # today is under way: most of it is still to do


def test_clients_without_the_portal_have_a_paper_program_and_weekly_check_ins(demo):
    paper = [client for client in demo if not client.portal_user_id]
    assert paper
    for client in paper:
        assert db.session.scalar(select(func.count(Assignment.id)).where(Assignment.client_id == client.id))
        recorders = set(db.session.scalars(
            select(CheckIn.recorded_by_id).where(CheckIn.client_id == client.id)))
        assert recorders == {client.practitioner_id}
