"""The large practice's coming week: each practitioner booked hour by hour for seven days from
now, each appointment with a different client, so the week page and Today have content.

Booked through the appointments package's own model (``Appointment.schedule``) and its rules:
a slot the practice does not book (closed day, holiday, outside opening hours) is left empty,
each practitioner works in their own room, and no client has two appointments, so nothing
clashes (``appointments.operations.clashes`` finds nothing for any of them).
"""
from datetime import datetime, time, timedelta

from practice.appointments.hours import closed_reason, holidays_between, opening_hours
from practice.appointments.models import Appointment, AppointmentStatus, PlaceKind
from practice.core.clock import local_today, to_utc
from practice.core.extensions import db

#: The local start times booked each open day, an hour each.
SLOTS = (time(9, 0), time(10, 0), time(11, 0), time(13, 0), time(14, 0), time(15, 0),
         time(16, 0))
DAYS = 7
MINUTES = 60


def book_coming_week(clients_by_practitioner: dict[int, list[tuple[int, int | None]]],
                     now: datetime) -> int:
    """Book the coming week for each practitioner from their ``(client id, plan id)`` list, in
    turn; returns how many appointments were booked."""
    today = local_today()
    hours = opening_hours()
    holidays = holidays_between(today, today + timedelta(days=DAYS - 1))
    starts = []
    for offset in range(DAYS):
        day = today + timedelta(days=offset)
        for slot in SLOTS:
            starts_at = to_utc(day, slot)
            ends_at = starts_at + timedelta(minutes=MINUTES)
            if starts_at > now and closed_reason(starts_at, ends_at, hours, holidays) is None:
                starts.append(starts_at)
    booked = []
    for room, (practitioner_id, clients) in enumerate(sorted(clients_by_practitioner.items()),
                                                      start=1):
        for (client_id, plan_id), starts_at in zip(clients, starts, strict=False):
            appointment = Appointment(client_id=client_id, practitioner_id=practitioner_id,
                                      created_by_id=practitioner_id, plan_id=plan_id,
                                      place=f"Treatment room {room}",
                                      place_kind=PlaceKind.ROOM,
                                      status=AppointmentStatus.BOOKED,
                                      created_at=now - timedelta(days=7),
                                      updated_at=now - timedelta(days=7))
            appointment.schedule(starts_at, MINUTES)
            booked.append(appointment)
    db.session.add_all(booked)
    db.session.flush()
    return len(booked)
