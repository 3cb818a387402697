"""Reminders the day before: one email per appointment, only to clients who agreed to them.

``send_reminders`` is what ``flask --app wsgi send-reminders`` runs, as often as cron likes:
an appointment is claimed for its reminder with a conditional UPDATE (``reminder_queued_at``
still empty), so two runs at once, or a run repeated, queue it once. The message goes through
the one outbox as kind ``reminder``: it is queued only for a client who opted in, and a send
that fails stays in the outbox for admins (Settings -> Outgoing mail), never queued again here.
A client who has not opted in is left unclaimed, so one who opts in before the day still gets it.
"""
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import contains_eager, joinedload

from practice.appointments.models import Appointment, AppointmentStatus
from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import local_datetime, start_of_local_day
from practice.core.extensions import db
from practice.core.mail import MessageKind, client_opted_in, queue_mail
from practice.core.settings import practice_settings


def due_tomorrow(now: datetime) -> list[Appointment]:
    """Booked appointments on the practice's next day whose reminder is not yet queued."""
    tomorrow = local_datetime(now).date() + timedelta(days=1)
    return db.session.scalars(
        select(Appointment).join(Appointment.client)
        .where(Appointment.status == AppointmentStatus.BOOKED,
               Appointment.reminder_queued_at.is_(None),
               Appointment.starts_at >= start_of_local_day(tomorrow),
               Appointment.starts_at < start_of_local_day(tomorrow + timedelta(days=1)),
               Client.archived_at.is_(None), Client.email.is_not(None))
        .options(contains_eager(Appointment.client), joinedload(Appointment.practitioner))
        .order_by(Appointment.starts_at)).all()


def _claim(appointment: Appointment, now: datetime) -> bool:
    claimed = db.session.execute(
        update(Appointment).where(Appointment.id == appointment.id,
                                  Appointment.reminder_queued_at.is_(None))
        .values(reminder_queued_at=now).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def reminder_text(appointment: Appointment) -> tuple[str, str]:
    settings = practice_settings()
    when = local_datetime(appointment.starts_at)
    subject = f"Reminder: your session tomorrow at {when:%H:%M}"
    lines = [f"Hello {appointment.client.given_name},", "",
             f"A reminder of your session with {appointment.practitioner.display_name} "
             f"tomorrow, {when:%A %d %B} at {when:%H:%M} ({appointment.duration_minutes} "
             "minutes)."]
    if appointment.place:
        lines.append(f"Where: {appointment.place}")
    lines += ["", "To move or cancel it, ask in the portal (Appointments)"
              + (f" or call {settings.phone}." if settings.phone else "."),
              "", settings.practice_name]
    return subject, "\n".join(lines)


def send_reminders(now: datetime) -> tuple[int, int]:
    """Queue tomorrow's reminders; return (queued, left for clients without the opt-in)."""
    queued = not_opted_in = 0
    for appointment in due_tomorrow(now):
        if not client_opted_in(appointment.client_id):
            not_opted_in += 1
            continue
        if not _claim(appointment, now):
            continue  # another run took it
        subject, body = reminder_text(appointment)
        if queue_mail(appointment.client.email, subject, body, kind=MessageKind.REMINDER,
                      client_id=appointment.client_id):
            queued += 1
            audit.record("appointment.reminder", appointment, client_id=appointment.client_id,
                         actor=None)
    return queued, not_opted_in
