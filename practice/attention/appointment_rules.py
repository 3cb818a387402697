"""The appointments' rules: an active plan with nothing booked ahead, and a missed appointment
(the client did not come) in the last two weeks."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from practice.appointments.models import Appointment, AppointmentStatus
from practice.attention.registry import Finding, register
from practice.core.clock import local_datetime, start_of_local_day
from practice.core.extensions import db
from practice.core.formatting import format_date

#: The rule whose loader reads the appointments (the missed rule reads its data too).
KEY = "plan_not_booked"
#: A missed appointment stays on the list this many days.
MISSED_DAYS = 14


@dataclass
class AppointmentFacts:
    #: The local days of the client's booked appointments from today on.
    booked_days: list[date] = field(default_factory=list)
    #: The newest change among them (a new booking brings back an item seen).
    changed_at: datetime | None = None
    #: Missed appointments of the last weeks: ``(id, local day, changed at)``.
    missed: list[tuple[int, date, datetime]] = field(default_factory=list)


def load_appointments(client_ids, today: date) -> dict:
    """Booked appointments ahead and recent missed ones of each client: two queries."""
    found = {client_id: AppointmentFacts() for client_id in client_ids}
    booked = db.session.execute(select(Appointment.client_id, Appointment.starts_at,
                                       Appointment.updated_at).where(
        Appointment.client_id.in_(client_ids), Appointment.status == AppointmentStatus.BOOKED,
        Appointment.starts_at >= start_of_local_day(today))).all()
    for client_id, starts_at, updated_at in booked:
        facts = found[client_id]
        facts.booked_days.append(local_datetime(starts_at).date())
        facts.changed_at = max(filter(None, (facts.changed_at, updated_at)))
    missed = db.session.execute(select(Appointment.client_id, Appointment.id,
                                       Appointment.starts_at, Appointment.updated_at).where(
        Appointment.client_id.in_(client_ids), Appointment.status == AppointmentStatus.NO_SHOW,
        Appointment.starts_at >= start_of_local_day(today - timedelta(days=MISSED_DAYS)))).all()
    for client_id, appointment_id, starts_at, updated_at in missed:
        found[client_id].missed.append((appointment_id, local_datetime(starts_at).date(),
                                        updated_at))
    return found


def plan_not_booked(facts, day: date):
    """An active plan, and no appointment booked from ``day`` on."""
    booked = facts.extra.get(KEY) or AppointmentFacts()
    if any(booked_day >= day for booked_day in booked.booked_days):
        return
    for plan in facts.active_plans:
        changed = max(filter(None, (plan.updated_at, booked.changed_at)))
        yield Finding(f"plan:{plan.id}:unbooked",
                      f"\u201c{plan.name}\u201d is active, and no appointment is booked.",
                      ("appointments.book_plan", {"plan_id": plan.id}), changed)


def missed_appointment(facts, day: date):
    booked = facts.extra.get(KEY) or AppointmentFacts()
    for appointment_id, missed_day, changed in booked.missed:
        if missed_day <= day < missed_day + timedelta(days=MISSED_DAYS):
            yield Finding(f"appointment:{appointment_id}",
                          f"Did not come to the appointment of {format_date(missed_day)}.",
                          ("appointments.view", {"appointment_id": appointment_id}), changed)


register(KEY, "Active plan with nothing booked", plan_not_booked,
         load=load_appointments, watches=(Appointment,))
register("missed_appointment", "Missed appointments", missed_appointment)
