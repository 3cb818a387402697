"""The demo practice's week: opening hours, and each practitioner's clients booked through this
week and the next (Today shows some), earlier ones attended, one missed and one cancelled by the
client."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from practice.appointments.hours import HOURS_ID, OpeningHours
from practice.appointments.models import Appointment, AppointmentStatus, CancelledBy, PlaceKind
from practice.core.extensions import db
from practice.demo.admin import DEMO_SETTINGS
from practice.plans.models import PlanStatus, SessionPlan

#: The local start times a practitioner's day is booked at, in turn.
SLOTS = (time(9, 0), time(10, 30), time(13, 0), time(14, 30), time(16, 0))
#: Left without a booking: her plan shows on Today as having nothing booked.
UNBOOKED = {"Margaret O'Brien"}
PLACES = ((PlaceKind.ROOM, "Treatment room 1"), (PlaceKind.ROOM, "Treatment room 2"),
          (PlaceKind.ONLINE, "https://meet.example.org/riverside"))


def seed_appointments(context) -> None:
    db.session.add(OpeningHours(id=HOURS_ID, weekdays="0,1,2,3,4", opens_at=time(8, 30),
                                closes_at=time(18, 0), updated_by_id=context.admins[0].id))
    zone = ZoneInfo(DEMO_SETTINGS["timezone"])
    today = context.now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    plans = {plan.client_id: plan for plan in db.session.scalars(
        select(SessionPlan).where(SessionPlan.status == PlanStatus.ACTIVE)
        .order_by(SessionPlan.start_date))}
    for practitioner in context.practitioners:
        clients = [client for client in context.clients
                   if client.practitioner_id == practitioner.id and not client.is_archived
                   and client.full_name not in UNBOOKED]
        turn = 0
        for offset in range(10):  # this week and next, Monday to Friday
            day = monday + timedelta(days=offset + 2 * (offset // 5))
            for slot in SLOTS[:2 + (offset % 2)]:
                client = clients[turn % len(clients)]
                turn += 1
                starts_at = datetime.combine(day, slot, tzinfo=zone).astimezone(UTC)
                appointment = Appointment(
                    client_id=client.id, practitioner_id=practitioner.id,
                    created_by_id=practitioner.id, plan=plans.get(client.id),
                    place=PLACES[turn % len(PLACES)][1],
                    place_kind=PLACES[turn % len(PLACES)][0], status=AppointmentStatus.BOOKED,
                    created_at=context.now - timedelta(days=14))
                appointment.schedule(starts_at, 60)
                if day < today:
                    _past(appointment, turn, context.now)
                db.session.add(appointment)


def _past(appointment: Appointment, turn: int, now: datetime) -> None:
    if turn % 7 == 3:
        appointment.status = AppointmentStatus.NO_SHOW
    elif turn % 7 == 5:
        appointment.status = AppointmentStatus.CANCELLED
        appointment.cancelled_by = CancelledBy.CLIENT
        appointment.cancel_reason = "Phoned in the morning: a flare-up, too sore to travel."
        appointment.cancelled_at = appointment.starts_at - timedelta(hours=3)
    else:
        appointment.status = AppointmentStatus.ATTENDED
