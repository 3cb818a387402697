"""What the admin pages read: accounts, option lists, condition types, exports and the outbox.

Admins manage every account and see the whole practice's lists, so nothing here is scoped to
an owner; each list is a fixed number of queries however long it grows.
"""
from sqlalchemy import case, func, or_, select
from wtforms import SelectChoice

from practice.auth.models import Role, User
from practice.clients.models import Client, client_name_order
from practice.core.audit import AuditEvent
from practice.core.audit_labels import describe_action
from practice.core.extensions import db
from practice.core.mail import MailStatus, OutboxMessage
from practice.core.names import display_name
from practice.core.pagination import paginate
from practice.intakes.models import ConditionType

ACCOUNTS_PER_PAGE = 50
OUTBOX_PER_PAGE = 50

# --- Accounts ---------------------------------------------------------------------------------

STATUS_FILTERS = {
    "active": (User.is_enabled.is_(True), User.password_hash.is_not(None)),
    "invited": (User.is_enabled.is_(True), User.password_hash.is_(None)),
    "deactivated": (User.is_enabled.is_(False),),
}


def get_user_or_404(user_id: int) -> User:
    """Any account (admins manage them all), or 404."""
    return db.get_or_404(User, user_id)


def find_user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def accounts_page(role: str, status: str, search: str):
    """One page of accounts: admins, then practitioners, then clients, each by name."""
    role_order = case((User.role == Role.ADMIN, 0), (User.role == Role.PRACTITIONER, 1), else_=2)
    query = select(User).order_by(role_order, func.lower(User.display_name), User.id)
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if status in STATUS_FILTERS:
        query = query.where(*STATUS_FILTERS[status])
    if search:
        words = search.lower()  # % and _ match themselves (autoescape)
        query = query.where(or_(func.lower(User.email).contains(words, autoescape=True),
                                func.lower(User.display_name).contains(words, autoescape=True)))
    return paginate(query, per_page=ACCOUNTS_PER_PAGE)


def client_counts(user_ids) -> dict[int, int]:
    """How many clients each of these practitioners has, in one query."""
    rows = db.session.execute(
        select(Client.practitioner_id, func.count(Client.id))
        .where(Client.practitioner_id.in_(list(user_ids))).group_by(Client.practitioner_id))
    return dict(rows.all())


def clients_of(practitioner: User) -> list[Client]:
    """A practitioner's clients, archived ones too (they move with the others)."""
    return list(db.session.scalars(
        select(Client).where(Client.practitioner_id == practitioner.id)
        .order_by(Client.archived_at.is_not(None), *client_name_order())))


def reassignment_targets(source: User) -> list[User]:
    """Active practitioners other than ``source``, by name."""
    return list(db.session.scalars(
        select(User).where(User.role == Role.PRACTITIONER, User.id != source.id,
                           User.is_enabled.is_(True), User.password_hash.is_not(None))
        .order_by(func.lower(User.display_name))))


def recent_activity(user: User, limit: int = 10) -> list[AuditEvent]:
    """What the account did, and what was done to it, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(or_(AuditEvent.actor_id == user.id,
                                     (AuditEvent.target_type == "User")
                                     & (AuditEvent.target_id == user.id)))
        .order_by(AuditEvent.id.desc()).limit(limit)))


# --- Option lists -----------------------------------------------------------------------------

def client_choices(empty_label: str) -> list[SelectChoice]:
    """Every client (archived ones too), grouped by practitioner, with their number."""
    rows = db.session.execute(
        select(Client.id, Client.given_name, Client.family_name, Client.archived_at,
               User.display_name)
        .join(User, User.id == Client.practitioner_id)
        .order_by(func.lower(User.display_name), *client_name_order()))
    return [SelectChoice(0, empty_label)] + [
        SelectChoice(row.id, f"{row.family_name}, {row.given_name} (#{row.id}"
                             f"{', archived' if row.archived_at else ''})",
                     optgroup=row.display_name) for row in rows]


def actor_choices(empty_label: str, include_id: int | None = None) -> list[SelectChoice]:
    """Everyone who can act in the trail: staff first (plus ``include_id``), then clients with
    a portal sign-in (named as their record is, with its number)."""
    staff = staff_choices(empty_label, include_id=include_id)
    listed = {choice.value for choice in staff}
    rows = db.session.execute(
        select(Client.portal_user_id, Client.id, Client.given_name, Client.family_name,
               Client.family_name_first)
        .where(Client.portal_user_id.is_not(None)).order_by(*client_name_order()))
    return staff + [
        SelectChoice(row.portal_user_id,
                     f"{display_name(row.given_name, row.family_name, row.family_name_first)} "
                     f"(client #{row.id})", optgroup="Clients")
        for row in rows if row.portal_user_id not in listed]


def staff_choices(empty_label: str, include_id: int | None = None) -> list[SelectChoice]:
    """Admins and practitioners (plus ``include_id``, e.g. a client picked from their account)."""
    condition = User.role.in_([Role.ADMIN, Role.PRACTITIONER])
    if include_id:
        condition = condition | (User.id == include_id)
    users = db.session.scalars(select(User).where(condition).order_by(func.lower(User.display_name)))
    return [SelectChoice(0, empty_label)] + [
        SelectChoice(user.id, f"{user.display_name} ({user.role.label.lower()})") for user in users]


def action_choices(empty_label: str) -> list[SelectChoice]:
    """The actions that occur in the audit trail, in words."""
    actions = db.session.scalars(select(AuditEvent.action).distinct())
    return [SelectChoice("", empty_label)] + sorted(
        (SelectChoice(action, f"{describe_action(action)} ({action})") for action in actions),
        key=lambda choice: choice.label)


# --- Condition types --------------------------------------------------------------------------

def get_condition_type_or_404(type_id: int) -> ConditionType:
    return db.get_or_404(ConditionType, type_id)


def condition_types() -> list[ConditionType]:
    return list(db.session.scalars(
        select(ConditionType).order_by(ConditionType.position, ConditionType.id)))


def condition_type_name_taken(name: str, except_id: int | None = None) -> bool:
    query = select(ConditionType.id).where(func.lower(ConditionType.name) == name.lower())
    if except_id is not None:
        query = query.where(ConditionType.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def condition_type_usage(condition_type_ids) -> dict[int, int]:
    """How many records refer to each condition type, over every table with a key to it.

    Found from the schema, so a feature that starts referring to condition types is counted
    without a change here.
    """
    ids = list(condition_type_ids)
    usage = dict.fromkeys(ids, 0)
    if not ids:
        return usage
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table.name != ConditionType.__tablename__:
                continue
            column = foreign_key.parent
            rows = db.session.execute(select(column, func.count()).where(column.in_(ids))
                                      .group_by(column))
            for type_id, count in rows:
                usage[type_id] += count
    return usage


# --- Exports and the outbox -------------------------------------------------------------------

def recent_exports(limit: int = 10) -> list[AuditEvent]:
    """The newest exports, complete (``export.create``) or failed part-way (``export.failed``)."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(("export.create", "export.failed")))
        .order_by(AuditEvent.id.desc()).limit(limit)))


def get_outbox_message_or_404(message_id: int) -> OutboxMessage:
    return db.get_or_404(OutboxMessage, message_id)


def outbox_page(status: str | None = None):
    """One page of the outbox, newest first; ``status`` (queued, failed, sent) narrows it."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in {s.value for s in MailStatus}:
        query = query.where(OutboxMessage.status == MailStatus(status))
    return paginate(query, per_page=OUTBOX_PER_PAGE)


def outbox_counts() -> dict[str, int]:
    """How many messages are queued, failed and sent (by status value), in one query."""
    rows = db.session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                              .group_by(OutboxMessage.status))
    counts = {status.value: 0 for status in MailStatus}
    counts.update({status.value: count for status, count in rows})
    return counts
