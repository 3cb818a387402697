"""The client's appointments in the portal: the next ones, each as an .ics file for their
calendar (read back with an independent parser), and asking to cancel or move one, which the
practitioner sees on Today and by email and answers from the appointment."""
from datetime import date, time, timedelta

import pytest
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from practice.appointments.models import Appointment, AppointmentStatus, ChangeRequest, PlaceKind
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.core.mail import OutboxMessage
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.appointments import make_appointment
from tests.html import field_value, links, text_of

WINTER_DAY = date(2027, 1, 12)
SUMMER_DAY = date(2027, 7, 13)


@pytest.fixture
def hannah(practitioner):
    return make_portal_client(practitioner, given_name="Hannah", family_name="Price")


def test_the_client_sees_their_next_appointments_and_only_theirs(client, auth, practitioner,
                                                                  hannah):
    record, user = hannah
    mine = make_appointment(record, SUMMER_DAY, time(10, 0), place="Treatment room 1")
    other = make_client(practitioner, given_name="Rosa", family_name="Martinez")
    theirs = make_appointment(other, SUMMER_DAY, time(14, 0))
    auth.login_as(user)
    page = client.get("/appointments/mine")
    assert "/appointments/mine" in links(client.get("/portal/"))
    text = text_of(page, "#coming")
    assert "Tuesday 13 July, 10:00–11:00" in text
    assert "Treatment room 1" in text
    assert "14:00" not in text
    assert client.get(f"/appointments/mine/{theirs.id}.ics").status_code == 404
    assert client.get(f"/appointments/mine/{theirs.id}/ask").status_code == 404
    assert client.get(f"/appointments/{mine.id}").status_code == 403


def test_an_online_session_gives_the_client_its_link(client, auth, hannah):
    record, user = hannah
    make_appointment(record, SUMMER_DAY, time(10, 0), place="https://meet.example.org/hannah",
                     place_kind=PlaceKind.ONLINE)
    make_appointment(record, SUMMER_DAY, time(15, 0), place="javascript://x",
                     place_kind=PlaceKind.ONLINE)  # stored before links were checked: no link
    auth.login_as(user)
    page = client.get("/appointments/mine")
    assert "https://meet.example.org/hannah" in links(page)
    assert not any(link.startswith("javascript") for link in links(page))


def test_an_appointment_downloads_as_ics_with_the_practice_time(client, auth, hannah):
    record, user = hannah
    summer = make_appointment(record, SUMMER_DAY, time(10, 0), place="Room 1")
    winter = make_appointment(record, WINTER_DAY + timedelta(days=365), time(10, 0), place=None)
    auth.login_as(user)
    for appointment, offset in ((summer, timedelta(hours=1)), (winter, timedelta(0))):
        response = client.get(f"/appointments/mine/{appointment.id}.ics")
        assert response.status_code == 200
        assert response.mimetype == "text/calendar"
        assert "attachment" in response.headers["Content-Disposition"]
        [event] = IcsCalendarStream.calendar_from_ics(response.data.decode()).events
        assert event.dtstart.hour == 10
        assert event.dtstart.utcoffset() == offset
        assert event.dtend - event.dtstart == timedelta(hours=1)
        assert event.uid.startswith(f"appointment-{appointment.id}@")
        assert "session with Pat Practitioner" in event.summary
    assert event.location is None
    assert "LOCATION:Room 1" in client.get(f"/appointments/mine/{summer.id}.ics").data.decode()


def test_an_online_session_carries_its_link_as_the_events_address(client, auth, hannah):
    record, user = hannah
    online = make_appointment(record, SUMMER_DAY, time(10, 0),
                              place="https://meet.example.org/qi-rosa")
    auth.login_as(user)
    [event] = IcsCalendarStream.calendar_from_ics(
        client.get(f"/appointments/mine/{online.id}.ics").data.decode()).events
    assert event.location == "https://meet.example.org/qi-rosa"
    assert event.url == "https://meet.example.org/qi-rosa"


def test_asking_to_move_tells_the_practitioner_on_today_and_by_email(
        client, auth, practitioner, hannah, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    record, user = hannah
    appointment = make_appointment(record, local_today() + timedelta(days=3), time(11, 0))
    auth.login_as(user)
    path = f"/appointments/mine/{appointment.id}/ask"
    assert client.get(path, query_string={"kind": "move"}).status_code == 200
    response = client.post(path, data={"kind": "move", "note": "Thursdays suit me better."})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Appointment, appointment.id)
    assert stored.change_request is ChangeRequest.MOVE
    assert stored.status is AppointmentStatus.BOOKED
    assert "You asked to move it" in text_of(client.get("/appointments/mine"))
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == practitioner.email
    assert "Hannah Price asks to move" in mail.subject
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "appointment.change_asked")).all()
    assert event.actor_id == user.id
    auth.logout()
    auth.login_as(practitioner)
    today = text_of(client.get("/"), "section[aria-labelledby=requests-heading]")
    assert "Hannah Price: asks to move" in today
    assert "Thursdays suit me better." in today
    view = client.get(f"/appointments/{appointment.id}")
    assert "Thursdays suit me better." in text_of(view, "#change-request")
    kept = client.post(f"/appointments/{appointment.id}/keep", data={"version": stored.version})
    assert kept.status_code == 302
    db.session.expire_all()
    assert db.session.get(Appointment, appointment.id).change_request is None
    assert "requests-heading" not in client.get("/").data.decode()


def test_a_request_sent_while_the_practitioner_reschedules_is_a_conflict_not_overwritten(
        client, auth, practitioner, hannah):
    record, user = hannah
    day = local_today() + timedelta(days=3)
    appointment = make_appointment(record, day, time(11, 0))
    auth.login_as(practitioner)
    path = f"/appointments/{appointment.id}/edit"
    opened = field_value(client.get(path), "version")
    auth.logout()
    auth.login_as(user)
    assert client.post(f"/appointments/mine/{appointment.id}/ask",
                       data={"kind": "cancel", "note": "I am ill."}).status_code == 302
    auth.logout()
    auth.login_as(practitioner)
    response = client.post(path, data={"version": opened, "day": day.isoformat(), "at": "12:00",
                                       "duration_minutes": "60", "plan_id": "0", "place": "",
                                       "note": ""})
    assert response.status_code == 409
    assert "Someone changed this appointment since you opened it" in text_of(response, "#conflict")
    db.session.expire_all()
    stored = db.session.get(Appointment, appointment.id)
    assert stored.change_request is ChangeRequest.CANCEL  # the request is not silently cleared
    assert stored.starts_at == appointment.starts_at


def test_asking_to_cancel_is_answered_by_cancelling(client, auth, practitioner, hannah):
    record, user = hannah
    appointment = make_appointment(record, local_today() + timedelta(days=3), time(11, 0))
    auth.login_as(user)
    client.post(f"/appointments/mine/{appointment.id}/ask", data={"kind": "cancel", "note": ""})
    auth.logout()
    auth.login_as(practitioner)
    answered = field_value(client.get(f"/appointments/{appointment.id}"), "version")
    client.post(f"/appointments/{appointment.id}/cancel",
                data={"version": answered, "cancelled_by": "client",
                      "reason": "Asked from the portal"})
    db.session.expire_all()
    stored = db.session.get(Appointment, appointment.id)
    assert stored.status is AppointmentStatus.CANCELLED
    assert stored.change_request is None


def test_a_past_or_archived_appointment_cannot_be_asked_about(client, auth, hannah):
    record, user = hannah
    past = make_appointment(record, local_today() - timedelta(days=2), time(11, 0))
    auth.login_as(user)
    response = client.post(f"/appointments/mine/{past.id}/ask", data={"kind": "cancel"})
    assert response.status_code == 409
    assert db.session.get(Appointment, past.id).change_request is None
