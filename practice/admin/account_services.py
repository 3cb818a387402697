"""What an admin does to accounts: deactivate, reactivate, reassign clients. Callers commit."""
from sqlalchemy import func

from practice.auth.models import Role, User
from practice.auth.services import AccountError
from practice.clients.models import Client, client_name_order
from practice.core import audit
from practice.core.extensions import db


def active_admin_count() -> int:
    """Admins who can sign in now (enabled, password chosen), locked against a parallel change."""
    ids = db.session.scalars(
        db.select(User.id).where(User.role == Role.ADMIN, User.is_enabled.is_(True),
                                 User.password_hash.is_not(None)).with_for_update()
    ).all()
    return len(ids)


def deactivate_account(user: User, by: User) -> None:
    """Stop an account signing in; its records stay. Open sessions end with the new stamp."""
    if user.id == by.id:
        raise AccountError("You cannot deactivate your own account. Ask another admin.")
    if not user.is_enabled:
        raise AccountError(f"{user.display_name} is already deactivated.")
    if user.is_admin and user.is_active and active_admin_count() <= 1:
        raise AccountError(f"{user.display_name} is the last active admin. Invite or reactivate "
                           "another admin first, so someone can still manage the practice.")
    user.is_enabled = False
    user.rotate_security_stamp()
    audit.record("account.deactivate", user, detail={"email": user.email, "role": user.role.value})


def reactivate_account(user: User) -> None:
    if user.is_enabled:
        raise AccountError(f"{user.display_name} is already active.")
    user.is_enabled = True
    audit.record("account.reactivate", user, detail={"email": user.email, "role": user.role.value})


def clients_of(practitioner: User) -> list[Client]:
    """A practitioner's clients, archived ones too (they move with the others)."""
    return list(db.session.scalars(
        db.select(Client).where(Client.practitioner_id == practitioner.id)
        .order_by(Client.archived_at.is_not(None), *client_name_order())))


def client_counts(user_ids) -> dict[int, int]:
    """How many clients each of these practitioners has, in one query."""
    rows = db.session.execute(
        db.select(Client.practitioner_id, func.count(Client.id))
        .where(Client.practitioner_id.in_(list(user_ids))).group_by(Client.practitioner_id))
    return dict(rows.all())


def reassignment_targets(source: User) -> list[User]:
    """Active practitioners other than ``source``, by name."""
    return list(db.session.scalars(
        db.select(User).where(User.role == Role.PRACTITIONER, User.id != source.id,
                              User.is_enabled.is_(True), User.password_hash.is_not(None))
        .order_by(func.lower(User.display_name))))


def reassign_clients(source: User, target: User, client_ids: list[int] | None) -> list[Client]:
    """Give ``source``'s clients (all, or those in ``client_ids``) to ``target``; one event each."""
    if target.id == source.id or not target.is_practitioner or not target.is_active:
        raise AccountError("Choose another active practitioner.")
    query = db.select(Client).where(Client.practitioner_id == source.id).with_for_update()
    if client_ids is not None:
        query = query.where(Client.id.in_(client_ids))
    moved = list(db.session.scalars(query.order_by(Client.id)))
    if client_ids is not None and len(moved) != len(set(client_ids)):
        raise AccountError("Some of the chosen clients are no longer with this practitioner. "
                           "Reload the page and choose again.")
    if not moved:
        raise AccountError(f"{source.display_name} has no clients to hand over.")
    for client in moved:
        client.practitioner = target
        client.touch()
        audit.record("client.reassign", client, client_id=client.id,
                     detail={"from_practitioner_id": source.id, "to_practitioner_id": target.id})
    return moved
