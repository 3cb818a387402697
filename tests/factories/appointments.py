"""Test data builders for appointments."""
from datetime import date, time, timedelta

from practice.appointments.models import Appointment, AppointmentStatus, PlaceKind
from practice.core.clock import to_utc
from practice.core.extensions import db


def make_appointment(client, day: date, at: time = time(10, 0), *, minutes: int = 60, plan=None,
                     status: AppointmentStatus = AppointmentStatus.BOOKED,
                     place: str | None = "Room 1",
                     place_kind: PlaceKind | None = None) -> Appointment:
    appointment = Appointment(client_id=client.id, practitioner_id=client.practitioner_id,
                              created_by_id=client.practitioner_id, plan=plan, place=place,
                              place_kind=place_kind or (None if place is None else
                                                        PlaceKind.ONLINE if "://" in place
                                                        else PlaceKind.ROOM),
                              status=status)
    appointment.schedule(to_utc(day, at), minutes)
    db.session.add(appointment)
    db.session.commit()
    return appointment


def day_after_tomorrow(today: date) -> date:
    return today + timedelta(days=2)
