"""Working hours per practitioner: set on their own account page (or by an admin from the
practitioner's account), locked and audited; booking, rescheduling and Book this plan refuse
times outside them with the hours named, and the practice's hours and holidays still apply."""
import json
from datetime import date, time

import pytest
from sqlalchemy import select

from practice.appointments.hours import PracticeHoliday
from practice.appointments.models import Appointment
from practice.appointments.working_hours import WorkingSchedule, parse_ranges
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from tests.factories.accounts import make_client
from tests.factories.appointments import make_appointment
from tests.factories.plans import make_plan
from tests.html import field_value, links, parse, text_of

#: A Tuesday and a Thursday in July (London on BST).
TUESDAY, THURSDAY = date(2030, 7, 9), date(2030, 7, 11)
HOURS_PATH = "/appointments/my-hours"


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def week(**days) -> dict:
    """The form's fields: Monday to Sunday blank (off) unless given, e.g. day_1="09:00-13:00"."""
    return {f"day_{number}": days.get(f"day_{number}", "") for number in range(7)}


def save_hours(client, **days):
    page = client.get(HOURS_PATH)
    assert page.status_code == 200
    return client.post(HOURS_PATH, data={"version": field_value(page, "version"), **week(**days)})


def book(client, client_record, day: date, at: str, minutes: str = "60"):
    path = f"/appointments/clients/{client_record.id}/new"
    key = field_value(client.get(path), "form_key")
    return client.post(path, data={"form_key": key, "day": day.isoformat(), "at": at,
                                   "duration_minutes": minutes, "plan_id": "0", "place": "",
                                   "note": ""})


def booked(client_record) -> list[Appointment]:
    db.session.expire_all()
    return db.session.scalars(select(Appointment).where(
        Appointment.client_id == client_record.id).order_by(Appointment.starts_at)).all()


def test_a_practitioner_sets_their_week_from_their_account_and_bookings_keep_to_it(
        client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert HOURS_PATH in links(client.get("/auth/password"))
    assert "practice's opening hours apply" in text_of(client.get(HOURS_PATH), "#hours-in-use")
    saved = save_hours(client, day_1="09:00-13:00, 14:00–18:00", day_3="12:00-20:00")
    assert saved.status_code == 302
    page = client.get(HOURS_PATH)
    assert field_value(page, "day_1") == "09:00–13:00, 14:00–18:00"
    assert field_value(page, "day_0") == ""
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "working_hours.change")).all()
    assert json.loads(event.detail)["hours"]["1"] == "09:00–13:00, 14:00–18:00"

    lunch = book(client, hannah, TUESDAY, "12:30")
    assert lunch.status_code == 409
    assert (f"Outside {practitioner.display_name}'s working hours on Tuesdays "
            "(09:00–13:00, 14:00–18:00).") in text_of(lunch, "#closed")
    wednesday = book(client, hannah, date(2030, 7, 10), "10:00")
    assert wednesday.status_code == 409
    assert "does not work on Wednesdays" in text_of(wednesday, "#closed")
    assert booked(hannah) == []
    assert book(client, hannah, TUESDAY, "14:00").status_code == 302
    # Their own hours run to 20:00 on Thursdays, but the practice's opening hours still apply.
    late = book(client, hannah, THURSDAY, "19:30")
    assert late.status_code == 409
    assert "Outside the practice's hours (08:00–20:00)" in text_of(late, "#closed")
    db.session.add(PracticeHoliday(day=THURSDAY, name="Staff training"))
    db.session.commit()
    holiday = book(client, hannah, THURSDAY, "13:00")
    assert holiday.status_code == 409
    assert "closed that day (Staff training)" in text_of(holiday, "#closed")
    assert len(booked(hannah)) == 1


def test_rescheduling_outside_the_hours_is_refused(client, auth, practitioner, hannah):
    appointment = make_appointment(hannah, TUESDAY, time(9, 0))
    auth.login_as(practitioner)
    assert save_hours(client, day_1="09:00-12:00").status_code == 302
    path = f"/appointments/{appointment.id}/edit"
    data = {"version": field_value(client.get(path), "version"), "day": TUESDAY.isoformat(),
            "at": "11:30", "duration_minutes": "60", "plan_id": "0", "place": "", "note": ""}
    refused = client.post(path, data=data)
    assert refused.status_code == 409
    assert "working hours on Tuesdays (09:00–12:00)" in text_of(refused, "#closed")
    assert client.post(path, data={**data, "at": "11:00"}).status_code == 302


def test_book_this_plan_flags_and_unticks_sessions_outside_the_hours(client, auth, practitioner,
                                                                     hannah):
    plan = make_plan(hannah, name="Lymph flow", sessions_per_week=2, weeks=1,
                     start_date=date(2030, 7, 8))  # Tuesday and Friday at 10:00
    auth.login_as(practitioner)
    assert save_hours(client, day_1="09:00-17:00", day_4="14:00-18:00").status_code == 302
    page = client.get(f"/appointments/plans/{plan.id}/book")
    rows = parse(page).select("#series tbody tr")
    assert [row.select_one("[type=checkbox]").has_attr("checked") for row in rows] == [True, False]
    assert "working hours on Fridays (14:00–18:00)" in rows[1].get_text(" ", strip=True)
    assert "Free" in rows[0].get_text(" ", strip=True)


def test_no_hours_of_their_own_falls_back_to_the_practice_and_clearing_them_does_too(
        client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert book(client, hannah, date(2030, 7, 10), "08:00").status_code == 302
    assert save_hours(client, day_1="09:00-12:00").status_code == 302
    assert book(client, hannah, date(2030, 7, 17), "08:00").status_code == 409
    page = client.get(HOURS_PATH)
    cleared = client.post(HOURS_PATH, data={"version": field_value(page, "version"),
                                            "use_practice_hours": "1"})
    assert cleared.status_code == 302
    assert db.session.scalars(select(WorkingSchedule)).all() == []
    assert book(client, hannah, date(2030, 7, 17), "08:00").status_code == 302


def test_unreadable_or_overlapping_ranges_are_explained_on_the_form(client, auth, practitioner):
    auth.login_as(practitioner)
    for typed, message in (("nine to five", "as a range"), ("13:00-09:00", "end comes before"),
                           ("09:00-12:00, 11:00-14:00", "overlap"), ("25:00-26:00", "not a time")):
        response = save_hours(client, day_0=typed)
        assert response.status_code == 422, typed
        assert message in text_of(response), typed
    assert db.session.scalars(select(WorkingSchedule)).all() == []
    assert parse_ranges("14:00-18:00; 9.00 to 12.30") == [(time(9), time(12, 30)),
                                                         (time(14), time(18))]


def test_a_stale_form_gets_the_conflict_message_instead_of_overwriting(client, auth,
                                                                       practitioner):
    auth.login_as(practitioner)
    stale = field_value(client.get(HOURS_PATH), "version")
    assert save_hours(client, day_0="09:00-17:00").status_code == 302
    response = client.post(HOURS_PATH, data={"version": stale, **week(day_2="10:00-11:00")})
    assert response.status_code == 409
    assert "changed since you opened the page" in text_of(response, "#conflict")
    assert field_value(client.get(HOURS_PATH), "day_0") == "09:00–17:00"


def test_an_admin_sees_and_sets_a_practitioners_hours_from_their_account(
        client, auth, admin_user, practitioner, other_practitioner):
    path = f"/appointments/practitioners/{practitioner.id}/hours"
    auth.login_as(practitioner)
    assert client.get(path).status_code == 403
    auth.logout()
    auth.login_as(admin_user)
    account = client.get(f"/admin/accounts/{practitioner.id}")
    assert path in links(account)
    assert "practice's opening hours apply" in text_of(account, "#working-hours")
    page = client.get(path)
    saved = client.post(path, data={"version": field_value(page, "version"),
                                    **week(day_0="08:00-12:00")})
    assert saved.status_code == 302
    assert "08:00–12:00" in text_of(client.get(f"/admin/accounts/{practitioner.id}"),
                                    "#working-hours")
    schedule = db.session.scalar(select(WorkingSchedule).where(
        WorkingSchedule.practitioner_id == practitioner.id))
    assert schedule.updated_by_id == admin_user.id
    assert db.session.scalar(select(WorkingSchedule).where(
        WorkingSchedule.practitioner_id == other_practitioner.id)) is None
    assert client.get(f"/appointments/practitioners/{admin_user.id}/hours").status_code == 404
