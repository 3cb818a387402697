"""Appointments: booked from the client's record (once, audited, never on an archived record,
never over another appointment of the practitioner or the client), moved and cancelled with
the optimistic lock, shown in the practice's zone on the week and on Today, and marked attended
when the session is recorded from them."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from practice.appointments.models import Appointment, AppointmentStatus, CancelledBy, PlaceKind
from practice.appointments.queries import next_of
from practice.core.audit import AuditEvent
from practice.core.clock import local_today, start_of_local_day
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.appointments import make_appointment
from tests.factories.plans import make_plan
from tests.html import field_value, links, parse, text_of

#: A summer Tuesday: London is an hour ahead of UTC (BST).
SUMMER_DAY = date(2030, 7, 9)


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def book_path(client_record) -> str:
    return f"/appointments/clients/{client_record.id}/new"


def booking(client, client_record, **overrides) -> dict:
    page = client.get(book_path(client_record))
    assert page.status_code == 200
    data = {"form_key": field_value(page, "form_key"), "day": SUMMER_DAY.isoformat(),
            "at": "10:00", "duration_minutes": "60", "place_kind": "room", "place": "Room 2",
            "note": "",
            "plan_id": "0"}
    data.update(overrides)
    return data


def appointments_of(client_record) -> list[Appointment]:
    db.session.expire_all()
    return db.session.scalars(select(Appointment).where(Appointment.client_id == client_record.id)
                              .order_by(Appointment.starts_at)).all()


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_booking_from_the_record_stores_utc_and_shows_the_practice_time(
        client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    assert book_path(hannah) in links(client.get(f"/clients/{hannah.id}"))
    response = client.post(book_path(hannah), data=booking(client, hannah))
    assert response.status_code == 302
    [appointment] = appointments_of(hannah)
    assert appointment.starts_at == datetime(2030, 7, 9, 9, 0, tzinfo=UTC)  # 10:00 BST
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)
    assert (appointment.place, appointment.status) == ("Room 2", AppointmentStatus.BOOKED)
    page = text_of(client.get(response.headers["Location"]))
    assert "Tuesday 09 July 2030, 10:00" in page
    assert "10:00–11:00" in page
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert "Tue 09 Jul 2030, 10:00" in overview
    [event] = events("appointment.create")
    assert (event.client_id, event.target_id) == (hannah.id, appointment.id)


def test_the_same_form_sent_twice_books_once(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    data = booking(client, hannah)
    first = client.post(book_path(hannah), data=data)
    second = client.post(book_path(hannah), data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(appointments_of(hannah)) == 1
    assert "Already saved" in text_of(client.get(second.headers["Location"]))


def test_an_overlap_with_the_practitioners_or_the_clients_appointments_is_refused_and_shown(
        client, auth, practitioner, hannah):
    other = make_client(practitioner, given_name="Rosa", family_name="Martinez")
    make_appointment(other, SUMMER_DAY, time(10, 30))
    auth.login_as(practitioner)
    response = client.post(book_path(hannah), data=booking(client, hannah))
    assert response.status_code == 409
    clash = text_of(response, "#clash")
    assert "Rosa Martinez" in clash
    assert "10:30–11:30" in clash
    assert appointments_of(hannah) == []
    # The client's own appointment, booked with the same practitioner: refused as well.
    make_appointment(hannah, SUMMER_DAY, time(14, 0))
    response = client.post(book_path(hannah), data=booking(client, hannah, at="13:30"))
    assert response.status_code == 409
    assert "Hannah Price" in text_of(response, "#clash")
    # Back to back is fine; a cancelled appointment no longer holds its time.
    assert client.post(book_path(hannah), data=booking(client, hannah, at="11:30")).status_code == 302
    cancelled = make_appointment(other, SUMMER_DAY, time(16, 0),
                                 status=AppointmentStatus.CANCELLED)
    assert cancelled.id
    assert client.post(book_path(hannah), data=booking(client, hannah, at="16:00")).status_code == 302
    assert len(appointments_of(hannah)) == 3


def test_out_of_range_input_is_a_message_on_the_form(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(book_path(hannah), data=booking(client, hannah, duration_minutes="0",
                                                           day="2030-02-30", plan_id="999"))
    assert response.status_code == 422
    page = text_of(response)
    assert "Between 5 and 600 minutes." in page
    assert "Enter the date as a real day" in page
    assert appointments_of(hannah) == []


def test_an_archived_client_is_read_only(client, auth, practitioner, hannah):
    appointment = make_appointment(hannah, SUMMER_DAY)
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    assert client.get(book_path(hannah)).status_code == 409
    page = client.get(f"/appointments/{appointment.id}")
    assert page.status_code == 200
    assert f"/appointments/{appointment.id}/edit" not in links(page)
    response = client.post(f"/appointments/{appointment.id}/cancel",
                           data={"version": appointment.version, "cancelled_by": "client",
                                 "reason": "Moved away"})
    assert response.status_code == 409
    assert appointments_of(hannah)[0].status is AppointmentStatus.BOOKED


def test_another_practitioners_appointment_is_not_found(client, auth, other_practitioner, hannah):
    appointment = make_appointment(hannah, SUMMER_DAY)
    auth.login_as(other_practitioner)
    assert client.get(f"/appointments/{appointment.id}").status_code == 404
    assert client.get(f"/appointments/{appointment.id}/edit").status_code == 404
    assert client.get(book_path(hannah)).status_code == 404
    assert client.post(f"/appointments/{appointment.id}/cancel",
                       data={"reason": "x", "cancelled_by": "client"}).status_code == 404


def test_reschedule_moves_it_and_a_stale_form_shows_the_other_change(
        client, auth, practitioner, hannah):
    appointment = make_appointment(hannah, SUMMER_DAY)
    auth.login_as(practitioner)
    path = f"/appointments/{appointment.id}/edit"
    page = client.get(path)
    stale = {name: field_value(page, name) for name in
             ("version", "day", "at", "duration_minutes", "place", "plan_id")}
    stale["place_kind"] = parse(page).select_one("[name=place_kind][checked]")["value"]
    assert stale["place_kind"] == "room"
    moved = client.post(path, data={**stale, "at": "15:00"})
    assert moved.status_code == 302
    assert appointments_of(hannah)[0].starts_at == datetime(2030, 7, 9, 14, 0, tzinfo=UTC)
    response = client.post(path, data={**stale, "at": "11:00", "place": "Room 3"})
    assert response.status_code == 409
    assert "Someone changed this appointment" in text_of(response, "#conflict")
    assert appointments_of(hannah)[0].place == "Room 1"
    # Saved again from that page (now at the new version): a deliberate overwrite.
    again = {**stale, "at": "11:00", "place": "Room 3",
             "version": field_value(response, "version")}
    assert client.post(path, data=again).status_code == 302
    assert appointments_of(hannah)[0].place == "Room 3"
    assert [event.detail_dict["was"] for event in events("appointment.reschedule")] == [
        "2030-07-09T09:00:00+00:00", "2030-07-09T14:00:00+00:00"]


def test_cancel_says_by_whom_and_why(client, auth, practitioner, hannah):
    appointment = make_appointment(hannah, SUMMER_DAY)
    auth.login_as(practitioner)
    path = f"/appointments/{appointment.id}/cancel"
    missing = client.post(path, data={"version": appointment.version, "cancelled_by": "client"})
    assert missing.status_code == 422
    assert "Say why" in text_of(missing)
    response = client.post(path, data={"version": appointment.version, "cancelled_by": "client",
                                       "reason": "A flare-up; too sore to travel."})
    assert response.status_code == 302
    [stored] = appointments_of(hannah)
    assert stored.status is AppointmentStatus.CANCELLED
    assert (stored.cancelled_by, stored.cancel_reason) == (CancelledBy.CLIENT,
                                                           "A flare-up; too sore to travel.")
    assert "The client" in text_of(client.get(f"/appointments/{appointment.id}"))
    [event] = events("appointment.cancel")
    assert event.detail_dict["by"] == "client"


def test_a_missed_appointment_only_once_it_has_started(client, auth, practitioner, hannah):
    future = make_appointment(hannah, SUMMER_DAY)
    past = make_appointment(hannah, local_today() - timedelta(days=1))
    auth.login_as(practitioner)
    client.post(f"/appointments/{future.id}/no-show", data={"version": future.version})
    client.post(f"/appointments/{past.id}/no-show", data={"version": past.version})
    db.session.expire_all()
    assert db.session.get(Appointment, future.id).status is AppointmentStatus.BOOKED
    assert db.session.get(Appointment, past.id).status is AppointmentStatus.NO_SHOW


def test_the_week_shows_each_day_with_its_appointments(client, auth, practitioner, hannah):
    monday = date(2030, 7, 8)
    make_appointment(hannah, monday + timedelta(days=2), time(9, 0))
    make_appointment(hannah, monday + timedelta(days=2), time(8, 0))
    auth.login_as(practitioner)
    page = parse(client.get("/appointments/week", query_string={"day": "2030-07-11"}))
    days = page.select(".week-day")
    assert len(days) == 7
    assert "Mon 08 Jul" in days[0].get_text()
    wednesday = days[2].get_text(" ", strip=True)
    assert wednesday.index("08:00–09:00") < wednesday.index("09:00–10:00")
    assert "Hannah Price" in wednesday
    assert "Nothing booked" in days[3].get_text()


def test_the_week_and_today_take_the_same_queries_whatever_the_bookings(
        client, auth, practitioner, hannah, count_queries):
    auth.login_as(practitioner)
    today = local_today()

    def queries_for(path, **query) -> int:
        with count_queries() as statements:
            assert client.get(path, query_string=query).status_code == 200
        return len(statements)

    clients = [make_client(practitioner, given_name=f"Client{number}") for number in range(12)]
    for someone in clients:
        make_plan(someone)
    make_appointment(hannah, today, time(7, 0), minutes=30)
    few = (queries_for("/appointments/week"), queries_for("/"))
    for number, someone in enumerate(clients):
        start = time(8 + number % 10, 0) if number < 10 else time(19, number)
        make_appointment(someone, today, start, minutes=30 if number < 10 else 5)
        make_appointment(someone, today + timedelta(days=1), time(8 + number % 10, 30), minutes=5)
    assert (queries_for("/appointments/week"), queries_for("/")) == few


def test_today_lists_the_days_appointments_in_time_order_and_records_the_session(
        client, auth, practitioner, hannah):
    plan = make_plan(hannah, name="Lymph flow for the neck", steps=[
        {"technique": "Diaphragmatic breathing", "body_region": "Abdomen", "minutes": 10}])
    rosa = make_client(practitioner, given_name="Rosa", family_name="Martinez",
                       precautions="Pregnant, 30 weeks")
    today = local_today()
    later = make_appointment(hannah, today, time(15, 0), minutes=45, plan=plan)
    make_appointment(rosa, today, time(9, 0))
    make_appointment(rosa, today + timedelta(days=1), time(9, 0))
    auth.login_as(practitioner)
    home = client.get("/")
    section = text_of(home, "section[aria-labelledby=appointments-heading]")
    assert section.index("09:00–10:00 · Rosa Martinez") < section.index("15:00–15:45 · Hannah Price")
    listed = text_of(home, "section[aria-labelledby=appointments-heading] ul")
    assert listed.count("Rosa Martinez") == 1  # tomorrow's is not today's
    assert "09:00–10:00 · Rosa Martinez Precautions" in section
    assert "Hannah Price Precautions" not in section
    [record] = [link for link in links(home) if f"/sessions/clients/{hannah.id}/new" in link]
    form = client.get(record)
    assert field_value(form, "session_date") == today.isoformat()
    assert field_value(form, "session_time") == "15:00"
    assert field_value(form, "duration_minutes") == "45"
    assert parse(form).select_one("select[name=plan_id] option[selected]")["value"] == str(plan.id)
    data = {"form_key": field_value(form, "form_key"), "session_date": today.isoformat(),
            "session_time": "15:00", "duration_minutes": "45", "plan_id": str(plan.id),
            "steps-0-technique": "Diaphragmatic breathing", "steps-0-minutes": "10",
            "steps-0-performed": "y", "subjective": "Better week."}
    assert client.post(record, data=data).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Appointment, later.id)
    session = db.session.scalar(select(TreatmentSession).where(TreatmentSession.client_id == hannah.id))
    assert stored.status is AppointmentStatus.ATTENDED
    assert stored.session_id == session.id
    assert "Attended" in text_of(client.get("/"), "section[aria-labelledby=appointments-heading]")
    # The recorded session's page links back to the appointment it was booked as.
    session_page = client.get(f"/sessions/{session.id}")
    assert f"/appointments/{later.id}" in links(session_page)
    assert (f"Booked appointment: {today:%A %d %B %Y} at 15:00"
            in text_of(session_page, ".session-link"))


def test_next_of_is_the_first_booked_appointment_not_yet_over():
    noon = datetime(2030, 7, 9, 12, 0, tzinfo=UTC)
    def at(hour, status=AppointmentStatus.BOOKED):
        appointment = Appointment(status=status)
        appointment.schedule(noon.replace(hour=hour, minute=30), 60)
        return appointment
    over, cancelled, going_on, later = (at(9), at(11, AppointmentStatus.CANCELLED), at(11),
                                        at(15))
    assert next_of([over, cancelled, going_on, later], noon) is going_on
    assert next_of([over, later], noon) is later
    assert next_of([over], noon) is None


def test_today_shows_the_next_appointment_first_and_keeps_the_day_in_order(
        client, auth, practitioner, hannah):
    now = now_utc()
    starts = max(now - timedelta(minutes=5), start_of_local_day(local_today()))
    coming = Appointment(client_id=hannah.id, practitioner_id=practitioner.id,
                         created_by_id=practitioner.id, status=AppointmentStatus.BOOKED)
    coming.schedule(starts, 60)
    db.session.add(coming)
    db.session.commit()
    auth.login_as(practitioner)
    section = parse(client.get("/")).select_one("section[aria-labelledby=appointments-heading]")
    assert "Next" in section.select_one("#next-appointment").get_text(" ", strip=True)
    assert "Hannah Price" in section.select_one("#next-appointment").get_text(" ", strip=True)


def test_a_room_taken_by_another_practitioner_is_refused_without_naming_their_client(
        client, auth, practitioner, other_practitioner, hannah):
    theirs = make_client(other_practitioner, given_name="Olga", family_name="Ivanova")
    make_appointment(theirs, SUMMER_DAY, time(10, 0), place="Room 2")
    make_appointment(theirs, SUMMER_DAY, time(14, 0), place="Online: https://meet.example.org/a")
    auth.login_as(practitioner)
    response = client.post(book_path(hannah), data=booking(client, hannah, place="room 2"))
    assert response.status_code == 409
    clash = text_of(response, "#clash")
    assert "another practitioner's session in Room 2" in clash
    assert "Olga" not in text_of(response)
    online = booking(client, hannah, at="14:00", place_kind="online",
                     place="https://meet.example.org/a")
    assert client.post(book_path(hannah), data=online).status_code == 302
    assert client.post(book_path(hannah), data=booking(client, hannah, at="10:00",
                                                        place="Room 3")).status_code == 302


def test_the_place_is_a_room_or_an_online_link_chosen_explicitly(
        client, auth, practitioner, other_practitioner, hannah):
    theirs = make_client(other_practitioner, given_name="Olga", family_name="Ivanova")
    make_appointment(theirs, SUMMER_DAY, time(10, 0), place="Studio",
                     place_kind=PlaceKind.ONLINE)  # stored as online: holds no room
    make_appointment(theirs, SUMMER_DAY, time(12, 0), place="Studio", place_kind=PlaceKind.ROOM)
    auth.login_as(practitioner)
    for kind, place, message in (
            ("", "Room 2", "Say whether this is a room or an online link."),
            ("room", "https://meet.example.org/a", "That is a link: choose Online for it."),
            ("room", "R" * 61, "A room's name is short"),
            ("online", "http://meet.example.org/a", "starting with https://"),
            ("online", "javascript:alert(1)", "starting with https://"),
            ("online", "", "Give the meeting link")):
        refused = client.post(book_path(hannah), data=booking(client, hannah, place_kind=kind,
                                                               place=place))
        assert refused.status_code == 422, (kind, place)
        assert message in text_of(refused), (kind, place)
    assert appointments_of(hannah) == []
    assert client.post(book_path(hannah), data=booking(
        client, hannah, place_kind="room", place="studio")).status_code == 302
    taken = client.post(book_path(hannah), data=booking(client, hannah, at="12:00",
                                                         place_kind="room", place="STUDIO"))
    assert taken.status_code == 409
    link = "https://meet.example.org/hannah"
    response = client.post(book_path(hannah), data=booking(
        client, hannah, at="12:00", place_kind="online", place=link))
    assert response.status_code == 302
    [_, online] = appointments_of(hannah)
    assert (online.place_kind, online.place) == (PlaceKind.ONLINE, link)
    page = client.get(response.headers["Location"])
    assert parse(page).select_one("#place a")["href"] == link
