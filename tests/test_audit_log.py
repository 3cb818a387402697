"""The admin's audit log viewer and the client's “Who saw my record” page."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from practice.auth.models import Role
from practice.clients.models import Client
from practice.core import audit
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings
from tests.factories.accounts import make_client, make_portal_client, make_user
from tests.html import links, parse, text_of


def record_at(action: str, when: datetime, *, actor=None, client_id=None, detail=None) -> AuditEvent:
    event = audit.record(action, actor=actor, client_id=client_id, detail=detail)
    db.session.commit()  # events are chained (and get their id) at the commit
    db.session.execute(db.update(AuditEvent).where(AuditEvent.id == event.id)
                       .values(occurred_at=when).execution_options(synchronize_session=False))
    return event


@pytest.fixture
def trail(practitioner, other_practitioner):
    """Views by two practitioners over three days (the chain is not the point here)."""
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    rosa = make_client(other_practitioner, given_name="Rosa", family_name="Martinez")
    day = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    record_at("client.view", day, actor=practitioner, client_id=hannah.id)
    record_at("session.sign", day + timedelta(days=1), actor=practitioner, client_id=hannah.id)
    record_at("client.view", day + timedelta(days=2), actor=other_practitioner, client_id=rosa.id)
    db.session.commit()
    return hannah, rosa


@pytest.fixture
def signed_in_admin(auth, admin_user):
    auth.login_as(admin_user)
    return admin_user


def table(page: str) -> str:
    """The log's rows as text, in order."""
    return text_of(page, "tbody")


def rows(page: str) -> int:
    found = parse(page).select("tbody tr")
    return 0 if "No entries match." in table(page) else len(found)


def test_the_log_lists_events_newest_first_in_plain_words(client, signed_in_admin, trail):
    page = table(client.get("/admin/audit").get_data(as_text=True))
    assert page.index("Rosa Martinez") < page.index("Signed session notes") < page.index("Hannah Price")
    assert "Signed in" in page  # the admin's own sign-in
    assert "Viewed client record" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("action=client.view", 2),
    ("client_id={hannah}", 2),
    ("actor_id={practitioner}", 2),
    ("date_from=2026-03-11&date_to=2026-03-11", 1),
    ("date_from=2026-03-11", 3),  # with the admin's sign-in today
    ("actor_id={practitioner}&action=client.view", 1),
])
def test_the_log_filters_by_actor_action_client_and_dates(client, signed_in_admin, trail,
                                                          practitioner, query, expected):
    hannah, _rosa = trail
    url = "/admin/audit?" + query.format(hannah=hannah.id, practitioner=practitioner.id)
    page = client.get(url).get_data(as_text=True)
    assert rows(page) == expected, table(page)


def test_dates_are_whole_days_in_the_practice_time_zone(client, signed_in_admin, practitioner):
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time).
    record_at("client.view", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), actor=practitioner)
    db.session.commit()
    page = client.get("/admin/audit?action=client.view&date_from=2026-04-01&date_to=2026-04-01")
    assert rows(page.get_data(as_text=True)) == 1


def test_a_backwards_date_range_is_explained(client, signed_in_admin, trail):
    page = client.get("/admin/audit?date_from=2026-03-12&date_to=2026-03-10").get_data(as_text=True)
    assert "The end date is before the start date" in page


def test_the_log_is_paginated_without_a_query_per_row(client, signed_in_admin, practitioner,
                                                      count_queries):
    def add(count):
        for number in range(count):
            audit.record("client.view", actor=practitioner, client_id=number + 1)
        db.session.commit()

    add(3)
    client.get("/admin/audit")  # the settings are read once, then kept
    with count_queries() as few:
        client.get("/admin/audit")
    add(60)
    with count_queries() as many:
        page = client.get("/admin/audit").get_data(as_text=True)
    assert len(many) == len(few)
    assert rows(page) == 50
    assert "/admin/audit?page=2" in links(page)


def test_the_filtered_log_downloads_as_csv_and_the_download_is_audited(client, signed_in_admin,
                                                                        trail):
    hannah, _rosa = trail
    response = client.post("/admin/audit/export", data={"client_id": hannah.id})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["action"] for row in table] == ["session.sign", "client.view"]
    assert table[0]["action_in_words"] == "Signed session notes"
    assert len(table[0]["hash"]) == 64
    db.session.expire_all()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event.detail_dict == {"format": "csv", "filters": {"client_id": str(hannah.id)}}


def test_the_audit_csv_streams_past_one_batch(client, signed_in_admin, practitioner, monkeypatch):
    from practice.admin import audit_log_queries

    monkeypatch.setattr(audit_log_queries, "CSV_BATCH", 7)
    for number in range(20):
        audit.record("client.view", actor=practitioner, client_id=number + 1)
    db.session.commit()
    response = client.post("/admin/audit/export", data={"action": "client.view"})
    ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)
                                                                .lstrip("\ufeff")))]
    assert len(ids) == 20
    assert ids == sorted(ids, reverse=True)


# --- The client's access history ------------------------------------------------------------

@pytest.fixture
def portal(practitioner):
    return make_portal_client(practitioner, given_name="Hannah", family_name="Price")


def test_a_client_sees_who_viewed_and_exported_their_record(client, auth, practitioner, portal,
                                                            admin_user):
    hannah, user = portal
    audit.record("client.view", hannah, client_id=hannah.id, actor=practitioner)
    audit.record("intake.view", client_id=hannah.id, actor=practitioner)
    audit.record("export.create", hannah, client_id=hannah.id, actor=admin_user,
                 detail={"format": "fhir", "scope": "client", "client_ids": [hannah.id]})
    audit.record("export.create", actor=None,
                 detail={"format": "csv", "scope": "practice", "client_ids": [hannah.id]})
    audit.record("checkin.create", client_id=hannah.id, actor=user)  # their own: not listed
    db.session.commit()
    auth.login_as(user)
    page = text_of(client.get("/portal/access/"))
    assert "Viewed your record" in page
    assert "Viewed your intake note" in page
    assert "Exported your record" in page
    assert "Exported your record (in a practice export)" in page
    assert "Pat Practitioner, practitioner" in page
    assert "Ada Admin, practice administrator" in page
    assert "The practice (from the server's command line)" in page
    assert "Added your check-in" not in page


def test_the_per_client_export_events_of_earlier_versions_still_read(client, auth, portal):
    hannah, user = portal
    audit.record("client.export", client_id=hannah.id, actor=None, detail={"format": "csv"})
    db.session.commit()
    auth.login_as(user)
    assert "Exported your record (in a practice export)" in text_of(client.get("/portal/access/"))


def test_a_client_sees_nothing_of_another_clients_record(client, auth, practitioner, portal,
                                                         admin_user):
    hannah, user = portal
    other = make_client(practitioner, given_name="Other")
    audit.record("client.view", client_id=other.id, actor=practitioner)
    audit.record("export.create", actor=admin_user,
                 detail={"format": "csv", "scope": "practice", "client_ids": [other.id]})
    audit.record("export.create", other, client_id=other.id, actor=admin_user,
                 detail={"format": "csv", "scope": "client", "client_ids": [other.id]})
    db.session.commit()
    auth.login_as(user)
    page = client.get("/portal/access/").get_data(as_text=True)
    assert "Nobody else has opened your record yet" in page


def run_export(**kwargs) -> bytes:
    from practice.exports.operations import start_export

    return b"".join(start_export("json", **kwargs).chunks)


def abandon_export(**kwargs) -> None:
    from practice.exports.operations import start_export

    chunks = start_export("json", **kwargs).chunks
    next(chunks)
    chunks.close()


@pytest.mark.real_commits  # an export reads in a transaction of its own (PostgreSQL)
def test_a_practice_wide_export_shows_in_every_clients_history(client, auth, portal, admin_user):
    hannah, user = portal
    run_export(actor=admin_user)
    auth.login_as(user)
    page = text_of(client.get("/portal/access/"))
    assert "Exported your record (in a practice export)" in page
    assert "Ada Admin" in page
    assert "1 time," in page


@pytest.mark.real_commits  # an export reads in a transaction of its own (PostgreSQL)
def test_an_export_that_did_not_complete_is_not_in_the_clients_history(client, auth, portal,
                                                                      admin_user):
    hannah, user = portal
    abandon_export(actor=admin_user)
    abandon_export(client_id=hannah.id, actor=admin_user)
    auth.login_as(user)
    page = client.get("/portal/access/").get_data(as_text=True)
    assert "Nobody else has opened your record yet" in page
    assert "Exported" not in page


@pytest.mark.real_commits  # an export reads in a transaction of its own (PostgreSQL)
def test_the_audit_log_filtered_by_client_shows_the_exports_that_held_them(client, auth, portal,
                                                                          admin_user,
                                                                          practitioner):
    hannah, _user = portal
    run_export(actor=admin_user)
    make_client(practitioner, given_name="Later")  # not in that export
    later_id = db.session.scalar(db.select(db.func.max(Client.id)))
    auth.login_as(admin_user)
    page = client.get(f"/admin/audit?client_id={hannah.id}").get_data(as_text=True)
    assert "Records exported" in table(page)
    page = client.get(f"/admin/audit?client_id={later_id}").get_data(as_text=True)
    assert "Records exported" not in table(page)


def test_only_clients_reach_the_access_history(client, auth, practitioner, admin_user):
    for user in (practitioner, admin_user):
        auth.login_as(user)
        assert client.get("/portal/access/").status_code == 403
        auth.logout()


def test_a_client_account_without_a_record_gets_404(client, auth):
    auth.login_as(make_user(Role.CLIENT))
    assert client.get("/portal/access/").status_code == 404


# --- Hostile query strings: the nearest valid page, never a server error ------------------

HOSTILE_DATES = ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31",
                 "date_from=2026-02-30", "date_to=yesterday", "date_from=0000-00-00",
                 "actor_id=99999999999999999999", "actor_id=-1", "client_id=99999999999999999999",
                 "action=%3Cscript%3E"]


@pytest.mark.parametrize("query", HOSTILE_DATES)
def test_out_of_range_and_garbage_filters_get_a_page_not_a_server_error(client, signed_in_admin,
                                                                         trail, query):
    response = client.get("/admin/audit?" + query)
    assert response.status_code == 200
    assert rows(response.get_data(as_text=True)) >= 1


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo", "Pacific/Kiritimati",
                                  "Pacific/Honolulu"])
def test_the_widest_dates_show_every_entry(client, signed_in_admin, trail, zone):
    db.session.add(PracticeSettings(id=SETTINGS_ID, practice_name="Edge of the calendar",
                                    timezone=zone))
    db.session.commit()
    everything = rows(client.get("/admin/audit").get_data(as_text=True))
    page = client.get("/admin/audit?date_from=0001-01-01&date_to=9999-12-31")
    assert rows(page.get_data(as_text=True)) == everything


def test_a_date_that_does_not_exist_is_explained_on_its_field(client, signed_in_admin, trail):
    page = client.get("/admin/audit?date_from=2026-02-30")
    assert "Not a valid date" in text_of(page, "main form")


def test_a_widest_date_download_works_too(client, signed_in_admin, trail):
    response = client.post("/admin/audit/export", data={"date_from": "0001-01-01",
                                                        "date_to": "9999-12-31"})
    assert response.status_code == 200
    assert len(response.get_data(as_text=True).splitlines()) >= 4


ADMIN_LISTS = ["/admin/audit", "/admin/accounts", "/admin/mail"]


@pytest.fixture
def long_lists(practitioner):
    """Past one page in every admin list: accounts, the audit trail, the outbox."""
    from practice.core.mail import MailStatus, OutboxMessage

    for number in range(55):
        make_user(Role.PRACTITIONER, email=f"many{number}@example.com")
        audit.record("client.view", actor=practitioner, client_id=number + 1)
        db.session.add(OutboxMessage(recipient=f"many{number}@example.com", subject="Hello",
                                     status=MailStatus.FAILED, attempts=5, last_error="refused"))
    db.session.commit()


def current_page(response) -> str:
    found = parse(response).select_one('.pagination [aria-current="page"]')
    return found.get_text(strip=True) if found else ""


@pytest.mark.parametrize("path", ADMIN_LISTS)
@pytest.mark.parametrize(("asked", "shown"), [("2", "2"), ("100000000000000000000", "2"),
                                              ("99999", "2"), ("-3", "1"), ("abc", "1"),
                                              ("0", "1"), ("", "1")])
def test_every_admin_list_shows_the_nearest_valid_page(client, signed_in_admin, long_lists, path,
                                                       asked, shown):
    response = client.get(path, query_string={"page": asked})
    assert response.status_code == 200
    assert current_page(response) == shown
    assert parse(response).select("tbody tr") or parse(response).select("main li")


def test_an_export_of_many_clients_shows_how_many_not_every_number(client, signed_in_admin):
    audit.record("export.create", actor=signed_in_admin,
                 detail={"format": "csv", "scope": "practice", "client_ids": list(range(1, 501))})
    db.session.commit()
    details = text_of(client.get("/admin/audit?action=export.create"), "tbody")
    assert "client ids: 500 (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)" in details
    assert "499" not in details


def test_the_who_filter_lists_clients_and_finds_what_they_did(client, signed_in_admin, portal,
                                                              practitioner):
    hannah, user = portal
    audit.record("checkin.create", client_id=hannah.id, actor=user)
    audit.record("client.view", hannah, client_id=hannah.id, actor=practitioner)
    db.session.commit()
    page = client.get("/admin/audit")
    options = {option.get_text(" ", strip=True): option["value"]
               for option in parse(page).select("select[name=actor_id] option")}
    assert options[f"Hannah Price (client #{hannah.id})"] == str(user.id)
    assert "Pat Practitioner (practitioner)" in options
    filtered = client.get(f"/admin/audit?actor_id={user.id}").get_data(as_text=True)
    assert rows(filtered) == 1
    assert "Viewed client record" not in table(filtered)


@pytest.mark.parametrize("path", [
    "/clients/{client}", "/clients/{client}/edit", "/progress/client/{client}",
])
def test_one_visit_to_a_clients_page_is_one_entry_in_who_saw_my_record(client, auth, practitioner,
                                                                       portal, path):
    hannah, user = portal
    auth.login_as(practitioner)
    assert client.get(path.format(client=hannah.id)).status_code == 200
    auth.logout()
    auth.login_as(user)
    page = text_of(client.get("/portal/access/"))
    assert "Pat Practitioner, practitioner 1 time," in page
