"""The demo clients' intakes: months apart, varied, mostly improving, signed."""
import random

import pytest
from sqlalchemy import select

from practice.clients.models import Client
from practice.clients.validators import normalize_phone
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.demo import DemoContext, _seeders
from practice.demo.accounts import seed_accounts
from practice.demo.clients import seed_clients
from practice.intakes.queries import client_intakes


@pytest.fixture
def demo_clients(app):
    context = DemoContext(password="demo-password-1", rng=random.Random(2016), now=now_utc())
    seed_accounts(context)
    db.session.flush()
    seed_clients(context)
    db.session.commit()
    return list(db.session.scalars(select(Client).order_by(Client.id)))


def test_the_seeder_runs_right_after_the_accounts():
    names = [seeder.__name__ for seeder in _seeders()]
    assert names[:2] == ["seed_accounts", "seed_clients"]


def test_every_client_has_intakes_months_apart(demo_clients):
    assert len(demo_clients) >= 6
    for client in demo_clients:
        intakes = client_intakes(client)
        assert len(intakes) >= 2, client.full_name
        assert (intakes[-1].assessed_on - intakes[0].assessed_on).days >= 80
        assert client.address
        assert client.last_activity_at.date() == intakes[-1].assessed_on


def test_most_improve_and_one_gets_worse(demo_clients):
    changes = {client.given_name: client_intakes(client)[-1].scores.psd
               - client_intakes(client)[0].scores.psd for client in demo_clients}
    worse = [name for name, change in changes.items() if change > 0]
    better = [name for name, change in changes.items() if change < 0]
    assert worse == ["Graham"]
    assert len(better) == len(demo_clients) - 1


def test_signed_except_one_latest_draft(demo_clients):
    drafts = [(client.given_name, intake is client_intakes(client)[-1])
              for client in demo_clients for intake in client_intakes(client)
              if not intake.is_signed]
    assert drafts == [("Margaret", True)]
    for client in demo_clients:
        for intake in client_intakes(client):
            if intake.is_signed:
                assert intake.signed_by_id == client.practitioner_id
                assert intake.signed_at.date() == intake.assessed_on


def test_answers_are_varied_and_complete(demo_clients):
    intakes = [intake for client in demo_clients for intake in client_intakes(client)]
    assert len({tuple(intake.painful_regions) for intake in intakes}) == len(intakes)
    assert len({intake.pain_overall for intake in intakes}) >= 4
    assert any(intake.scores.criteria_met for intake in intakes)
    assert any(not intake.scores.criteria_met for intake in intakes)
    for intake in intakes:
        assert intake.chief_complaint
        assert intake.medications
        assert intake.condition_type is not None
        notes = [entry.note for entry in intake.review if entry.note]
        assert notes, intake.chief_complaint
    assert any(intake.addenda for intake in intakes)


def test_demo_records_pass_the_client_form_checks(demo_clients):
    """Editing a demo client must not trip over its own seeded contact details."""
    for client in demo_clients:
        for number in (client.phone, client.emergency_contact_phone):
            assert normalize_phone(number) == number
