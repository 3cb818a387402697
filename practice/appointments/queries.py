"""Owner-scoped loading of appointments, the week, the day, and the client overview section."""
from datetime import date, datetime, timedelta

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from practice.appointments.models import Appointment, AppointmentStatus
from practice.clients.banner import badges_for
from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404, is_record_id
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.clock import local_datetime, start_of_local_day
from practice.core.database import now_utc
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.plans.models import PlanStatus, SessionPlan
from practice.treatments.recorded import on_session_page

#: The overview lists this many upcoming appointments.
OVERVIEW_LIMIT = 5
#: Weeks shown are within this many weeks of today (a mistyped year finds nothing to break).
WEEK_RANGE = 520


def get_client_for_booking_or_404(client_id: int) -> Client:
    """The client a booking form is for; opening it on an archived record is refused."""
    client = get_client_or_404(client_id)
    if request.method == "GET":
        ensure_not_archived(client)
    audit.record_view("client.view", client, client_id=client.id, detail={"page": "book"})
    return client


def _mine():
    return (select(Appointment).join(Appointment.client)
            .where(Client.practitioner_id == current_user.id)
            .options(contains_eager(Appointment.client), joinedload(Appointment.plan)))


def get_appointment_or_404(appointment_id: int) -> Appointment:
    """One of the signed-in practitioner's clients' appointments, or 404 (audited as a view)."""
    if not is_record_id(appointment_id):
        raise NotFound()
    appointment = one_or_404(_mine().where(Appointment.id == appointment_id))
    audit.record_view("appointment.view", appointment, client_id=appointment.client_id)
    return appointment


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(user, monday: date) -> list[tuple[date, list[Appointment]]]:
    """Each day of the week from ``monday`` with its appointments in time order: one query."""
    days = [monday + timedelta(days=offset) for offset in range(7)]
    found = db.session.scalars(
        _mine().where(Appointment.starts_at >= start_of_local_day(days[0]),
                      Appointment.starts_at < start_of_local_day(days[-1] + timedelta(days=1)))
        .order_by(Appointment.starts_at, Appointment.id)).all()
    by_day: dict[date, list[Appointment]] = {day: [] for day in days}
    for appointment in found:
        by_day[local_datetime(appointment.starts_at).date()].append(appointment)
    return list(by_day.items())


def appointments_of_day(user, day: date) -> list[Appointment]:
    """The day's appointments, cancelled ones left out, in time order: one query."""
    return list(db.session.scalars(
        _mine().where(Appointment.starts_at >= start_of_local_day(day),
                      Appointment.starts_at < start_of_local_day(day + timedelta(days=1)),
                      Appointment.status != AppointmentStatus.CANCELLED)
        .order_by(Appointment.starts_at, Appointment.id)).all())


def next_of(appointments: list[Appointment], moment: datetime) -> Appointment | None:
    """The first still booked appointment not yet over at ``moment``: what Today puts on top."""
    return next((each for each in appointments if each.is_booked and each.ends_at > moment), None)


def badges_of(appointments: list[Appointment]) -> dict[int, list[str]]:
    """The clients' list badges ("Precautions"), by client id: a query per kind of badge."""
    return badges_for(list({a.client_id: a.client for a in appointments}.values()))


def next_appointment(user, moment: datetime) -> Appointment | None:
    return db.session.scalars(
        _mine().where(Appointment.starts_at >= moment,
                      Appointment.status == AppointmentStatus.BOOKED)
        .order_by(Appointment.starts_at).limit(1)).first()


def _of_client(client: Client):
    return (select(Appointment).where(Appointment.client_id == client.id)
            .options(joinedload(Appointment.plan)))


@overview_section("appointments", "Appointments", "appointments/_overview_section.html", order=24)
def appointments_section(client: Client) -> dict:
    """Always shown (Book starts here): the next booked appointments and the last one, with how
    many are booked, and the active plans to book; four queries."""
    moment = now_utc()
    booked = (_of_client(client).where(Appointment.starts_at >= moment,
                                       Appointment.status == AppointmentStatus.BOOKED))
    upcoming = db.session.scalars(booked.order_by(Appointment.starts_at)
                                  .limit(OVERVIEW_LIMIT)).all()
    total = db.session.scalar(select(func.count()).select_from(booked.subquery()))
    last = db.session.scalars(_of_client(client).where(Appointment.starts_at < moment)
                              .order_by(Appointment.starts_at.desc()).limit(1)).first()
    plans = db.session.scalars(select(SessionPlan).where(
        SessionPlan.client_id == client.id, SessionPlan.status == PlanStatus.ACTIVE)
        .order_by(SessionPlan.start_date, SessionPlan.id)).all()
    return {"upcoming": upcoming, "upcoming_total": total, "last": last, "plans": plans}


def get_plan_for_booking_or_404(plan_id: int) -> SessionPlan:
    """One of the signed-in practitioner's clients' plans, to book; refused on an archived
    record when the form is opened."""
    if not is_record_id(plan_id):
        raise NotFound()
    plan = one_or_404(select(SessionPlan).join(SessionPlan.client)
                      .where(SessionPlan.id == plan_id, Client.practitioner_id == current_user.id)
                      .options(contains_eager(SessionPlan.client)))
    if request.method == "GET":
        ensure_not_archived(plan.client)
    audit.record_view("client.view", plan.client, client_id=plan.client_id,
                      detail={"page": "book_plan"})
    return plan


def open_requests(user) -> list[Appointment]:
    """Clients' requests to cancel or move, waiting for an answer, oldest first: one query."""
    return db.session.scalars(
        _mine().where(Appointment.change_request.is_not(None),
                      Appointment.status == AppointmentStatus.BOOKED)
        .order_by(Appointment.change_requested_at).limit(OVERVIEW_LIMIT * 4)).all()


# --- the client's own, in the portal ------------------------------------------------------------

def _own():
    return (select(Appointment).join(Appointment.client)
            .where(Client.portal_user_id == current_user.id)
            .options(contains_eager(Appointment.client), joinedload(Appointment.practitioner)))


def get_own_appointment_or_404(appointment_id: int) -> Appointment:
    """One of the signed-in client's own appointments, or 404."""
    if not is_record_id(appointment_id):
        raise NotFound()
    return one_or_404(_own().where(Appointment.id == appointment_id))


def own_appointments(moment: datetime) -> tuple[list[Appointment], list[Appointment]]:
    """The client's appointments to come (booked or cancelled) and the last few: two queries."""
    coming = db.session.scalars(_own().where(Appointment.starts_at >= moment)
                                .order_by(Appointment.starts_at).limit(OVERVIEW_LIMIT * 4)).all()
    past = db.session.scalars(_own().where(Appointment.starts_at < moment)
                              .order_by(Appointment.starts_at.desc()).limit(OVERVIEW_LIMIT)).all()
    return coming, past


@on_session_page
def booked_appointment_link(session) -> list[tuple[str, str, str]]:
    """A recorded session's page links back to the appointment it was booked as."""
    appointment = db.session.scalars(select(Appointment).where(
        Appointment.session_id == session.id, Appointment.client_id == session.client_id)
        .limit(1)).first()
    if appointment is None:
        return []
    when = local_datetime(appointment.starts_at).strftime("%A %d %B %Y at %H:%M")
    return [("Booked appointment", when,
             url_for("appointments.view", appointment_id=appointment.id))]
