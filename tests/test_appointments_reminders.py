"""Reminders the day before through the outbox, only to clients who opted in, once per
appointment however often cron runs `send-reminders`; and the attention list's appointment
rules (an active plan with nothing booked, a missed appointment)."""
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from practice.appointments.models import Appointment, AppointmentStatus
from practice.appointments.reminders import send_reminders
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.mail import MailStatus, OutboxMessage
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.appointments import make_appointment
from tests.factories.plans import make_plan
from tests.html import text_of


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    return tmp_path


def opt_in(client, auth, user, choice: str = "yes") -> None:
    auth.login_as(user)
    assert client.post("/portal/messages", data={"choice": choice}).status_code == 302
    auth.logout()


def reminders() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder")
                              .order_by(OutboxMessage.id)).all()


def test_send_reminders_emails_tomorrows_opted_in_clients_once(
        app, client, auth, practitioner, outbox):
    tomorrow = local_today() + timedelta(days=1)
    hannah, hannah_user = make_portal_client(practitioner, given_name="Hannah",
                                             family_name="Price", email="hannah@example.com")
    rosa, _rosa_user = make_portal_client(practitioner, given_name="Rosa",
                                          family_name="Martinez", email="rosa@example.com")
    opt_in(client, auth, hannah_user)
    due = make_appointment(hannah, tomorrow, time(10, 0), place="Treatment room 1")
    make_appointment(rosa, tomorrow, time(11, 0))  # not opted in
    make_appointment(hannah, tomorrow + timedelta(days=1), time(10, 0))  # not yet
    make_appointment(hannah, tomorrow, time(15, 0), status=AppointmentStatus.CANCELLED)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "1 reminders sent; 1 clients" in first.output
    [message] = reminders()
    assert message.recipient == "hannah@example.com"
    assert message.status is MailStatus.SENT
    assert message.client_id == hannah.id
    [sent] = list(outbox.iterdir())
    text = sent.read_text()
    assert "tomorrow at 10:00" in text
    assert "Treatment room 1" in text
    # Cron runs again (and again): nothing more is sent.
    assert runner.invoke(args=["send-reminders", "--quiet"]).output == ""
    runner.invoke(args=["send-reminders"])
    assert len(reminders()) == 1
    assert len(list(outbox.iterdir())) == 1
    assert db.session.get(Appointment, due.id).reminder_queued_at is not None


def test_a_client_who_opts_in_before_the_day_still_gets_it(client, auth, practitioner, outbox):
    hannah, user = make_portal_client(practitioner, given_name="Hannah", email="h@example.com")
    make_appointment(hannah, local_today() + timedelta(days=1), time(10, 0))
    assert send_reminders(now_utc()) == (0, 1)
    db.session.commit()
    opt_in(client, auth, user)
    assert send_reminders(now_utc()) == (1, 0)
    db.session.commit()
    assert send_reminders(now_utc()) == (0, 0)


def test_a_failed_send_is_left_for_admins_not_queued_again(app, client, auth, practitioner,
                                                           monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 9)  # nothing listens: the send fails
    hannah, user = make_portal_client(practitioner, given_name="Hannah", email="h@example.com")
    opt_in(client, auth, user)
    make_appointment(hannah, local_today() + timedelta(days=1), time(10, 0))
    runner = app.test_cli_runner()
    runner.invoke(args=["send-reminders"])
    runner.invoke(args=["send-reminders"])
    [message] = reminders()
    assert message.status is MailStatus.FAILED


def test_an_active_plan_with_nothing_booked_and_a_missed_appointment_need_attention(
        client, auth, practitioner):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    plan = make_plan(hannah, name="Lymph flow for the neck",
                     start_date=local_today() - timedelta(days=1))
    auth.login_as(practitioner)
    today = text_of(client.get("/"))
    assert "“Lymph flow for the neck” is active, and no appointment is booked." in today
    booked = make_appointment(hannah, local_today() + timedelta(days=3), time(10, 0), plan=plan)
    missed = make_appointment(hannah, local_today() - timedelta(days=2), time(10, 0))
    client.post(f"/appointments/{missed.id}/no-show", data={"version": missed.version})
    today = text_of(client.get("/"))
    assert "no appointment is booked" not in today
    assert "Did not come to the appointment of" in today
    client.post(f"/appointments/{booked.id}/cancel",
                data={"version": booked.version, "cancelled_by": "client", "reason": "Away"})
    assert "no appointment is booked" in text_of(client.get("/"))
