"""“Who saw my record”: every access to a client's record by someone else, from the audit trail.

Read straight from the append-only trail (events whose ``client_id`` is the client's
record, and the exports that list it among their clients), so no practitioner can hide an
access: there is no way to edit or delete an event, and the chain check reports any attempt
made in the database.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.audit import AuditEvent, about_client
from practice.core.audit_labels import describe_for_client
from practice.core.extensions import db
from practice.core.pagination import paginate
from practice.core.roles import Role

PER_PAGE = 25
ROLE_WORDS = {Role.PRACTITIONER: "practitioner", Role.ADMIN: "practice administrator",
              Role.CLIENT: "client"}


@dataclass(frozen=True)
class Person:
    """Someone who used the record: how often and when last."""

    description: str
    times: int
    last_at: datetime


def describe_person(user: User | None) -> str:
    if user is None:
        return "The practice (from the server's command line)"
    return f"{user.display_name}, {ROLE_WORDS.get(user.role, user.role.value)}"


def _by_others(client: Client, viewer: User):
    """Events on this client's record not done by the viewer (the client) themselves."""
    return (about_client(client.id),
            or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != viewer.id))


def people_who_used(client: Client, viewer: User) -> list[Person]:
    """Each person (or the command line) with their number of accesses, most recent first."""
    rows = db.session.execute(
        db.select(AuditEvent.actor_id, func.count(AuditEvent.id).label("times"),
                  func.max(AuditEvent.occurred_at).label("last_at"))
        .where(*_by_others(client, viewer)).group_by(AuditEvent.actor_id)
        .order_by(func.max(AuditEvent.occurred_at).desc())).all()
    users = {user.id: user for user in db.session.scalars(
        db.select(User).where(User.id.in_([row.actor_id for row in rows if row.actor_id])))}
    return [Person(describe_person(users.get(row.actor_id)), row.times, row.last_at)
            for row in rows]


def access_page(client: Client, viewer: User):
    """One page of accesses, newest first (the nearest page there is for any ``?page=``)."""
    return paginate(db.select(AuditEvent).where(*_by_others(client, viewer))
                    .order_by(AuditEvent.id.desc()), per_page=PER_PAGE)


def describe_entries(events) -> list[tuple[AuditEvent, str, str]]:
    """``(event, who, what)`` in the client's words."""
    return [(event, describe_person(event.actor), describe_for_client(event.action, event.detail))
            for event in events]
