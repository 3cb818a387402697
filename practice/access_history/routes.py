"""“Who saw my record”: the client's view of every access to their record by someone else.

Read straight from the append-only audit trail (events whose ``client_id`` is the
client's record), so no practitioner can hide an access: there is no way to edit or
delete an event, and the chain check reports any attempt made in the database.
"""
from flask import render_template
from flask_login import current_user
from sqlalchemy import func, or_

from practice.access_history import bp
from practice.auth.models import Role, User
from practice.clients.loaders import get_own_client_record_or_404
from practice.core.access import client_required
from practice.core.audit import AuditEvent
from practice.core.audit_labels import describe_for_client
from practice.core.extensions import db

PER_PAGE = 25
ROLE_WORDS = {Role.PRACTITIONER: "practitioner", Role.ADMIN: "practice administrator",
              Role.CLIENT: "client"}


def _by_others(client_id: int):
    """Events on this client's record not done by the client themselves."""
    return (AuditEvent.client_id == client_id,
            or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != current_user.id))


def describe_person(user: User | None) -> str:
    if user is None:
        return "The practice (from the server's command line)"
    return f"{user.display_name}, {ROLE_WORDS.get(user.role, user.role.value)}"


@bp.route("/")
@client_required
def index():
    client = get_own_client_record_or_404()
    conditions = _by_others(client.id)
    page = db.paginate(db.select(AuditEvent).where(*conditions).order_by(AuditEvent.id.desc()),
                       per_page=PER_PAGE, error_out=False)
    people = db.session.execute(
        db.select(AuditEvent.actor_id, func.count(AuditEvent.id).label("times"),
                  func.max(AuditEvent.occurred_at).label("last_at"))
        .where(*conditions).group_by(AuditEvent.actor_id)
        .order_by(func.max(AuditEvent.occurred_at).desc())).all()
    users = {user.id: user for user in db.session.scalars(
        db.select(User).where(User.id.in_([row.actor_id for row in people if row.actor_id])))}
    summary = [(describe_person(users.get(row.actor_id)), row.times, row.last_at)
               for row in people]
    entries = [(event, describe_person(event.actor), describe_for_client(event.action))
               for event in page.items]
    return render_template("portal/access_history.html", page=page, entries=entries,
                           summary=summary)
