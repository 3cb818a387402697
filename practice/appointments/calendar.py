"""Appointments as iCalendar (RFC 5545), written with the ``icalendar`` library.

Each event carries the practice's zone (``TZID`` with its ``VTIMEZONE``), so a calendar shows
the session at the practice's wall-clock time wherever the phone is; its ``UID`` is stable (the
practice's UUID and the appointment's id) and ``SEQUENCE`` follows the appointment's version,
so a moved or cancelled appointment updates the event already in the calendar.
"""
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event

from practice.appointments.models import Appointment, AppointmentStatus
from practice.core.clock import practice_timezone
from practice.core.database import now_utc
from practice.core.settings import practice_settings, practice_uuid

PRODUCT_ID = "-//Qi Practice//Appointments//EN"
STATUSES = {AppointmentStatus.CANCELLED: "CANCELLED"}


def _event(appointment: Appointment, summary: str, stamp, domain: str) -> Event:
    zone = practice_timezone()
    event = Event()
    event.add("uid", f"appointment-{appointment.id}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", appointment.starts_at.astimezone(zone))
    event.add("dtend", appointment.ends_at.astimezone(zone))
    event.add("summary", summary)
    event.add("sequence", appointment.version)
    event.add("status", STATUSES.get(appointment.status, "CONFIRMED"))
    if appointment.place:
        event.add("location", appointment.place)
    if appointment.online_link:  # the link as such too, for calendars that offer a Join
        event.add("url", appointment.online_link)
    return event


def calendar_bytes(appointments: Iterable[Appointment], name: str,
                   summary: Callable[[Appointment], str]) -> bytes:
    """A VCALENDAR of ``appointments``, each titled ``summary(appointment)``."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp, domain = now_utc(), f"{practice_uuid()}.qi-practice"
    for appointment in appointments:
        calendar.add_component(_event(appointment, summary(appointment), stamp, domain))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def client_summary(appointment: Appointment) -> str:
    """What a client's own calendar calls the session."""
    return f"{practice_settings().practice_name}: session with {appointment.practitioner.display_name}"
