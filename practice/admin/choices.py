"""Option lists for the admin forms (each one query)."""
from sqlalchemy import func
from wtforms import SelectChoice

from practice.auth.models import Role, User
from practice.clients.models import Client, client_name_order
from practice.core.audit import AuditEvent
from practice.core.audit_labels import describe_action
from practice.core.extensions import db


def client_choices(empty_label: str) -> list[SelectChoice]:
    """Every client (archived ones too), grouped by practitioner, with their number."""
    rows = db.session.execute(
        db.select(Client.id, Client.given_name, Client.family_name, Client.archived_at,
                  User.display_name)
        .join(User, User.id == Client.practitioner_id)
        .order_by(func.lower(User.display_name), *client_name_order()))
    return [SelectChoice(0, empty_label)] + [
        SelectChoice(row.id, f"{row.family_name}, {row.given_name} (#{row.id}"
                             f"{', archived' if row.archived_at else ''})",
                     optgroup=row.display_name) for row in rows]


def staff_choices(empty_label: str, include_id: int | None = None) -> list[SelectChoice]:
    """Admins and practitioners (plus ``include_id``, e.g. a client picked from their account)."""
    condition = User.role.in_([Role.ADMIN, Role.PRACTITIONER])
    if include_id:
        condition = condition | (User.id == include_id)
    users = db.session.scalars(db.select(User).where(condition)
                               .order_by(func.lower(User.display_name)))
    return [SelectChoice(0, empty_label)] + [
        SelectChoice(user.id, f"{user.display_name} ({user.role.label.lower()})") for user in users]


def action_choices(empty_label: str) -> list[SelectChoice]:
    """The actions that occur in the audit trail, in words."""
    actions = db.session.scalars(db.select(AuditEvent.action).distinct())
    return [SelectChoice("", empty_label)] + sorted(
        (SelectChoice(action, f"{describe_action(action)} ({action})") for action in actions),
        key=lambda choice: choice.label)
