"""The demo practice's plans and sessions: an active plan each, signed weeks, one draft."""
import random

import pytest
from sqlalchemy import select

from practice.clients.models import Client
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.demo import DemoContext, _seeders
from practice.plans.models import PlanStatus
from practice.treatments.models import TreatmentSession


@pytest.fixture
def demo_clients(db):
    context = DemoContext(password="demo-password-1", rng=random.Random(2016), now=now_utc())
    seeders = _seeders()
    names = [seeder.__name__ for seeder in seeders]
    for seeder in seeders[:names.index("seed_plans") + 1]:
        seeder(context)
        db.session.flush()
    db.session.commit()
    return list(db.session.scalars(select(Client).order_by(Client.id)))


def test_plans_are_seeded_after_the_clients():
    names = [seeder.__name__ for seeder in _seeders()]
    assert names.index("seed_plans") > names.index("seed_accounts")
    if "seed_clients" in names:
        assert names.index("seed_plans") > names.index("seed_clients")


def _sessions(client):
    return db.session.scalars(select(TreatmentSession).where(TreatmentSession.client_id == client.id)
                              .order_by(TreatmentSession.started_at)).all()


def test_every_client_has_an_active_plan_from_a_template_and_signed_sessions(demo_clients):
    assert len(demo_clients) >= 6
    for client in demo_clients:
        sessions = _sessions(client)
        active = {session.plan for session in sessions if session.plan.status is PlanStatus.ACTIVE}
        assert active, client.full_name
        assert all(plan.template is not None and plan.template.is_practice_wide for plan in active)
        signed = [session for session in sessions if session.is_signed]
        assert len(signed) >= 4, client.full_name
        assert all(session.subjective and session.assessment and session.plan_note
                   for session in sessions)
        weeks = (sessions[-1].started_at - sessions[0].started_at).days / 7
        assert weeks >= 3, client.full_name


def test_exactly_one_draft_in_the_practice(demo_clients):
    drafts = db.session.scalars(select(TreatmentSession).where(TreatmentSession.signed_at.is_(None))).all()
    assert len(drafts) == 1


def test_pain_eases_for_most_clients(demo_clients):
    easing = 0
    for client in demo_clients:
        sessions = _sessions(client)
        first = sum(s.pain_before for s in sessions[:2]) / 2
        last = sum(s.pain_before for s in sessions[-2:]) / 2
        easing += last < first
    assert easing >= len(demo_clients) // 2 + 1


def test_active_plans_respect_one_per_focus_system(demo_clients):
    from practice.plans.models import SessionPlan

    for client in demo_clients:
        active = db.session.scalars(select(SessionPlan).where(
            SessionPlan.client_id == client.id, SessionPlan.status == PlanStatus.ACTIVE)).all()
        systems = [focus for plan in active for focus in plan.focus_systems]
        assert len(systems) == len(set(systems)), client.full_name


def test_signed_demo_sessions_keep_their_plans_name(demo_clients):
    signed = db.session.scalars(select(TreatmentSession).where(
        TreatmentSession.signed_at.is_not(None))).all()
    assert signed
    assert all(session.plan_name == session.plan.name for session in signed)
