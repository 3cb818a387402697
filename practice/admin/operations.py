"""What an admin changes: accounts and client handover, the practice settings and condition
types, retrying mail, downloading the audit log. Each change writes its audit event; the unit
of work commits.
"""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from practice.admin.queries import condition_type_name_taken, condition_type_usage, condition_types
from practice.appointments import operations as appointments
from practice.appointments.feeds import end_feed
from practice.auth.models import Role, SessionEnd, User
from practice.auth.operations import AccountError
from practice.auth.sessions import end_sessions
from practice.clients.models import Client
from practice.core import audit, mail
from practice.core.errors import DomainError, InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version
from practice.core.settings import (
    SETTINGS_ID,
    PracticeSettings,
    forget_cached_settings,
    is_valid_timezone,
)
from practice.intakes.models import ConditionType

SETTINGS_FIELDS = ("practice_name", "timezone", "address", "phone", "email", "website",
                   "client_records_need_release")


class SettingsError(DomainError):
    """A change the settings cannot take; the message is for the admin."""


# --- Accounts ---------------------------------------------------------------------------------

def _active_admin_count() -> int:
    """Admins who can sign in now (enabled, password chosen), locked against a parallel change."""
    ids = db.session.scalars(
        select(User.id).where(User.role == Role.ADMIN, User.is_enabled.is_(True),
                              User.password_hash.is_not(None)).with_for_update()
    ).all()
    return len(ids)


def deactivate_account(user: User, by: User) -> None:
    """Stop an account signing in; its records stay. Open sessions end with the new stamp."""
    if user.id == by.id:
        raise AccountError("You cannot deactivate your own account. Ask another admin.")
    if not user.is_enabled:
        raise InvalidState(f"{user.display_name} is already deactivated.")
    if user.is_admin and user.is_active and _active_admin_count() <= 1:
        raise InvalidState(f"{user.display_name} is the last active admin. Invite or reactivate "
                           "another admin first, so someone can still manage the practice.")
    user.is_enabled = False
    end_sessions(user, SessionEnd.DEACTIVATED)
    end_feed(user)
    user.rotate_security_stamp()
    audit.record("account.deactivate", user, detail={"email": user.email, "role": user.role.value})


def reactivate_account(user: User) -> None:
    if user.is_enabled:
        raise InvalidState(f"{user.display_name} is already active.")
    user.is_enabled = True
    audit.record("account.reactivate", user, detail={"email": user.email, "role": user.role.value})


def _clients_to_hand_over(source: User, target: User | None, client_ids: list[int] | None, *,
                          lock: bool) -> list[Client]:
    if target is None or target.id == source.id or not target.is_practitioner \
            or not target.is_active:
        raise AccountError("Choose another active practitioner.")
    query = select(Client).where(Client.practitioner_id == source.id)
    if lock:
        query = query.with_for_update()
    if client_ids is not None:
        query = query.where(Client.id.in_(client_ids))
    found = list(db.session.scalars(query.order_by(Client.id)))
    if client_ids is not None and len(found) != len(set(client_ids)):
        raise AccountError("Some of the chosen clients are no longer with this practitioner. "
                           "Reload the page and choose again.")
    if not found:
        raise AccountError(f"{source.display_name} has no clients to hand over.")
    return found


@dataclass(frozen=True)
class Handover:
    """The clients a handover moves and their booked appointments still to come."""

    clients: list[Client]
    appointments: list[appointments.Handed]

    @property
    def needing_new_time(self) -> list[appointments.Handed]:
        return [each for each in self.appointments if each.problem]


def review_handover(source: User, target: User | None, client_ids: list[int] | None
                    ) -> Handover:
    """What a handover would move (all of ``source``'s clients, or those in ``client_ids``,
    and their coming appointments, each with what stands in its way with ``target``), for the
    admin to confirm; nothing changes yet. Refuses what ``reassign_clients`` would refuse."""
    clients = _clients_to_hand_over(source, target, client_ids, lock=False)
    return Handover(clients, appointments.review_hand_over([c.id for c in clients], target))


def reassign_clients(source: User, target: User | None, client_ids: list[int] | None
                     ) -> Handover:
    """Give ``source``'s clients (all, or those in ``client_ids``) to ``target``; one event each.

    All or nothing: when one of ``client_ids`` has moved on since the admin chose it, nobody
    moves. Archived clients move too: their records stay with whoever now looks after the
    others. Their booked appointments still to come move with them, including those that
    need a new time with ``target`` (named in the result and in each one's event).
    """
    moved = _clients_to_hand_over(source, target, client_ids, lock=True)
    for client in moved:
        client.practitioner = target
        client.touch()
        audit.record("client.reassign", client, client_id=client.id,
                     detail={"from_practitioner_id": source.id, "to_practitioner_id": target.id})
    return Handover(moved, appointments.hand_over([client.id for client in moved], target))


# --- Practice settings ------------------------------------------------------------------------

def save_settings(values: dict, submitted_version: str | None, user: User) -> list[str]:
    """Store the submitted settings; return the names of the fields that changed.

    The first save creates the settings row. After that, a save from a form opened before
    someone else's save raises ``Conflict`` (``core.locking``) instead of overwriting it.
    """
    if not is_valid_timezone(values["timezone"]):
        raise SettingsError("Choose a time zone from the list, e.g. Europe/London.")
    settings = db.session.get(PracticeSettings, SETTINGS_ID)
    if settings is None:
        settings = PracticeSettings(id=SETTINGS_ID)
        db.session.add(settings)
    changed = [name for name in SETTINGS_FIELDS
               if (getattr(settings, name) or None) != (values[name] or None)]
    if not changed:
        return []
    if settings.updated_at is not None:  # stored before: the form must be of the stored version
        claim_version(settings, submitted_version)
    for name in SETTINGS_FIELDS:
        value = values[name]
        setattr(settings, name, value if isinstance(value, bool) else value or None)
    settings.updated_by_id = user.id
    audit.record("settings.change", settings, detail={"fields": changed,
                                                      "timezone": settings.timezone})
    forget_cached_settings()
    return changed


# --- Condition types --------------------------------------------------------------------------

def add_condition_type(name: str, description: str | None) -> ConditionType:
    name = name.strip()
    if condition_type_name_taken(name):
        raise SettingsError("A condition type with this name already exists.")
    last = db.session.scalar(select(func.max(ConditionType.position))) or 0
    condition_type = ConditionType(name=name, description=(description or "").strip() or None,
                                   position=last + 1, is_active=True)
    db.session.add(condition_type)
    audit.record("condition_type.create", condition_type, detail={"name": name})
    return condition_type


def update_condition_type(condition_type: ConditionType, name: str, description: str | None) -> None:
    name = name.strip()
    if condition_type_name_taken(name, except_id=condition_type.id):
        raise SettingsError("A condition type with this name already exists.")
    old_name = condition_type.name
    condition_type.name = name
    condition_type.description = (description or "").strip() or None
    audit.record("condition_type.change", condition_type, detail={"from": old_name, "to": name})


def move_condition_type(condition_type: ConditionType, step: int) -> None:
    """Move one place up (-1) or down (+1); positions are renumbered 1..n."""
    ordered = condition_types()
    index = ordered.index(condition_type)
    target = index + step
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    audit.record("condition_type.reorder", condition_type, detail={"position": target + 1})


def set_condition_type_active(condition_type: ConditionType, active: bool) -> None:
    """Retire (no longer offered on new intakes; old intakes keep it) or bring back."""
    condition_type.is_active = active
    audit.record("condition_type.restore" if active else "condition_type.retire", condition_type,
                 detail={"name": condition_type.name})


def delete_condition_type(condition_type: ConditionType) -> None:
    """Delete a type nothing refers to; a used one must be retired instead."""
    in_use = InvalidState(f"“{condition_type.name}” is used on intake records, so it cannot be "
                          "deleted. Retire it instead: it stays on those records but is no "
                          "longer offered.")
    if condition_type_usage([condition_type.id])[condition_type.id]:
        raise in_use
    audit.record("condition_type.delete", condition_type, detail={"name": condition_type.name})
    db.session.delete(condition_type)
    try:
        db.session.flush()
    except IntegrityError as exc:  # an intake took the type up between the check and the delete
        raise in_use from exc


# --- Mail and the audit log -------------------------------------------------------------------

def retry_mail() -> tuple[int, int]:
    """Try every queued or failed message with attempts left again now; return (sent, still
    failing). Nothing to try is not worth an audit event."""
    sent, failed = mail.retry_failed()
    if sent or failed:
        audit.record("mail.retry", detail={"sent": sent, "failed": failed})
    return sent, failed


def retry_one_message(message: mail.OutboxMessage) -> bool:
    """Try one message again, also one that used up its automatic attempts; return whether it
    was sent this time."""
    if message.status is mail.MailStatus.SENT:
        raise InvalidState("That message has already been sent.")
    sent = mail.retry_message(message)
    audit.record("mail.retry", message, detail={"sent": int(sent), "failed": int(not sent)})
    return sent


def record_audit_export(filters: dict[str, str]) -> None:
    """An admin downloads (part of) the audit trail: that download is on the trail too."""
    audit.record("audit.export", detail={"format": "csv", "filters": filters})
