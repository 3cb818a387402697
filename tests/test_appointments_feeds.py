"""Calendar feeds: a private address per practitioner and per client, read back with an
independent iCalendar parser at the practice's local times; renewing stops the old address,
deactivating ends it, a hand-over moves the client's sessions to the new practitioner's feed;
first name and initial unless the practitioner chooses otherwise; the token never reaches the
request log."""
import logging
from datetime import date, time, timedelta

import pytest
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from practice.appointments.feeds import CalendarFeed
from practice.core.clock import local_today
from practice.core.extensions import db
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.appointments import make_appointment
from tests.html import field_value


@pytest.fixture
def hannah(practitioner):
    return make_portal_client(practitioner, given_name="Hannah", family_name="Price")


def make_feed(client, auth, user) -> str:
    auth.login_as(user)
    assert client.post("/appointments/feed/renew").status_code == 302
    address = field_value(client.get("/appointments/feed"), "") or ""
    auth.logout()
    db.session.expire_all()
    token = db.session.scalar(select(CalendarFeed.token).where(CalendarFeed.user_id == user.id))
    assert address == "" or token in address
    return f"/appointments/feed/{token}.ics"


def events_of(response):
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return IcsCalendarStream.calendar_from_ics(response.data.decode()).events


def test_the_practitioners_feed_parses_with_local_times_and_short_names(
        client, auth, practitioner, hannah):
    record, _user = hannah
    # Either side of the clocks going back (31 October 2027): 10:00 local both times.
    summer = make_appointment(record, date(2027, 10, 29), time(10, 0))
    make_appointment(record, date(2027, 11, 2), time(10, 0))
    rosa = make_client(practitioner, given_name="Rosa", family_name="Martinez")
    make_appointment(rosa, local_today() + timedelta(days=1), time(9, 0))
    path = make_feed(client, auth, practitioner)
    events = sorted(events_of(client.get(path)), key=lambda event: event.dtstart)
    assert [event.summary for event in events] == ["Session: Rosa M.", "Session: Hannah P.",
                                                   "Session: Hannah P."]
    assert [(event.dtstart.hour, event.dtstart.utcoffset()) for event in events[1:]] == [
        (10, timedelta(hours=1)), (10, timedelta(0))]
    assert events[1].uid.startswith(f"appointment-{summer.id}@")
    assert "Price" not in client.get(path).data.decode()
    auth.login_as(practitioner)
    client.post("/appointments/feed/names")
    auth.logout()
    assert "Session: Hannah Price" in [event.summary for event in events_of(client.get(path))]


def test_a_clients_feed_holds_only_their_own(client, auth, practitioner, hannah):
    record, user = hannah
    make_appointment(record, local_today() + timedelta(days=2), time(11, 0))
    make_appointment(make_client(practitioner, given_name="Rosa"),
                     local_today() + timedelta(days=2), time(14, 0))
    path = make_feed(client, auth, user)
    [event] = events_of(client.get(path))
    assert event.dtstart.hour == 11
    assert "Pat Practitioner" in event.summary


def test_renewing_stops_the_old_address_at_once(client, auth, practitioner, hannah):
    old = make_feed(client, auth, practitioner)
    new = make_feed(client, auth, practitioner)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/appointments/feed/not-a-token.ics").status_code == 404


def test_deactivating_the_account_ends_its_feed(client, auth, admin_user, practitioner):
    path = make_feed(client, auth, practitioner)
    auth.login_as(admin_user)
    response = client.post(f"/admin/accounts/{practitioner.id}/deactivate",
                           data={"confirmed": "1"})
    assert response.status_code in (200, 302)
    auth.logout()
    db.session.expire_all()
    assert practitioner.is_enabled is False
    assert client.get(path).status_code == 404
    assert db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == practitioner.id)) is None


def test_a_hand_over_moves_the_clients_sessions_to_the_new_practitioners_feed(
        client, auth, practitioner, other_practitioner, hannah):
    record, _user = hannah
    make_appointment(record, local_today() + timedelta(days=3), time(10, 0))
    old_feed = make_feed(client, auth, practitioner)
    new_feed = make_feed(client, auth, other_practitioner)
    assert len(events_of(client.get(old_feed))) == 1
    record.practitioner_id = other_practitioner.id
    db.session.commit()
    assert events_of(client.get(old_feed)) == []
    assert len(events_of(client.get(new_feed))) == 1


def test_the_token_is_masked_in_the_request_log(client, auth, practitioner, caplog):
    path = make_feed(client, auth, practitioner)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO, logger="practice.requests"):
        client.get(path)
    lines = [record.getMessage() for record in caplog.records if record.name == "practice.requests"]
    assert any("/appointments/feed/***.ics" in line for line in lines)
    assert not any(token in line for line in lines)
