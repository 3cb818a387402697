"""Practice settings: name, time zone (used for every time shown) and contact details; condition types."""
import socket
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest

from practice.admin.queries import condition_type_usage
from practice.core.audit import AuditEvent
from practice.core.clock import practice_timezone
from practice.core.extensions import db
from practice.core.formatting import format_datetime
from practice.core.mail import MailStatus, OutboxMessage
from practice.core.settings import PracticeSettings, practice_settings
from practice.intakes.models import ConditionType
from tests.factories.accounts import make_client
from tests.factories.clients import make_intake
from tests.html import field_value, links, parse, text_of

VALID = {"practice_name": "Still Water Qigong", "timezone": "America/New_York",
         "address": "1 Harbour Road\nBristol", "phone": "+44 117 496 0000",
         "email": "hello@stillwater.example", "website": "https://stillwater.example"}


@pytest.fixture
def signed_in_admin(auth, admin_user):
    auth.login_as(admin_user)
    return admin_user


def stored() -> PracticeSettings | None:
    db.session.expire_all()
    return db.session.get(PracticeSettings, 1)


def test_settings_page_shows_the_defaults_until_saved(client, signed_in_admin):
    page = client.get("/admin/settings")
    assert field_value(page, "practice_name") == "Qi Practice"
    assert field_value(page, "timezone") == "Europe/London"
    assert stored() is None


def test_saving_settings_stores_and_audits_them(client, signed_in_admin):
    response = client.post("/admin/settings", data=VALID, follow_redirects=True)
    assert "Settings saved." in response.get_data(as_text=True)
    settings = stored()
    assert (settings.practice_name, settings.timezone, settings.website) == (
        "Still Water Qigong", "America/New_York", "https://stillwater.example")
    assert settings.contact_lines == ["1 Harbour Road", "Bristol", "+44 117 496 0000",
                                      "hello@stillwater.example", "https://stillwater.example"]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "settings.change"))
    assert set(event.detail_dict["fields"]) == set(VALID)
    again = client.post("/admin/settings", data=VALID, follow_redirects=True)
    assert "Nothing changed." in again.get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("timezone", "Mars/Olympus_Mons", "Not a valid choice"),
    ("timezone", "../../etc/passwd", "Not a valid choice"),
    ("practice_name", "", "This field is required"),
    ("email", "not-an-email", "Invalid email address"),
    ("website", "stillwater.example", "Enter a full address"),
    ("website", "ftp://stillwater.example", "Start the address with https://"),
])
def test_bad_settings_are_explained_and_not_stored(client, signed_in_admin, field, value, message):
    response = client.post("/admin/settings", data={**VALID, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored() is None


def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused(client, signed_in_admin):
    client.post("/admin/settings", data=VALID)
    opened = field_value(client.get("/admin/settings"), "version")
    assert opened
    assert client.post("/admin/settings", data={**VALID, "practice_name": "Tab one",
                                                "version": opened}).status_code == 302
    refused = client.post("/admin/settings", data={**VALID, "practice_name": "Tab two",
                                                   "version": opened})
    assert refused.status_code == 409
    assert "Someone else saved this practice's settings" in text_of(refused, "#conflict")
    assert "Tab one" in text_of(refused, "#conflict")  # what is stored now, beside what was typed
    assert field_value(refused, "practice_name") == "Tab two"  # nothing typed is lost
    assert stored().practice_name == "Tab one"
    fresh = field_value(refused, "version")
    assert fresh != opened
    overwrite = client.post("/admin/settings", data={**VALID, "practice_name": "Tab two",
                                                     "version": fresh})
    assert overwrite.status_code == 302
    assert stored().practice_name == "Tab two"
    changes = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "settings.change")).all()
    assert len(changes) == 3


def test_two_first_saves_do_not_overwrite_each_other(client, signed_in_admin):
    opened = field_value(client.get("/admin/settings"), "version")  # nothing stored yet
    client.post("/admin/settings", data={**VALID, "version": opened})
    refused = client.post("/admin/settings", data={**VALID, "practice_name": "Other tab",
                                                   "version": opened})
    assert refused.status_code == 409
    assert stored().practice_name == VALID["practice_name"]


def test_every_time_is_shown_in_the_practice_time_zone(app, client, signed_in_admin):
    client.post("/admin/settings", data={**VALID, "timezone": "Asia/Tokyo"})
    moment = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        assert practice_timezone().key == "Asia/Tokyo"
        assert format_datetime(moment) == "15 Jan 2026, 21:00"
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Times are in Asia/Tokyo" in page


def test_without_stored_settings_the_configured_zone_applies(app):
    with app.test_request_context():
        assert practice_settings().id is None  # nothing stored: the configured zone
        assert practice_timezone().key == "Europe/London"
        assert format_datetime(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "01 Jul 2026, 13:00"


def test_templates_can_print_the_practice_contact_details(app, client, signed_in_admin):
    client.post("/admin/settings", data=VALID)
    with app.test_request_context():
        html = app.jinja_env.from_string(
            "{{ practice_settings().practice_name }}|{{ practice_settings().contact_lines|join('/') }}"
        ).render()
    assert html.startswith("Still Water Qigong|1 Harbour Road/Bristol/")


def types() -> list[ConditionType]:
    db.session.expire_all()
    return db.session.scalars(db.select(ConditionType).order_by(ConditionType.position)).all()


def test_condition_types_can_be_added_renamed_and_reordered(client, signed_in_admin):
    response = client.post("/admin/settings/condition-types",
                           data={"name": "Type 9 - Local", "description": "Our own"},
                           follow_redirects=True)
    assert "added to the condition types" in response.get_data(as_text=True)
    added = types()[-1]
    assert (added.name, added.is_active) == ("Type 9 - Local", True)
    client.post(f"/admin/settings/condition-types/{added.id}",
                data={"name": "Type 9 - Renamed", "description": ""})
    assert types()[-1].name == "Type 9 - Renamed"
    client.post(f"/admin/settings/condition-types/{added.id}/move", data={"direction": "up"})
    names = [t.name for t in types()]
    assert names.index("Type 9 - Renamed") == len(names) - 2
    assert [t.position for t in types()] == list(range(1, len(names) + 1))
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"condition_type.create", "condition_type.change", "condition_type.reorder"} <= set(actions)


def test_condition_type_names_must_be_unique(client, signed_in_admin):
    existing = types()[0].name
    response = client.post("/admin/settings/condition-types", data={"name": existing.upper()})
    assert "already exists" in response.get_data(as_text=True)
    assert len(types()) == 2


def test_a_used_condition_type_is_retired_never_deleted(client, signed_in_admin, practitioner):
    used = types()[0]
    make_intake(make_client(practitioner), condition_type_id=used.id)
    assert condition_type_usage([used.id]) == {used.id: 1}
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Used on 1 record" in page
    response = client.post(f"/admin/settings/condition-types/{used.id}/delete", follow_redirects=True)
    assert "cannot be deleted. Retire it instead" in response.get_data(as_text=True)
    assert used.id in [t.id for t in types()]
    client.post(f"/admin/settings/condition-types/{used.id}/retire")
    assert not types()[0].is_active
    client.post(f"/admin/settings/condition-types/{used.id}/restore")
    assert types()[0].is_active


def test_an_unused_condition_type_can_be_deleted(client, signed_in_admin):
    unused = types()[-1]
    response = client.post(f"/admin/settings/condition-types/{unused.id}/delete",
                           follow_redirects=True)
    assert "deleted" in response.get_data(as_text=True)
    assert unused.id not in [t.id for t in types()]
    assert client.post("/admin/settings/condition-types/9999/delete").status_code == 404


# --- Outgoing mail ----------------------------------------------------------------------------

@pytest.fixture
def failing_smtp(app, monkeypatch):
    """Mail goes to an SMTP server that is not there: every message fails, and is kept."""
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def use_outbox_folder(app, monkeypatch, folder):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(folder))


def test_failed_mail_is_shown_to_the_admin_and_sent_on_trying_again(app, client, signed_in_admin,
                                                                    failing_smtp, monkeypatch,
                                                                    tmp_path):
    page = client.post("/admin/accounts/invite", data={"display_name": "Nia New",
                                                       "email": "nia@example.com",
                                                       "role": "practitioner"},
                       follow_redirects=True)
    link = parse(page).select_one("#invitation-link")["value"]
    (message,) = outbox()
    assert (message.recipient, message.status, message.attempts) == (
        "nia@example.com", MailStatus.FAILED, 1)
    assert message.last_error

    settings_page = client.get("/admin/settings")
    assert "1 message could not be sent" in text_of(settings_page, "#outgoing-mail")
    assert "/admin/mail" in links(settings_page)
    mail_page = client.get("/admin/mail")
    row = text_of(mail_page, "#outbox tbody")
    assert "nia@example.com" in row
    assert "Your Qi Practice account" in row
    assert "Failed" in row
    assert message.last_error[:20] in row

    use_outbox_folder(app, monkeypatch, tmp_path)
    response = client.post("/admin/mail/retry", follow_redirects=True)
    assert "Sent 1 message." in response.get_data(as_text=True)
    (message,) = outbox()
    assert (message.status, message.attempts, message.body) == (MailStatus.SENT, 2, None)
    (sent_file,) = tmp_path.iterdir()
    email = message_from_bytes(sent_file.read_bytes(), policy=default)
    assert email["To"] == "nia@example.com"
    assert link in email.get_content()
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "mail.retry")).one()
    assert event.actor_id == signed_in_admin.id
    assert event.detail_dict == {"sent": 1, "failed": 0}
    assert "Sent" in text_of(client.get("/admin/mail"), "#outbox tbody")


def test_a_message_that_used_up_its_attempts_can_still_be_tried_again(app, client, signed_in_admin,
                                                                      failing_smtp, monkeypatch,
                                                                      tmp_path):
    from practice.core.mail import MAX_ATTEMPTS

    client.post("/auth/logout")
    client.post("/auth/reset", data={"email": signed_in_admin.email})
    (message,) = outbox()
    message.attempts = MAX_ATTEMPTS
    db.session.commit()
    client.post("/auth/login", data={"email": signed_in_admin.email,
                                     "password": "correct horse battery"})
    assert client.post("/admin/mail/retry", follow_redirects=True).status_code == 200
    assert outbox()[0].attempts == MAX_ATTEMPTS  # the automatic retries have given up on it
    still = client.post(f"/admin/mail/{message.id}/retry", follow_redirects=True)
    assert "Still could not send" in still.get_data(as_text=True)
    use_outbox_folder(app, monkeypatch, tmp_path)
    sent = client.post(f"/admin/mail/{message.id}/retry", follow_redirects=True)
    assert f"Sent to {signed_in_admin.email}" in sent.get_data(as_text=True)
    assert outbox()[0].status is MailStatus.SENT
    assert len(list(tmp_path.iterdir())) == 1
    again = client.post(f"/admin/mail/{message.id}/retry")
    assert again.status_code == 409  # already sent: nothing to do
    retries = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "mail.retry")
                                 .order_by(AuditEvent.id)).all()
    assert [event.detail_dict["sent"] for event in retries] == [0, 1]


def test_the_outbox_lists_newest_first_in_pages(client, signed_in_admin, count_queries):
    def add(count):
        for number in range(count):
            db.session.add(OutboxMessage(recipient=f"person{number}@example.com",
                                         subject=f"Message {number}", body="text"))
        db.session.commit()

    add(3)
    client.get("/admin/mail")  # the settings are read once, then kept
    with count_queries() as few:
        client.get("/admin/mail")
    add(60)
    with count_queries() as many:
        page = client.get("/admin/mail")
    assert len(many) == len(few)
    rows = parse(page).select("#outbox tbody tr")
    assert len(rows) == 50
    assert "Message 59" in rows[0].get_text()
    assert "/admin/mail?page=2" in links(page)
    failed_only = client.get("/admin/mail?status=failed")
    assert "No messages failed." in text_of(failed_only, "#outbox")


def test_only_admins_see_the_outbox(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/admin/mail").status_code == 403
    assert client.post("/admin/mail/retry").status_code == 403


def test_the_release_rule_for_clients_own_records_is_a_setting(client, signed_in_admin):
    client.post("/admin/settings", data={**VALID, "client_records_need_release": "y"})
    stored = db.session.get(PracticeSettings, 1)
    assert stored.client_records_need_release is True
    opened = field_value(client.get("/admin/settings"), "version")
    assert client.post("/admin/settings", data={**VALID, "version": opened}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PracticeSettings, 1).client_records_need_release is False


def test_changing_the_zone_says_what_it_changes_and_pages_show_the_zone(client, signed_in_admin):
    client.post("/admin/settings", data={**VALID, "timezone": "Europe/London"})
    opened = field_value(client.get("/admin/settings"), "version")
    page = client.post("/admin/settings", data={**VALID, "timezone": "Europe/Paris",
                                                "version": opened}, follow_redirects=True)
    message = text_of(page)
    assert "Times are now shown in Europe/Paris instead of Europe/London" in message
    assert "a session at 10:00 on 1 June in Europe/London now reads 11:00 on 01 June" in message
    assert "Times in Europe/Paris" in text_of(client.get("/admin/audit"), "footer")


def test_pages_keep_the_settings_yet_show_a_save_at_once(client, signed_in_admin, count_queries):
    client.post("/admin/settings", data=VALID)
    client.get("/admin/mail")
    with count_queries(kept_settings=True) as statements:
        page = client.get("/admin/mail").get_data(as_text=True)
    assert not [statement for statement in statements if "FROM practice_settings" in statement]
    assert "Times in America/New_York" in page
    # A save in another process: only the stored row and the practice's stamp change.
    settings = stored()
    settings.timezone = "Asia/Tokyo"
    db.session.commit()
    assert "Times in Asia/Tokyo" in client.get("/admin/mail").get_data(as_text=True)
