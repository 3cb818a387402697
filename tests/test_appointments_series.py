"""Book this plan: the plan's cadence proposed as a series at one local time (kept across the
clocks going back), adjusted, booked at once or not at all; overlaps, opening hours and
holidays refused with the reason on the row; the rest of a series cancelled together."""
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from practice.appointments.hours import PracticeHoliday
from practice.appointments.models import Appointment, AppointmentStatus
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from tests.factories.accounts import make_client
from tests.factories.appointments import make_appointment
from tests.factories.plans import make_plan
from tests.html import field_value, links, parse, text_of

#: A Monday two weeks before British Summer Time ends (Sunday 31 October 2027).
PLAN_START = date(2027, 10, 18)


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def plan(hannah):
    return make_plan(hannah, name="Lymph flow for the neck", sessions_per_week=2, weeks=3,
                     start_date=PLAN_START)


def book_path(plan) -> str:
    return f"/appointments/plans/{plan.id}/book"


def form_data(page) -> dict:
    """Every field of the page's series form as it was shown (ticked boxes only)."""
    form = parse(page).select_one("form[method=post]:has(#series), form[method=post]:has([name=first_day])")
    data = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.get("type") == "radio":
            if field.has_attr("checked"):
                data[name] = field.get("value", "")
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "y"))
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def appointments_of(client_record) -> list[Appointment]:
    db.session.expire_all()
    return db.session.scalars(select(Appointment).where(Appointment.client_id == client_record.id)
                              .order_by(Appointment.starts_at)).all()


def test_the_plan_is_proposed_from_its_cadence_and_keeps_its_local_time_over_the_clock_change(
        client, auth, practitioner, hannah, plan):
    auth.login_as(practitioner)
    assert book_path(plan) in links(client.get(f"/clients/{hannah.id}"))
    page = client.get(book_path(plan))
    assert page.status_code == 200
    rows = [row.get_text(" ", strip=True) for row in parse(page).select("#series tbody tr")]
    assert len(rows) == 6
    assert all(row.endswith("Free") for row in rows)
    data = form_data(page)
    assert [data[f"rows-{n}-day"] for n in range(6)] == [
        "2027-10-19", "2027-10-22", "2027-10-26", "2027-10-29", "2027-11-02", "2027-11-05"]
    assert data["at"] == "10:00"
    response = client.post(book_path(plan), data={**data, "book": "1"})
    assert response.status_code == 302
    booked = appointments_of(hannah)
    assert [a.starts_at.hour for a in booked] == [9, 9, 9, 9, 10, 10]  # 10:00 BST, then GMT
    assert len({a.series_key for a in booked}) == 1
    assert {a.plan_id for a in booked} == {plan.id}
    week = text_of(client.get("/appointments/week", query_string={"day": "2027-11-02"}))
    assert "10:00–" in week
    # Sent again (Back and Book, a double click): booked once.
    again = client.post(book_path(plan), data={**data, "book": "1"})
    assert again.status_code == 302
    assert len(appointments_of(hannah)) == 6


def test_the_practitioner_adjusts_the_pattern_and_any_session(client, auth, practitioner,
                                                              hannah, plan):
    auth.login_as(practitioner)
    data = form_data(client.get(book_path(plan)))
    data.update(weekdays=["0", "3"], at="14:00", weeks="1")
    proposed = client.post(book_path(plan), data={**data, "propose": "1"})
    assert proposed.status_code == 200
    data = form_data(proposed)
    assert [data[f"rows-{n}-day"] for n in range(2)] == ["2027-10-18", "2027-10-21"]
    assert "rows-2-day" not in data
    data["rows-0-include"] = []  # untick Monday
    data["rows-1-at"] = "15:30"
    assert client.post(book_path(plan), data={**data, "book": "1"}).status_code == 302
    [only] = appointments_of(hannah)
    assert only.starts_at == datetime(2027, 10, 21, 14, 30, tzinfo=UTC)


def test_overlaps_hours_and_holidays_refuse_the_series_with_the_reason_on_each_row(
        client, auth, practitioner, hannah, plan):
    rosa = make_client(practitioner, given_name="Rosa", family_name="Martinez")
    make_appointment(rosa, date(2027, 10, 22), time(10, 15))
    db.session.add(PracticeHoliday(day=date(2027, 10, 26), name="Practice training day"))
    db.session.commit()
    auth.login_as(practitioner)
    page = client.get(book_path(plan))
    rows = [row.get_text(" ", strip=True) for row in parse(page).select("#series tbody tr")]
    assert "Overlaps Rosa Martinez at 10:15." in rows[1]
    assert "closed that day (Practice training day)" in rows[2]
    data = form_data(page)
    data["rows-3-at"] = "21:00"
    refused = client.post(book_path(plan), data={**data, "book": "1"})
    assert refused.status_code == 409
    rows = [row.get_text(" ", strip=True) for row in parse(refused).select("#series tbody tr")]
    assert "Outside the practice's hours (08:00–20:00)." in rows[3]
    assert appointments_of(hannah) == []
    # Unticking the problem rows books the rest.
    for number in (1, 2, 3):
        data[f"rows-{number}-include"] = []
    assert client.post(book_path(plan), data={**data, "book": "1"}).status_code == 302
    assert len(appointments_of(hannah)) == 3


def test_a_single_booking_outside_the_hours_or_on_a_holiday_is_refused(client, auth,
                                                                       practitioner, hannah):
    db.session.add(PracticeHoliday(day=date(2030, 12, 25), name="Christmas Day"))
    db.session.commit()
    auth.login_as(practitioner)
    path = f"/appointments/clients/{hannah.id}/new"
    key = field_value(client.get(path), "form_key")
    base = {"form_key": key, "duration_minutes": "60", "plan_id": "0", "place": "", "note": ""}
    for day, at, reason in (("2030-12-25", "10:00", "closed that day (Christmas Day)"),
                            ("2030-12-22", "10:00", "does not book on Sundays"),
                            ("2030-12-23", "07:30", "Outside the practice's hours")):
        response = client.post(path, data={**base, "day": day, "at": at})
        assert response.status_code == 409
        assert reason in text_of(response, "#closed")
    assert appointments_of(hannah) == []


def test_opening_hours_and_holidays_are_set_by_an_admin(client, auth, admin_user, practitioner,
                                                        hannah):
    auth.login_as(admin_user)
    assert "/appointments/hours" in links(client.get("/admin/settings"))
    saved = client.post("/appointments/hours", data={"weekdays": ["0", "1", "2", "3", "4", "5"],
                                                     "opens_at": "07:00", "closes_at": "21:00"})
    assert saved.status_code == 302
    refused = client.post("/appointments/hours", data={"weekdays": ["0"], "opens_at": "18:00",
                                                       "closes_at": "09:00"})
    assert refused.status_code == 422
    assert "comes after its start" in text_of(refused)
    assert client.post("/appointments/hours/holidays",
                       data={"day": "2030-12-26", "name": "Boxing Day"}).status_code == 302
    assert "Boxing Day" in text_of(client.get("/appointments/hours"), "#holidays")
    auth.logout()
    auth.login_as(practitioner)
    path = f"/appointments/clients/{hannah.id}/new"
    key = field_value(client.get(path), "form_key")
    saturday_early = client.post(path, data={"form_key": key, "day": "2030-12-28", "at": "07:00",
                                             "duration_minutes": "60", "plan_id": "0"})
    assert saturday_early.status_code == 302
    boxing_day = client.post(path, data={"form_key": key + "x", "day": "2030-12-26",
                                         "at": "10:00", "duration_minutes": "60", "plan_id": "0"})
    assert boxing_day.status_code == 409


def test_cancel_one_or_the_rest_of_the_series(client, auth, practitioner, hannah, plan):
    auth.login_as(practitioner)
    data = form_data(client.get(book_path(plan)))
    client.post(book_path(plan), data={**data, "book": "1"})
    first, second, third, *rest = appointments_of(hannah)
    client.post(f"/appointments/{first.id}/cancel",
                data={"version": first.version, "cancelled_by": "client", "reason": "Away"})
    page = client.get(f"/appointments/{third.id}")
    assert "Also cancel the rest of this series" in text_of(page)
    client.post(f"/appointments/{third.id}/cancel",
                data={"version": third.version, "cancelled_by": "practitioner",
                      "reason": "Plan stopped", "rest_of_series": "y"})
    statuses = [a.status for a in appointments_of(hannah)]
    assert statuses == [AppointmentStatus.CANCELLED, AppointmentStatus.BOOKED,
                        *[AppointmentStatus.CANCELLED] * 4]
    assert second.id


def book_the_plan(client, plan) -> None:
    data = form_data(client.get(book_path(plan)))
    assert client.post(book_path(plan), data={**data, "book": "1"}).status_code == 302


def move_path(appointment) -> str:
    return f"/appointments/{appointment.id}/move-series"


def test_move_this_and_the_rest_of_the_series_in_one_step(client, auth, practitioner, hannah,
                                                         plan):
    auth.login_as(practitioner)
    book_the_plan(client, plan)  # Tue and Fri 10:00 from 19 October 2027, six sessions
    first, second, third, *_ = appointments_of(hannah)
    client.post(f"/appointments/{first.id}/cancel",
                data={"version": first.version, "cancelled_by": "client", "reason": "Away"})
    page = client.get(f"/appointments/{second.id}")
    assert move_path(second) in links(page)
    form = client.get(move_path(second))
    assert len(parse(form).select("#moving li")) == 5
    versions = {a.id: a.version for a in appointments_of(hannah)}
    moved = client.post(move_path(second), data={"version": field_value(form, "version"),
                                                 "at": "14:30", "shift_days": "-1"})
    assert moved.status_code == 302
    after = appointments_of(hannah)
    assert after[0].starts_at == first.starts_at  # cancelled before: left where it was
    # Thursdays at 14:30 local: BST (13:30 UTC) until the clocks go back, then GMT.
    assert [(a.starts_at.day, a.starts_at.hour, a.starts_at.minute) for a in after[1:]] == [
        (21, 13, 30), (25, 13, 30), (28, 13, 30), (1, 14, 30), (4, 14, 30)]
    assert all(a.version == versions[a.id] + 1 for a in after[1:])
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "appointment.reschedule")).all()
    assert sorted(event.target_id for event in events) == [a.id for a in after[1:]]
    assert all('"series": true' in event.detail for event in events)


def test_moving_the_series_is_all_or_nothing_and_lists_every_clash(client, auth, practitioner,
                                                                  hannah, plan):
    rosa = make_client(practitioner, given_name="Rosa", family_name="Martinez")
    auth.login_as(practitioner)
    book_the_plan(client, plan)
    before = [a.starts_at for a in appointments_of(hannah)]
    make_appointment(rosa, date(2027, 10, 27), time(11, 10))  # the third, moved to Wed 11:00
    db.session.add(PracticeHoliday(day=date(2027, 11, 3), name="Practice training day"))
    db.session.commit()
    first = appointments_of(hannah)[0]
    form = client.get(move_path(first))
    refused = client.post(move_path(first), data={"version": field_value(form, "version"),
                                                  "at": "11:00", "shift_days": "1"})
    assert refused.status_code == 409
    problems = [item.get_text(" ", strip=True) for item in parse(refused).select("#problems li")]
    assert len(problems) == 5  # the three Fridays become Saturdays, when the practice is closed
    assert sum("does not book on Saturdays" in problem for problem in problems) == 3
    assert "Wed 27 Oct 2027, 11:00: Overlaps Rosa Martinez at 11:10." in problems[1]
    assert "Wed 03 Nov 2027, 11:00: The practice is closed that day (Practice training day)." \
        in problems[3]
    assert [a.starts_at for a in appointments_of(hannah)] == before
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "appointment.reschedule")).all() == []


def test_moving_the_series_keeps_to_the_working_hours_and_the_lock(client, auth, practitioner,
                                                                  hannah, plan):
    auth.login_as(practitioner)
    book_the_plan(client, plan)
    first = appointments_of(hannah)[0]
    page = client.get("/appointments/my-hours")
    client.post("/appointments/my-hours", data={
        "version": field_value(page, "version"), "day_1": "09:00-17:00", "day_4": "09:00-12:00"})
    form = client.get(move_path(first))
    version = field_value(form, "version")
    late = client.post(move_path(first), data={"version": version, "at": "15:00",
                                               "shift_days": "0"})
    assert late.status_code == 409
    assert text_of(late, "#problems").count("working hours on Fridays (09:00–12:00)") == 3
    assert client.post(move_path(first), data={"version": version, "at": "", "shift_days": "0"}
                       ).status_code == 422
    moved = client.post(move_path(first), data={"version": version, "at": "11:00",
                                                "shift_days": "0"})
    assert moved.status_code == 302
    stale = client.post(move_path(first), data={"version": version, "at": "09:00",
                                                "shift_days": "0"})
    assert stale.status_code == 409
    assert "Someone changed this appointment" in text_of(stale, "#conflict")
    assert {a.starts_at.hour for a in appointments_of(hannah)} == {10, 11}  # 11:00 BST/GMT


def test_another_practitioners_series_is_not_found(client, auth, other_practitioner, hannah,
                                                   plan):
    appointment = make_appointment(hannah, date(2027, 10, 19))
    auth.login_as(other_practitioner)
    assert client.get(move_path(appointment)).status_code == 404
    assert client.post(move_path(appointment), data={"at": "11:00", "shift_days": "1"}
                       ).status_code in (400, 404)
