"""Consent: treatment and records consent recorded with the wording's version, who and when;
the client's own opt-in to reminders and messages in the portal; and the outbox, which sends
a message of an opt-in kind only to a client who has opted in."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from practice.consent.models import ConsentMethod, ConsentRecord
from practice.consent.wording import WORDINGS, ConsentKind, current_wording, wording_of
from practice.core import mail
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.unit_of_work import unit_of_work
from tests.factories.accounts import make_client, make_portal_client
from tests.html import field_value, links, parse, text_of

TREATMENT = current_wording(ConsentKind.TREATMENT)
RECORDS = current_wording(ConsentKind.RECORDS)
MESSAGES = current_wording(ConsentKind.MESSAGES)


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def portal(practitioner):
    """A client with a portal account: ``(client, user)``."""
    return make_portal_client(practitioner, given_name="Rosa", family_name="Martinez",
                              email="rosa@example.org")


def consent_form(client, client_record, **overrides) -> dict:
    page = client.get(f"/consent/clients/{client_record.id}")
    assert page.status_code == 200
    data = {"form_key": field_value(page, "form_key"), "kinds": ["treatment", "records"],
            "decision": "given", "method": "signed_form", "given_on": local_today().isoformat(),
            "note": ""}
    data.update(overrides)
    return data


def records_of(client_record) -> list[ConsentRecord]:
    db.session.expire_all()
    return db.session.scalars(select(ConsentRecord).where(ConsentRecord.client_id == client_record.id)
                              .order_by(ConsentRecord.id)).all()


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- the wordings ---------------------------------------------------------------------------

def test_each_wording_has_its_own_version_and_each_kind_a_current_one():
    versions = [wording.version for wording in WORDINGS]
    assert len(versions) == len(set(versions))
    for kind in ConsentKind:
        wording = current_wording(kind)
        assert wording.kind is kind
        assert wording_of(wording.version) is wording
    assert wording_of("no-such-version") is None


# --- the practitioner records consent -----------------------------------------------------

def test_the_record_shows_consent_not_yet_recorded_with_a_way_to_record_it(client, auth,
                                                                            practitioner, hannah):
    auth.login_as(practitioner)
    response = client.get(f"/clients/{hannah.id}")
    section = text_of(response, "#section-consent + div, section[aria-labelledby=section-consent]")
    assert "Consent to treatment: not recorded" in section
    assert "Consent to keeping records: not recorded" in section
    assert "Reminders and other messages: not agreed" in section
    assert f"/consent/clients/{hannah.id}" in links(response)


def test_consent_is_recorded_with_the_wordings_version_who_and_when(client, auth, practitioner,
                                                                    hannah):
    auth.login_as(practitioner)
    page = text_of(client.get(f"/consent/clients/{hannah.id}"))
    assert TREATMENT.text in page
    assert RECORDS.text in page
    assert TREATMENT.version in page
    response = client.post(f"/consent/clients/{hannah.id}", data=consent_form(client, hannah))
    assert response.status_code == 302
    treatment, records = records_of(hannah)
    assert (treatment.kind, treatment.is_given, treatment.wording_version) == (
        ConsentKind.TREATMENT, True, TREATMENT.version)
    assert (records.kind, records.wording_version) == (ConsentKind.RECORDS, RECORDS.version)
    assert treatment.method is ConsentMethod.SIGNED_FORM
    assert treatment.given_on == local_today()
    assert treatment.recorded_by_id == practitioner.id
    assert treatment.recorded_at is not None
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert f"Consent to treatment: given {local_today():%d %b %Y}" in overview
    assert f"wording {TREATMENT.version}" in overview
    assert "recorded by Pat Practitioner" in overview
    [event] = events("consent.record")
    assert event.client_id == hannah.id
    assert event.detail_dict == {"kinds": ["treatment", "records"], "given": True,
                                 "method": "signed_form",
                                 "versions": [TREATMENT.version, RECORDS.version]}


def test_a_withdrawal_is_recorded_and_shown_and_the_history_keeps_both(client, auth,
                                                                       practitioner, hannah):
    auth.login_as(practitioner)
    client.post(f"/consent/clients/{hannah.id}", data=consent_form(client, hannah))
    client.post(f"/consent/clients/{hannah.id}", data=consent_form(
        client, hannah, kinds=["records"], decision="withdrawn", method="in_person",
        note="Asked by phone that we stop keeping notes."))
    assert [(r.kind, r.is_given) for r in records_of(hannah)] == [
        (ConsentKind.TREATMENT, True), (ConsentKind.RECORDS, True), (ConsentKind.RECORDS, False)]
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert "Consent to keeping records: withdrawn" in overview
    history = [row.get_text(" ", strip=True)
               for row in parse(client.get(f"/consent/clients/{hannah.id}")).select("tbody tr")]
    assert len(history) == 3
    assert "Withdrawn" in history[0]
    assert "Asked by phone" in history[0]


def test_a_consent_form_sent_twice_is_recorded_once(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    data = consent_form(client, hannah)
    client.post(f"/consent/clients/{hannah.id}", data=data)
    again = client.post(f"/consent/clients/{hannah.id}", data=data, follow_redirects=True)
    assert "Already saved" in text_of(again)
    assert len(records_of(hannah)) == 2
    assert len(events("consent.record")) == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"kinds": []}, "Tick what the client"),
    ({"kinds": ["messages"]}, "Tick what the client"),
    ({"decision": ""}, "given or withdrawn"),
    ({"method": ""}, "Say how"),
    ({"method": "portal"}, "Say how"),
    ({"given_on": (date.today() + timedelta(days=2)).isoformat()}, "cannot be in the future"),
    ({"given_on": "2026-13-01"}, "real day"),
])
def test_a_wrong_or_missing_answer_is_named(client, auth, practitioner, hannah, change, message):
    auth.login_as(practitioner)
    response = client.post(f"/consent/clients/{hannah.id}",
                           data=consent_form(client, hannah, **change))
    assert response.status_code == 422
    assert message in text_of(response)
    assert records_of(hannah) == []


def test_another_practitioners_client_is_not_found(client, auth, practitioner, other_practitioner):
    theirs = make_client(other_practitioner)
    auth.login_as(practitioner)
    assert client.get(f"/consent/clients/{theirs.id}").status_code == 404
    assert client.post(f"/consent/clients/{theirs.id}", data={"kinds": "treatment"}).status_code == 404


def test_an_archived_record_shows_its_consent_but_takes_no_new_entry(client, auth, practitioner,
                                                                     hannah):
    auth.login_as(practitioner)
    client.post(f"/consent/clients/{hannah.id}", data=consent_form(client, hannah))
    data = consent_form(client, hannah, decision="withdrawn")
    hannah.archived_at = now_utc()
    db.session.commit()
    page = client.get(f"/consent/clients/{hannah.id}")
    assert page.status_code == 200
    assert "record is archived" in text_of(page)
    assert 'name="form_key"' not in page.get_data(as_text=True)
    response = client.post(f"/consent/clients/{hannah.id}", data=data)
    assert response.status_code == 409
    assert len(records_of(hannah)) == 2


def test_opening_the_consent_page_is_audited(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    client.get(f"/consent/clients/{hannah.id}")
    [event] = events("consent.view")
    assert event.client_id == hannah.id


# --- the client's own choice about messages ------------------------------------------------

def test_the_client_agrees_to_messages_and_stops_them_in_the_portal(client, auth, portal):
    rosa, user = portal
    auth.login_as(user)
    page = text_of(client.get("/portal/messages"))
    assert "You do not receive reminders or other messages" in page
    assert MESSAGES.text in page
    assert client.post("/portal/messages", data={"choice": "yes"}).status_code == 302
    assert "You receive reminders and other messages" in text_of(client.get("/portal/messages"))
    client.post("/portal/messages", data={"choice": "no"})
    assert [(r.kind, r.is_given, r.method, r.wording_version, r.recorded_by_id)
            for r in records_of(rosa)] == [
        (ConsentKind.MESSAGES, True, ConsentMethod.PORTAL, MESSAGES.version, user.id),
        (ConsentKind.MESSAGES, False, ConsentMethod.PORTAL, MESSAGES.version, user.id)]
    assert len(events("consent.messages_on")) == 1
    assert len(events("consent.messages_off")) == 1
    assert "You do not receive reminders or other messages" in text_of(
        client.get("/portal/messages"))


def test_saying_the_same_again_records_nothing_new(client, auth, portal):
    rosa, user = portal
    auth.login_as(user)
    client.post("/portal/messages", data={"choice": "yes"})
    client.post("/portal/messages", data={"choice": "yes"})  # Back and again, a double tap
    client.post("/portal/messages", data={"choice": "no"})
    client.post("/portal/messages", data={"choice": "no"})
    assert [r.is_given for r in records_of(rosa)] == [True, False]


def test_a_nonsense_choice_changes_nothing(client, auth, portal):
    rosa, user = portal
    auth.login_as(user)
    response = client.post("/portal/messages", data={"choice": "maybe"})
    assert response.status_code == 422
    assert records_of(rosa) == []


def test_the_practitioner_sees_the_clients_choice(client, auth, practitioner, portal):
    rosa, user = portal
    auth.login_as(user)
    client.post("/portal/messages", data={"choice": "yes"})
    auth.logout()
    auth.login_as(practitioner)
    overview = text_of(client.get(f"/clients/{rosa.id}"))
    assert f"Reminders and other messages: agreed in the portal {local_today():%d %b %Y}" in overview


def test_the_client_reads_what_they_agreed_to(client, auth, practitioner, portal):
    rosa, user = portal
    auth.login_as(practitioner)
    client.post(f"/consent/clients/{rosa.id}", data=consent_form(client, rosa))
    auth.logout()
    auth.login_as(user)
    page = text_of(client.get("/portal/messages"))
    assert f"Treatment: you agreed on {local_today():%d %b %Y}" in page
    assert TREATMENT.text in page


def test_an_archived_client_can_stop_messages_but_not_start_them(client, auth, portal):
    rosa, user = portal
    auth.login_as(user)
    client.post("/portal/messages", data={"choice": "yes"})
    rosa.archived_at = now_utc()
    db.session.commit()
    client.post("/portal/messages", data={"choice": "no"})
    refused = client.post("/portal/messages", data={"choice": "yes"}, follow_redirects=True)
    assert "archived" in text_of(refused)
    assert [r.is_given for r in records_of(rosa)] == [True, False]


def test_the_audit_log_names_the_client_as_the_one_who_chose(client, auth, portal, admin_user):
    rosa, user = portal
    auth.login_as(user)
    client.post("/portal/messages", data={"choice": "yes"})
    [event] = events("consent.messages_on")
    assert (event.actor_id, event.client_id) == (user.id, rosa.id)
    auth.logout()
    auth.login_as(admin_user)
    assert "Client agreed to reminders and messages" in text_of(client.get("/admin/audit"))


# --- the outbox sends an opt-in kind of message only with the opt-in ----------------------

def _opt(client_record, given: bool, user) -> None:
    from practice.consent.operations import set_messages_choice

    with unit_of_work():
        set_messages_choice(client_record, user, given)


def test_a_reminder_goes_only_to_a_client_who_agreed(app, tmp_path, portal, monkeypatch):
    rosa, user = portal
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    with unit_of_work():
        assert not mail.queue_mail(user.email, "Your session tomorrow", "At 10:00.",
                                   kind=mail.MessageKind.REMINDER, client_id=rosa.id)
    assert db.session.scalars(select(mail.OutboxMessage)).all() == []
    _opt(rosa, True, user)
    with unit_of_work():
        assert mail.queue_mail(user.email, "Your session tomorrow", "At 10:00.",
                               kind=mail.MessageKind.REMINDER, client_id=rosa.id)
    [message] = db.session.scalars(select(mail.OutboxMessage)).all()
    assert message.status is mail.MailStatus.SENT
    assert (message.kind, message.client_id) == (mail.MessageKind.REMINDER, rosa.id)
    assert len(list(tmp_path.iterdir())) == 1


def test_a_message_waiting_when_the_client_stops_messages_is_withheld(app, tmp_path, portal,
                                                                      monkeypatch):
    rosa, user = portal
    _opt(rosa, True, user)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 9)  # nothing listens: it waits as failed
    with unit_of_work():
        mail.queue_mail(user.email, "Program changed", "Two new exercises.",
                        kind=mail.MessageKind.MESSAGE, client_id=rosa.id)
    message = db.session.scalars(select(mail.OutboxMessage)).one()
    assert message.status is mail.MailStatus.FAILED
    _opt(rosa, False, user)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    assert mail.retry_failed() == (0, 0)
    assert message.status is mail.MailStatus.WITHHELD
    assert message.body is None
    assert "not agreed" in message.last_error
    assert not mail.retry_message(message)  # an admin's Try again sends it no more
    assert list(tmp_path.iterdir()) == []


def test_account_messages_need_no_opt_in(app, tmp_path, portal, monkeypatch):
    _rosa, user = portal
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    with unit_of_work():
        assert mail.queue_mail(user.email, "Reset your password", "A link.")
    [message] = db.session.scalars(select(mail.OutboxMessage)).all()
    assert (message.kind, message.status) == (mail.MessageKind.ACCOUNT, mail.MailStatus.SENT)


def test_an_opt_in_kind_of_message_must_name_its_client(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    with pytest.raises(ValueError, match="client"):
        mail.queue_mail("someone@example.org", "Reminder", "Hi", kind=mail.MessageKind.REMINDER)


def test_the_admins_outbox_shows_a_withheld_message(client, auth, admin_user, app, tmp_path,
                                                     portal, monkeypatch):
    rosa, user = portal
    _opt(rosa, True, user)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 9)
    with unit_of_work():
        mail.queue_mail(user.email, "Program changed", "New.", kind=mail.MessageKind.MESSAGE,
                        client_id=rosa.id)
    _opt(rosa, False, user)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    mail.retry_failed()
    db.session.commit()
    auth.login_as(admin_user)
    page = client.get("/admin/mail?status=withheld")
    row = parse(page).select_one("#outbox tbody tr").get_text(" ", strip=True)
    assert "Withheld" in row
    assert "Program changed" in row
    assert "Try again" not in row


# --- exports ------------------------------------------------------------------------------

@pytest.mark.real_commits
def test_consent_records_are_in_the_csv_and_json_exports(practitioner):
    import json

    from tests.factories.exports import make_full_record
    from tests.test_exports import read_zip, run_export

    alpha = make_full_record(practitioner, "Alpha")
    rows = read_zip(run_export("csv", alpha.id))["consent_records"]
    assert {(row["kind"], row["is_given"], row["wording_version"]) for row in rows} == {
        ("treatment", "true", TREATMENT.version), ("messages", "true", MESSAGES.version)}
    document = json.loads(run_export("json", alpha.id))
    [exported] = document["clients"]
    assert {entry["kind"] for entry in exported["consent_records"]} == {"treatment", "messages"}
    assert all(entry["recorded_by_id"] and entry["recorded_at"]
               for entry in exported["consent_records"])


def test_the_demo_practice_has_consent_on_every_record_and_a_choice_about_messages(db):
    from practice.clients.models import Client
    from practice.consent.queries import has_message_opt_in, latest_consents
    from practice.demo import seed_demo

    seed_demo("demo-password-1")
    clients = {client.full_name: client for client in db.session.scalars(select(Client))}
    for client in clients.values():
        current = latest_consents(client.id)
        assert current[ConsentKind.TREATMENT].is_given, client.full_name
        assert current[ConsentKind.RECORDS].wording_version == RECORDS.version
    assert has_message_opt_in(clients["Hannah Price"].id)
    assert not has_message_opt_in(clients["Sam Taylor"].id)
    assert not has_message_opt_in(clients["Rosa Martinez"].id)
