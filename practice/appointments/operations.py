"""Every change to appointments: book, reschedule, cancel, mark missed or attended; each
audited, none on an archived client's record, none that overlaps another appointment."""
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from practice.appointments.models import Appointment, AppointmentStatus, CancelledBy
from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.database import now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db
from practice.core.locking import claim_version
from practice.treatments.recorded import on_session_recorded


class Clash(InvalidState):
    """The time overlaps other appointments of the practitioner or the client."""

    def __init__(self, clashes: list[Appointment]):
        self.clashes = clashes
        super().__init__("This time overlaps another appointment: choose another time.")


def clashes(practitioner_id: int, client_id: int, starts_at: datetime, ends_at: datetime,
            ignore_id: int | None = None) -> list[Appointment]:
    """Booked or attended appointments of the practitioner or of the client that overlap."""
    statement = (select(Appointment).options(joinedload(Appointment.client))
                 .where(or_(Appointment.practitioner_id == practitioner_id,
                            Appointment.client_id == client_id),
                        Appointment.status.in_((AppointmentStatus.BOOKED,
                                                AppointmentStatus.ATTENDED)),
                        Appointment.starts_at < ends_at, Appointment.ends_at > starts_at)
                 .order_by(Appointment.starts_at))
    if ignore_id is not None:
        statement = statement.where(Appointment.id != ignore_id)
    return list(db.session.scalars(statement).all())


def _refuse_clashes(appointment: Appointment) -> None:
    found = clashes(appointment.practitioner_id, appointment.client_id, appointment.starts_at,
                    appointment.ends_at, ignore_id=appointment.id)
    if found:
        raise Clash(found)


def _audit(action: str, appointment: Appointment, **detail) -> None:
    audit.record(action, appointment, client_id=appointment.client_id,
                 detail={"starts_at": appointment.starts_at.isoformat(), **detail})


def book(client: Client, user, values: dict) -> Appointment:
    """Book ``client`` with their practitioner (``values``: starts_at, duration_minutes, place,
    note, plan)."""
    ensure_not_archived(client)
    appointment = Appointment(client_id=client.id, practitioner_id=client.practitioner_id,
                              created_by_id=user.id, plan=values["plan"], place=values["place"],
                              note=values["note"], status=AppointmentStatus.BOOKED)
    appointment.schedule(values["starts_at"], values["duration_minutes"])
    _refuse_clashes(appointment)
    db.session.add(appointment)
    db.session.flush()
    _audit("appointment.create", appointment)
    return appointment


def _ensure_changeable(appointment: Appointment) -> None:
    ensure_not_archived(appointment)
    if not appointment.is_booked:
        raise InvalidState(f"This appointment is {appointment.status.label.lower()}: "
                           "it can no longer be changed.")


def reschedule(appointment: Appointment, values: dict, submitted_version) -> None:
    """Move or change a booked appointment, unless someone changed it since the form opened."""
    _ensure_changeable(appointment)
    claim_version(appointment, submitted_version)
    before = appointment.starts_at
    appointment.schedule(values["starts_at"], values["duration_minutes"])
    appointment.place, appointment.note = values["place"], values["note"]
    appointment.plan = values["plan"]
    _refuse_clashes(appointment)
    _audit("appointment.reschedule", appointment, was=before.isoformat())


def cancel(appointment: Appointment, user, cancelled_by: CancelledBy, reason: str,
           submitted_version) -> None:
    _ensure_changeable(appointment)
    claim_version(appointment, submitted_version)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_by, appointment.cancel_reason = cancelled_by, reason
    appointment.cancelled_at = now_utc()
    _audit("appointment.cancel", appointment, by=cancelled_by.value, user_id=user.id)


def mark_no_show(appointment: Appointment, submitted_version) -> None:
    """The client did not come: only once the appointment has started."""
    _ensure_changeable(appointment)
    if appointment.starts_at > now_utc():
        raise InvalidState("This appointment has not started yet: cancel it instead.")
    claim_version(appointment, submitted_version)
    appointment.status = AppointmentStatus.NO_SHOW
    _audit("appointment.no_show", appointment)


#: A session recorded this long before or after a booked start counts as that appointment.
SAME_SESSION_WINDOW = timedelta(hours=6)


def mark_attended(session) -> Appointment | None:
    """A session was recorded: the client's booked appointment nearest its start (within a few
    hours, with the same practitioner) is marked attended and linked to it."""
    candidates = db.session.scalars(select(Appointment).where(
        Appointment.client_id == session.client_id,
        Appointment.practitioner_id == session.practitioner_id,
        Appointment.status == AppointmentStatus.BOOKED,
        Appointment.starts_at >= session.started_at - SAME_SESSION_WINDOW,
        Appointment.starts_at <= session.started_at + SAME_SESSION_WINDOW)).all()
    if not candidates:
        return None
    appointment = min(candidates, key=lambda found: abs(found.starts_at - session.started_at))
    appointment.status = AppointmentStatus.ATTENDED
    appointment.session_id = session.id
    appointment.version += 1
    _audit("appointment.attended", appointment, session_id=session.id)
    return appointment


on_session_recorded(mark_attended)
