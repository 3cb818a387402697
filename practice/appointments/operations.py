"""Every change to appointments: book, reschedule, cancel, mark missed or attended; each
audited, none on an archived client's record, none that overlaps another appointment."""
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from practice.appointments.hours import closed_reason, holidays_between, opening_hours
from practice.appointments.models import (
    Appointment,
    AppointmentStatus,
    CancelledBy,
    ChangeRequest,
    PlaceKind,
    room_key,
)
from practice.appointments.working_hours import outside_reason, schedule_of
from practice.auth.models import User
from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_datetime, to_utc
from practice.core.database import now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db
from practice.core.formatting import format_datetime
from practice.core.locking import claim_version
from practice.core.mail import queue_mail
from practice.treatments.recorded import on_session_recorded


class Closed(InvalidState):
    """The time is outside the practice's hours or the practitioner's, or on a day the practice
    is closed."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class Clash(InvalidState):
    """The time overlaps other appointments of the practitioner or the client."""

    def __init__(self, clashes: list[Appointment]):
        self.clashes = clashes
        super().__init__("This time overlaps another appointment: choose another time.")


def clashes(practitioner_id: int, client_id: int, starts_at: datetime, ends_at: datetime,
            ignore_id: int | None = None, room: str | None = None,
            ignore_ids: tuple[int, ...] = ()) -> list[Appointment]:
    """Booked or attended appointments that overlap: the practitioner's, the client's, and
    anyone's in the same room (``room`` as ``room_key`` gives it; online sessions share no
    room; ``ignore_ids``: those being moved)."""
    whose = [Appointment.practitioner_id == practitioner_id, Appointment.client_id == client_id]
    if room is not None:
        whose.append(and_(Appointment.place_kind == PlaceKind.ROOM,
                          func.lower(Appointment.place) == room))
    statement = (select(Appointment).options(joinedload(Appointment.client))
                 .where(or_(*whose),
                        Appointment.status.in_((AppointmentStatus.BOOKED,
                                                AppointmentStatus.ATTENDED)),
                        Appointment.starts_at < ends_at, Appointment.ends_at > starts_at)
                 .order_by(Appointment.starts_at))
    ignored = (*ignore_ids, *(() if ignore_id is None else (ignore_id,)))
    if ignored:
        statement = statement.where(Appointment.id.not_in(ignored))
    return list(db.session.scalars(statement).all())


def _practitioner_name(practitioner_id: int) -> str:
    return db.session.get(User, practitioner_id).display_name


def _refuse_clashes(appointment: Appointment) -> None:
    local_day = local_datetime(appointment.starts_at).date()
    reason = closed_reason(appointment.starts_at, appointment.ends_at, opening_hours(),
                           holidays_between(local_day, local_day)) or outside_reason(
        appointment.starts_at, appointment.ends_at, schedule_of(appointment.practitioner_id),
        _practitioner_name(appointment.practitioner_id))
    if reason:
        raise Closed(reason)
    found = clashes(appointment.practitioner_id, appointment.client_id, appointment.starts_at,
                    appointment.ends_at, ignore_id=appointment.id, room=appointment.room)
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
                              place_kind=values["place_kind"], note=values["note"],
                              status=AppointmentStatus.BOOKED)
    appointment.schedule(values["starts_at"], values["duration_minutes"])
    _refuse_clashes(appointment)
    db.session.add(appointment)
    db.session.flush()
    _audit("appointment.create", appointment)
    return appointment


@dataclass(frozen=True)
class Handed:
    """A booked appointment a handover moves, and what stands in its way with the new
    practitioner (outside their hours, or over one of their own sessions), if anything."""

    appointment: Appointment
    problem: str | None


def _handed(client_ids: list[int], target) -> list[Handed]:
    moving = list(db.session.scalars(
        select(Appointment).options(joinedload(Appointment.client))
        .where(Appointment.client_id.in_(client_ids),
               Appointment.status == AppointmentStatus.BOOKED,
               Appointment.starts_at >= now_utc(), Appointment.practitioner_id != target.id)
        .order_by(Appointment.starts_at, Appointment.id)).all())
    schedule = schedule_of(target.id)
    moving_ids = tuple(appointment.id for appointment in moving)
    handed = []
    for appointment in moving:
        problem = outside_reason(appointment.starts_at, appointment.ends_at, schedule,
                                 target.display_name)
        if problem is None:
            theirs = [other for other in clashes(
                target.id, appointment.client_id, appointment.starts_at, appointment.ends_at,
                ignore_ids=moving_ids) if other.practitioner_id == target.id]
            if theirs:
                problem = (f"Over {target.display_name}'s session with "
                           f"{theirs[0].client.full_name} at "
                           f"{format_datetime(theirs[0].starts_at, '%H:%M')}.")
        handed.append(Handed(appointment, problem))
    return handed


def review_hand_over(client_ids: list[int], target) -> list[Handed]:
    """The booked appointments still to come that handing the clients to ``target`` would
    move, each with what would stand in its way; nothing changes."""
    return _handed(client_ids, target)


def hand_over(client_ids: list[int], target) -> list[Handed]:
    """Give the clients' booked appointments still to come to ``target`` with the clients, so
    their week, Today and clash checks are the new practitioner's; each move audited, with
    what needs a new time. Appointments already past stay with whoever saw the client.

    A handover never refuses for an appointment: one that falls outside the new
    practitioner's hours or over their own session moves too, and is named, to be moved."""
    handed = _handed(client_ids, target)
    for each in handed:
        appointment = each.appointment
        previous = appointment.practitioner_id
        appointment.practitioner_id = target.id
        appointment.version += 1  # a form opened before the handover is told, not obeyed
        _audit("appointment.reassign", appointment, from_practitioner_id=previous,
               to_practitioner_id=target.id,
               **({"needs_new_time": each.problem} if each.problem else {}))
    return handed


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
    appointment.place, appointment.place_kind = values["place"], values["place_kind"]
    appointment.note = values["note"]
    appointment.plan = values["plan"]
    appointment.clear_request()
    _refuse_clashes(appointment)
    _audit("appointment.reschedule", appointment, was=before.isoformat())


def later_in_series(appointment: Appointment) -> list[Appointment]:
    """The booked appointments of ``appointment``'s series after it, in time order."""
    if not appointment.series_key:
        return []
    return list(db.session.scalars(select(Appointment).where(
        Appointment.series_key == appointment.series_key, Appointment.id != appointment.id,
        Appointment.starts_at > appointment.starts_at,
        Appointment.status == AppointmentStatus.BOOKED).order_by(Appointment.starts_at)).all())


class SeriesMoveRefused(InvalidState):
    """Some of the moved sessions cannot go to their new time: ``problems`` lists each
    (appointment, new start, why)."""

    def __init__(self, problems: list[tuple[Appointment, datetime, str]]):
        self.problems = problems
        super().__init__("Nothing was moved: these sessions cannot go to their new time.")


def moved_start(appointment: Appointment, at: time | None, shift_days: int) -> datetime:
    """The new start: ``shift_days`` later (earlier when negative), at ``at`` local time (or its
    own time of day), so the local time holds across the clocks changing."""
    local = local_datetime(appointment.starts_at)
    return to_utc(local.date() + timedelta(days=shift_days),
                  at or local.time().replace(second=0, microsecond=0))


def move_series(appointment: Appointment, at: time | None, shift_days: int,
                submitted_version) -> list[Appointment]:
    """Move ``appointment`` and every later booked one of its series by the same change: all of
    them, each checked for hours and clashes, or none (``SeriesMoveRefused``, every problem)."""
    _ensure_changeable(appointment)
    claim_version(appointment, submitted_version)
    moving = [appointment, *later_in_series(appointment)]
    starts = [moved_start(each, at, shift_days) for each in moving]
    problems = _series_move_problems(moving, starts)
    if problems:
        raise SeriesMoveRefused(problems)
    for each, start in zip(moving, starts, strict=True):
        before = each.starts_at
        each.schedule(start, each.duration_minutes)
        if each is not appointment:
            each.version += 1
        else:
            each.clear_request()
        _audit("appointment.reschedule", each, was=before.isoformat(), series=True)
    return moving


def _series_move_problems(moving: list[Appointment], starts: list[datetime]
                          ) -> list[tuple[Appointment, datetime, str]]:
    """Why each moved session cannot take its new time: a few queries for the whole series."""
    first = moving[0]
    ends = [start + timedelta(minutes=each.duration_minutes)
            for each, start in zip(moving, starts, strict=True)]
    days = [local_datetime(start).date() for start in starts]
    hours, holidays = opening_hours(), holidays_between(min(days), max(days))
    schedule = schedule_of(first.practitioner_id)
    name = _practitioner_name(first.practitioner_id) if schedule else ""
    ids = tuple(each.id for each in moving)
    existing = []
    for room in {each.room for each in moving}:
        existing += clashes(first.practitioner_id, first.client_id, min(starts), max(ends),
                            room=room, ignore_ids=ids)
    problems = []
    for index, (each, start, end) in enumerate(zip(moving, starts, ends, strict=True)):
        problem = closed_reason(start, end, hours, holidays) or outside_reason(start, end,
                                                                               schedule, name)
        if problem is None and any(start < ends[other] and end > starts[other]
                                   for other in range(index)):
            problem = "Overlaps another session of this series."
        other = next((found for found in existing if start < found.ends_at and
                      end > found.starts_at and (found.practitioner_id == each.practitioner_id
                                                 or found.client_id == each.client_id
                                                 or (found.room is not None
                                                     and found.room == each.room))),
                     None)
        if problem is None and other is not None:
            who = (other.client.full_name if other.practitioner_id == each.practitioner_id
                   or other.client_id == each.client_id
                   else f"another practitioner's session in {other.place}")
            problem = f"Overlaps {who} at {local_datetime(other.starts_at):%H:%M}."
        if problem:
            problems.append((each, start, problem))
    return problems


def cancel(appointment: Appointment, user, cancelled_by: CancelledBy, reason: str,
           submitted_version, rest_of_series: bool = False) -> int:
    """Cancel this appointment, and with ``rest_of_series`` the booked ones of its series
    after it; return how many were cancelled."""
    _ensure_changeable(appointment)
    claim_version(appointment, submitted_version)
    cancelled = [appointment]
    if rest_of_series:
        cancelled += later_in_series(appointment)
    for each in cancelled:
        each.status = AppointmentStatus.CANCELLED
        each.cancelled_by, each.cancel_reason = cancelled_by, reason
        each.cancelled_at = now_utc()
        each.clear_request()
        if each is not appointment:
            each.version += 1
        _audit("appointment.cancel", each, by=cancelled_by.value, user_id=user.id,
               series=rest_of_series)
    return len(cancelled)


def check_series(client: Client, starts: list[datetime], duration_minutes: int,
                 room: str | None = None) -> list[str | None]:
    """For each proposed start, why it cannot be booked (closed, outside the practitioner's
    hours, or the clash), or ``None``: a few queries for the whole series."""
    if not starts:
        return []
    length = timedelta(minutes=duration_minutes)
    days = [local_datetime(start).date() for start in starts]
    hours, holidays = opening_hours(), holidays_between(min(days), max(days))
    schedule = schedule_of(client.practitioner_id)
    name = _practitioner_name(client.practitioner_id) if schedule else ""
    existing = clashes(client.practitioner_id, client.id, min(starts), max(starts) + length,
                       room=room)
    problems = []
    taken: list[tuple[datetime, datetime]] = []
    for start in starts:
        end = start + length
        problem = (closed_reason(start, end, hours, holidays)
                   or outside_reason(start, end, schedule, name))
        if problem is None and any(start < other_end and end > other_start
                                   for other_start, other_end in taken):
            problem = "Overlaps another session of this series."
        other = next((found for found in existing
                      if start < found.ends_at and end > found.starts_at), None)
        if problem is None and other is not None:
            who = (other.client.full_name if other.client.practitioner_id == client.practitioner_id
                   else f"another practitioner's session in {other.place}")
            problem = f"Overlaps {who} at {local_datetime(other.starts_at):%H:%M}."
        problems.append(problem)
        taken.append((start, end))
    return problems


def book_series(client: Client, user, starts: list[datetime], values: dict) -> list[Appointment]:
    """Book every start of a plan's series, or none: each checked for the practice's hours and
    for overlaps (``SeriesRefused`` with the problems otherwise)."""
    ensure_not_archived(client)
    if not starts:
        raise InvalidState("Choose at least one session to book.")
    problems = check_series(client, starts, values["duration_minutes"],
                            room_key(values["place_kind"], values["place"]))
    if any(problems):
        raise SeriesRefused(problems)
    key = secrets.token_hex(8)
    booked = []
    for start in starts:
        appointment = Appointment(client_id=client.id, practitioner_id=client.practitioner_id,
                                  created_by_id=user.id, plan=values["plan"],
                                  place=values["place"], place_kind=values["place_kind"],
                                  note=values["note"], series_key=key,
                                  status=AppointmentStatus.BOOKED)
        appointment.schedule(start, values["duration_minutes"])
        db.session.add(appointment)
        booked.append(appointment)
    db.session.flush()
    for appointment in booked:
        _audit("appointment.create", appointment, series=key)
    return booked


class SeriesRefused(InvalidState):
    def __init__(self, problems: list[str | None]):
        self.problems = problems
        super().__init__("Some sessions cannot be booked: change or untick them.")


def mark_no_show(appointment: Appointment, submitted_version) -> None:
    """The client did not come: only once the appointment has started."""
    _ensure_changeable(appointment)
    if appointment.starts_at > now_utc():
        raise InvalidState("This appointment has not started yet: cancel it instead.")
    claim_version(appointment, submitted_version)
    appointment.status = AppointmentStatus.NO_SHOW
    _audit("appointment.no_show", appointment)


def ask_for_change(appointment: Appointment, kind: ChangeRequest, note: str | None,
                   answer_url: str) -> None:
    """The client asks, from the portal, to cancel or move a booked appointment: the
    practitioner sees it on Today and gets an email (whatever the client's own message choice:
    it is mail to the practitioner)."""
    ensure_not_archived(appointment)
    if not appointment.is_booked or appointment.starts_at <= now_utc():
        raise InvalidState("Only a booked appointment still to come can be changed. Please "
                           "phone the practice.")
    appointment.change_request, appointment.change_request_note = kind, note
    appointment.change_requested_at = now_utc()
    appointment.version += 1  # a reschedule form opened before the request is told, not obeyed
    _audit("appointment.change_asked", appointment, request=kind.value)
    when = local_datetime(appointment.starts_at)
    practitioner = appointment.client.practitioner
    queue_mail(practitioner.email,
               f"{appointment.client.full_name} {kind.label.lower()} an appointment",
               f"{appointment.client.full_name} {kind.label.lower()} the appointment of "
               f"{when:%A %d %B at %H:%M}.\n\n"
               + (f"Their message: {note}\n\n" if note else "")
               + f"Answer it from the appointment: {answer_url}\n")


def keep_as_booked(appointment: Appointment, submitted_version) -> None:
    """The practitioner answers a client's request by keeping the appointment as it is."""
    _ensure_changeable(appointment)
    claim_version(appointment, submitted_version)
    appointment.clear_request()
    _audit("appointment.kept", appointment)


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
