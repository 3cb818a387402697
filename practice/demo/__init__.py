"""A deterministic demo practice for trying the app and for screenshots.

``seed_demo`` creates the accounts and clients, then hands a ``DemoContext`` to each
feature's seeder in ``SEEDERS`` order, so features add their demo records in one place.
"""
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.progressbar import progress
from practice.demo.people import PRACTICE


class DemoError(Exception):
    """The demo cannot be seeded here (a short password, a database that is not empty)."""


@dataclass
class DemoContext:
    password: str
    rng: random.Random
    now: datetime
    admins: list[User] = field(default_factory=list)
    practitioners: list[User] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.date()

    def days_ago(self, days: int, hour: int = 10) -> datetime:
        moment = self.now - timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _seeders():
    """Feature seeders in dependency order; each takes the ``DemoContext``."""
    from practice.demo.accounts import seed_accounts
    from practice.demo.admin import seed_settings
    from practice.demo.appointments import seed_appointments
    from practice.demo.clients import seed_clients
    from practice.demo.consent import seed_consent
    from practice.demo.exercises import seed_exercises
    from practice.demo.plans import seed_plans
    from practice.demo.precautions import seed_precautions
    from practice.demo.referrals import seed_referrals
    from practice.demo.snippets import seed_snippets

    return [seed_accounts, seed_clients, seed_plans, seed_exercises, seed_referrals,
            seed_precautions, seed_consent, seed_appointments, seed_snippets, seed_settings]


def seed_demo(password: str) -> list[tuple[str, str, str, str]]:
    """Seed an empty database; return ``(role, email, name, owner email)`` per account.

    Nothing is committed here: the caller's unit of work commits the whole practice at once
    (the ``seed-demo`` command), so a seeder that fails leaves the database empty.
    """
    if len(password) < 10:
        raise DemoError("The demo password needs at least 10 characters.")
    if db.session.scalar(db.select(db.func.count(User.id))):
        raise DemoError("The database already has accounts; seed-demo only fills an empty one.")
    context = DemoContext(password=password, rng=random.Random(2016), now=now_utc())
    for seeder in progress(_seeders(), desc="Seeding demo practice", unit="step"):
        seeder(context)
        db.session.flush()
    return demo_accounts()


def demo_accounts() -> list[tuple[str, str, str, str]]:
    rows = []
    users = db.session.scalars(db.select(User).order_by(User.id)).all()
    owners = dict(db.session.execute(
        db.select(Client.portal_user_id, User.email)
        .join(User, User.id == Client.practitioner_id)
        .where(Client.portal_user_id.is_not(None))
    ).all())
    for user in users:
        owner = owners.get(user.id, "-") if user.role is Role.CLIENT else "-"
        rows.append((user.role.value, user.email, user.display_name, owner))
    return rows


__all__ = ["PRACTICE", "DemoContext", "DemoError", "seed_demo"]
