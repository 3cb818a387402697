"""Client records through the browser: the list, adding, editing, archiving and restoring."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from practice.auth.models import Role
from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from tests.factories.accounts import make_client, make_portal_client, make_user
from tests.factories.clients import client_form, make_intake
from tests.html import field_value, links, parse, text_of


def audit_events(client_id=None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if client_id is not None:
        query = query.where(AuditEvent.client_id == client_id)
    return list(db.session.scalars(query))


def audit_actions(client_id=None):
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if client_id is not None:
        query = query.where(AuditEvent.client_id == client_id)
    return list(db.session.scalars(query))


def client_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Client.id)))


def reload(client) -> Client:
    db.session.expire_all()
    return db.session.get(Client, client.id)


# --- the list ------------------------------------------------------------------------------

def test_empty_list_leads_to_the_first_client(client, auth, practitioner):
    auth.login_as(practitioner)
    page = client.get("/clients/").get_data(as_text=True)
    assert "No clients yet" in page
    assert "/clients/new" in links(page)
    assert "Add your first client" in page


def test_list_shows_only_my_clients(client, auth, practitioner, other_practitioner):
    make_client(practitioner, given_name="Mine", family_name="Person")
    make_client(other_practitioner, given_name="Theirs", family_name="Somebody")
    auth.login_as(practitioner)
    page = client.get("/clients/").get_data(as_text=True)
    assert "Person, Mine" in page
    assert "Theirs" not in page
    assert "1 client" in page


@pytest.mark.parametrize(("search", "expected"), [
    ("hannah", {"Price"}),
    ("PRICE", {"Price"}),
    ("hannah price", {"Price"}),
    ("sam@", {"Taylor"}),
    ("example.org", {"Taylor"}),
    ("7946 0101", {"Price"}),
    ("020 7946 0101", {"Price"}),
    ("+44 20 7946 0101", {"Price"}),
    ("+33 6 12", {"Nair"}),
    ("nobody", set()),
    ("100%", set()),
])
def test_search_by_name_email_or_phone(client, auth, practitioner, search, expected):
    make_client(practitioner, given_name="Hannah", family_name="Price",
                phone="+44 20 7946 0101", email="h.price@example.com")
    make_client(practitioner, given_name="Sam", family_name="Taylor", email="sam@example.org")
    make_client(practitioner, given_name="Priya", family_name="Nair", phone="+33 6 12 34 56 78")
    auth.login_as(practitioner)
    page = client.get("/clients/", query_string={"q": search}).get_data(as_text=True)
    shown = {name for name in ("Price", "Taylor", "Nair") if f"{name}, " in page}
    assert shown == expected
    if not expected:
        assert "No clients match" in page


def test_archived_clients_are_filtered(client, auth, practitioner):
    make_client(practitioner, family_name="Active")
    make_client(practitioner, family_name="Gone", archived_at=now_utc())
    auth.login_as(practitioner)
    default = client.get("/clients/").get_data(as_text=True)
    assert "Active, " in default
    assert "Gone, " not in default
    archived = client.get("/clients/?status=archived").get_data(as_text=True)
    assert "Gone, " in archived
    assert "Active, " not in archived
    everyone = client.get("/clients/?status=all").get_data(as_text=True)
    assert "Gone, " in everyone
    assert "Active, " in everyone
    # An unknown filter falls back to the default rather than failing.
    assert "Gone, " not in client.get("/clients/?status=bogus&sort=bogus").get_data(as_text=True)


def test_sort_by_name_or_last_activity(client, auth, practitioner):
    now = now_utc()
    make_client(practitioner, given_name="Zoe", family_name="Adams",
                last_activity_at=now - timedelta(days=30))
    make_client(practitioner, given_name="Amy", family_name="young",
                last_activity_at=now - timedelta(days=1))
    make_client(practitioner, given_name="Bob", family_name="Morris",
                last_activity_at=now - timedelta(days=5))
    auth.login_as(practitioner)

    def order(sort):
        page = client.get("/clients/", query_string={"sort": sort}).get_data(as_text=True)
        return sorted(("Adams", "young", "Morris"), key=lambda name: page.index(f"{name}, "))

    assert order("name") == ["Adams", "Morris", "young"]  # case-insensitive
    assert order("activity") == ["young", "Morris", "Adams"]


def test_list_is_paginated(app, client, auth, practitioner):
    for number in range(app.config["PAGE_SIZE"] + 3):
        make_client(practitioner, given_name="Client", family_name=f"N{number:03d}")
    auth.login_as(practitioner)
    first = client.get("/clients/").get_data(as_text=True)
    second = client.get("/clients/?page=2").get_data(as_text=True)
    assert "N000, " in first
    assert "N027, " not in first
    assert "N027, " in second
    assert "N000, " not in second
    assert parse(first).select_one('[aria-label="Pages"]') is not None
    assert f"{app.config['PAGE_SIZE'] + 3} clients" in first


def test_list_shows_portal_state_without_a_query_per_row(client, auth, practitioner, count_queries):
    def populate(count):
        for number in range(count):
            if number % 2:
                make_portal_client(practitioner, family_name=f"Portal{number}")
            else:
                make_client(practitioner, family_name=f"Plain{number}", precautions="Care")

    auth.login_as(practitioner)
    populate(3)
    with count_queries() as few:
        assert client.get("/clients/?sort=activity").status_code == 200
    populate(19)
    with count_queries() as many:
        page = client.get("/clients/?sort=activity").get_data(as_text=True)
    assert "22 clients" in page
    assert len(many) == len(few)
    badges = [badge.get_text(strip=True) for badge in parse(page).select(".badge")]
    assert "Precautions" in badges
    assert "Portal" in badges


# --- adding a client -------------------------------------------------------------------------

def test_add_a_client(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/clients/new", data=client_form())
    assert response.status_code == 302
    created = db.session.scalar(select(Client))
    assert response.headers["Location"] == f"/clients/{created.id}"
    assert created.practitioner_id == practitioner.id
    assert created.full_name == "Hannah Price"
    assert created.date_of_birth == date(1979, 4, 12)
    assert created.phone == "+44 20 7946 0101"  # stored in international format
    assert created.emergency_contact_phone == "+44 20 7946 0102"
    assert created.notes is None  # empty optional fields are stored as nothing
    assert created.version == 1
    assert audit_actions(created.id) == ["client.create"]


def test_a_new_client_form_sent_twice_adds_one_client(client, auth, practitioner):
    """A double click, or Back and Save again: the form adds its client once."""
    auth.login_as(practitioner)
    key = field_value(client.get("/clients/new"), "form_key")
    assert key
    first = client.post("/clients/new", data=client_form(form_key=key))
    again = client.post("/clients/new", data=client_form(form_key=key), follow_redirects=True)
    assert client_count() == 1
    created = db.session.scalar(select(Client))
    assert first.headers["Location"] == f"/clients/{created.id}"
    assert again.request.path == f"/clients/{created.id}"
    assert "already saved" in text_of(again)
    # Back, a correction, Save again: the correction goes into the client that form added.
    corrected = client.post("/clients/new", data=client_form(form_key=key, pronouns="they/them"))
    assert corrected.headers["Location"] == f"/clients/{created.id}"
    assert client_count() == 1
    assert reload(created).pronouns == "they/them"
    assert [action for action in audit_actions(created.id) if action != "client.view"] == [
        "client.create", "client.update"]
    # Once someone else changed the record, the old page's form conflicts: nothing is lost.
    stored = reload(created)
    client.post(f"/clients/{created.id}/edit",
                data=client_form(version=str(stored.version), pronouns="she/her",
                                 notes="Edited on the record"))
    stale = client.post("/clients/new", data=client_form(form_key=key, notes="From the old page"))
    assert stale.status_code == 409
    assert field_value(stale, "notes").strip() == "From the old page"
    assert "Edited on the record" in text_of(stale, "#conflict")
    assert reload(created).notes == "Edited on the record"
    assert client_count() == 1
    # A new form has a key of its own.
    assert field_value(client.get("/clients/new"), "form_key") != key


def test_the_form_has_a_label_for_every_field(client, auth, practitioner):
    auth.login_as(practitioner)
    page = client.get("/clients/new").get_data(as_text=True)
    for field in ("given_name", "family_name", "pronouns", "date_of_birth", "email", "phone",
                  "address", "emergency_contact_name", "emergency_contact_phone",
                  "notes"):
        assert parse(page).select_one(f'label.form-label[for="{field}"]') is not None, field


@pytest.mark.parametrize(("overrides", "message"), [
    ({"given_name": "  "}, "Enter the client's given name."),
    ({"family_name": ""}, "Enter the client's family name."),
    ({"given_name": "x" * 101}, "Field cannot be longer than 100 characters."),
    ({"email": "not-an-email"}, "Enter a valid email address"),
    ({"phone": "12345"}, "This phone number is not valid"),
    ({"phone": "call me"}, "This is not a phone number."),
    ({"emergency_contact_phone": "+44 20 7946"}, "This phone number is not valid"),
    ({"date_of_birth": (date.today() + timedelta(days=2)).isoformat()},
     "The date of birth cannot be in the future."),
    ({"date_of_birth": "1850-01-01"}, "more than 120 years ago"),
    ({"date_of_birth": "12/13/1980"}, "Not a valid date value."),
    ({"notes": "n" * 5001}, "Field cannot be longer than 5000 characters."),
])
def test_invalid_input_is_explained_and_nothing_is_stored(client, auth, practitioner, overrides,
                                                          message):
    auth.login_as(practitioner)
    response = client.post("/clients/new", data=client_form(**overrides))
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Please correct the highlighted fields below." in page
    assert parse(response).select(".invalid-feedback.d-block")
    assert client_count() == 0
    assert audit_actions() == ["auth.login"]


def test_international_phone_numbers_are_accepted(client, auth, practitioner):
    auth.login_as(practitioner)
    client.post("/clients/new", data=client_form(phone="+1 202 555 0143",
                                                 emergency_contact_phone="+33 6 12 34 56 78"))
    created = db.session.scalar(select(Client))
    assert created.phone == "+1 202-555-0143"
    assert created.emergency_contact_phone == "+33 6 12 34 56 78"


def test_only_names_are_required(client, auth, practitioner):
    auth.login_as(practitioner)
    form = dict.fromkeys(client_form(), "")
    response = client.post("/clients/new", data={**form, "given_name": "Ann", "family_name": "Lee"})
    assert response.status_code == 302
    assert db.session.scalar(select(Client)).email is None


# --- editing ---------------------------------------------------------------------------------

def test_edit_a_client(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    page = client.get(f"/clients/{record.id}/edit")
    assert field_value(page, "version") == "1"
    response = client.post(f"/clients/{record.id}/edit",
                           data=client_form(version="1", notes="Prefers mornings."))
    assert response.status_code == 302
    stored = reload(record)
    assert stored.notes == "Prefers mornings."
    assert stored.version == 2
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "client.update")).one()
    assert event.client_id == record.id
    assert "notes" in event.detail_dict["fields"]
    assert "mornings" not in event.detail  # no clinical text in the audit trail


def test_saving_an_unchanged_form_changes_nothing(client, auth, practitioner):
    record = make_client(practitioner, **{k: v for k, v in client_form().items() if k not in
                                          ("date_of_birth", "phone", "emergency_contact_phone",
                                           "notes")},
                         date_of_birth=date(1979, 4, 12), phone="+44 20 7946 0101",
                         emergency_contact_phone="+44 20 7946 0102")
    auth.login_as(practitioner)
    response = client.post(f"/clients/{record.id}/edit", data=client_form(version="1"),
                           follow_redirects=True)
    assert "Nothing was changed." in response.get_data(as_text=True)
    assert reload(record).version == 1
    assert "client.update" not in audit_actions()


def test_concurrent_edits_conflict_and_nothing_is_lost(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price",
                         notes="Lymphoedema, left arm.")
    auth.login_as(practitioner)
    # Two tabs open the form at version 1; the first one saves.
    first = client.post(f"/clients/{record.id}/edit", data=client_form(
        version="1", notes="Lymphoedema, left arm. Now also pregnant."))
    assert first.status_code == 302
    # The second tab saves what it typed over the old version.
    second = client.post(f"/clients/{record.id}/edit", data=client_form(
        version="1", notes="Lymphoedema left arm; on warfarin."))
    assert second.status_code == 409
    page = text_of(second)
    assert "Someone else saved this client's record while you were editing it" in page
    assert "Lymphoedema, left arm. Now also pregnant." in text_of(second, "#conflict")  # stored now
    assert field_value(second, "notes").strip() == "Lymphoedema left arm; on warfarin."
    assert field_value(second, "version") == "2"
    assert audit_actions(record.id).count("client.update") == 1  # the refused save wrote nothing
    assert reload(record).notes == "Lymphoedema, left arm. Now also pregnant."
    # Saving again from the conflict page deliberately keeps this tab's version.
    third = client.post(f"/clients/{record.id}/edit", data=client_form(
        version="2", notes="Lymphoedema left arm; on warfarin; pregnant."))
    assert third.status_code == 302
    assert reload(record).notes == "Lymphoedema left arm; on warfarin; pregnant."
    assert reload(record).version == 3


def test_a_missing_or_forged_version_is_a_conflict(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    for version in ("", "abc", "7"):
        response = client.post(f"/clients/{record.id}/edit",
                               data=client_form(version=version, notes="New note"))
        assert response.status_code == 409
    without_version = client_form(notes="New note")
    assert client.post(f"/clients/{record.id}/edit", data=without_version).status_code == 409
    assert reload(record).notes is None


def test_activity_elsewhere_does_not_conflict_with_an_edit(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    client.get(f"/clients/{record.id}/edit")
    record.touch()  # e.g. a session recorded meanwhile
    db.session.commit()
    response = client.post(f"/clients/{record.id}/edit", data=client_form(version="1"))
    assert response.status_code == 302


def test_invalid_edit_stores_nothing(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    response = client.post(f"/clients/{record.id}/edit",
                           data=client_form(version="1", family_name="", email="bad"))
    assert response.status_code == 200
    assert reload(record).family_name == "Price"
    assert reload(record).version == 1


# --- archive and restore ---------------------------------------------------------------------

def test_archive_and_restore(client, auth, practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    response = client.post(f"/clients/{record.id}/archive", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "archived: kept, read only" in page
    assert "Restore record" in page
    assert reload(record).archived_at is not None
    assert "Price, " not in client.get("/clients/").get_data(as_text=True)
    # Archived records are still readable, never editable.
    assert client.get(f"/clients/{record.id}").status_code == 200
    refused = client.get(f"/clients/{record.id}/edit")
    assert refused.status_code == 409
    assert "archived. Restore it to make changes." in text_of(refused)
    posted = client.post(f"/clients/{record.id}/edit", data=client_form(version="1", notes="x"))
    assert posted.status_code == 409
    assert reload(record).notes is None

    client.post(f"/clients/{record.id}/restore")
    assert reload(record).archived_at is None
    assert "Price, " in client.get("/clients/").get_data(as_text=True)
    assert {"client.archive", "client.restore"} <= set(audit_actions(record.id))
    assert client_count() == 1  # never deleted


def test_an_edit_sent_after_the_record_was_archived_keeps_what_was_typed(client, auth,
                                                                          practitioner):
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    assert client.get(f"/clients/{record.id}/edit").status_code == 200  # the form is opened
    record.archived_at = now_utc()  # and the record archived meanwhile, in another tab
    db.session.commit()
    response = client.post(f"/clients/{record.id}/edit",
                           data=client_form(version="1", notes="Typed before the archive"))
    assert response.status_code == 409
    assert "This client's record is archived. Restore it to make changes." in text_of(response)
    assert field_value(response, "notes").strip() == "Typed before the archive"
    assert reload(record).notes is None
    assert "client.update" not in audit_actions(record.id)


def test_an_archived_record_offers_no_change_but_restore(client, auth, practitioner):
    record = make_client(practitioner, archived_at=now_utc())
    auth.login_as(practitioner)
    overview = client.get(f"/clients/{record.id}")
    assert f"/clients/{record.id}/edit" not in links(overview)
    buttons = [button.get_text(strip=True) for button in parse(overview).select("main form button")]
    assert buttons == ["Restore record"]


def test_archive_twice_is_explained(client, auth, practitioner):
    record = make_client(practitioner, archived_at=now_utc())
    auth.login_as(practitioner)
    page = client.post(f"/clients/{record.id}/archive", follow_redirects=True).get_data(as_text=True)
    assert "already archived" in page


def test_archive_needs_a_post(client, auth, practitioner):
    record = make_client(practitioner)
    auth.login_as(practitioner)
    assert client.get(f"/clients/{record.id}/archive").status_code == 405
    assert reload(record).archived_at is None


# --- who may see what ------------------------------------------------------------------------

CLIENT_PAGES = ["/clients/{id}", "/clients/{id}/edit"]
CLIENT_POSTS = ["/clients/{id}/edit", "/clients/{id}/archive", "/clients/{id}/restore"]


@pytest.mark.parametrize("path", CLIENT_PAGES)
def test_another_practitioners_client_is_not_found(client, auth, practitioner, other_practitioner,
                                                   path):
    theirs = make_client(other_practitioner)
    auth.login_as(practitioner)
    assert client.get(path.format(id=theirs.id)).status_code == 404
    assert client.get(path.format(id=theirs.id + 1000)).status_code == 404


@pytest.mark.parametrize("path", CLIENT_POSTS)
def test_another_practitioners_client_cannot_be_changed(client, auth, practitioner,
                                                        other_practitioner, path):
    theirs = make_client(other_practitioner, family_name="Theirs")
    auth.login_as(practitioner)
    response = client.post(path.format(id=theirs.id), data=client_form(version="1"))
    assert response.status_code == 404
    stored = reload(theirs)
    assert stored.family_name == "Theirs"
    assert stored.archived_at is None


@pytest.mark.parametrize("path", ["/clients/", "/clients/new", *CLIENT_PAGES])
def test_a_client_user_is_refused(client, auth, practitioner, path):
    record, user = make_portal_client(practitioner)
    auth.login_as(user)
    assert client.get(path.format(id=record.id)).status_code == 403


def test_an_admin_is_refused(client, auth, practitioner):
    record = make_client(practitioner)
    auth.login_as(make_user(Role.ADMIN))
    assert client.get(f"/clients/{record.id}").status_code == 403
    assert client.get("/clients/").status_code == 403


def test_viewing_a_client_is_audited(client, auth, practitioner):
    record = make_client(practitioner)
    auth.login_as(practitioner)
    client.get(f"/clients/{record.id}")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "client.view")).one()
    assert (event.client_id, event.target_type, event.target_id) == (record.id, "Client", record.id)
    assert event.actor_id == practitioner.id


def test_viewing_a_client_leaves_one_event_per_visit(client, auth, practitioner):
    record = make_client(practitioner)
    make_intake(record)
    auth.login_as(practitioner)
    for visit in (1, 2):
        assert client.get(f"/clients/{record.id}").status_code == 200
        assert audit_actions(record.id) == ["client.view"] * visit


def test_the_edit_form_is_audited_once_per_visit_and_its_post_not_at_all(client, auth,
                                                                         practitioner):
    record = make_client(practitioner, notes="Pregnant.")
    auth.login_as(practitioner)
    client.get(f"/clients/{record.id}/edit")
    [event] = audit_events(record.id)
    assert (event.action, event.detail_dict) == ("client.view", {"page": "edit"})
    client.post(f"/clients/{record.id}/edit", data=client_form(version="1", notes="A note"))
    assert audit_actions(record.id) == ["client.view", "client.update"]


def test_the_list_shows_names_only_and_records_no_view(client, auth, practitioner):
    make_client(practitioner, family_name="Price")
    make_client(practitioner, family_name="Taylor")
    auth.login_as(practitioner)
    page = client.get("/clients/")
    assert "Price, " in text_of(page)
    assert audit_actions() == ["auth.login"]


def test_a_refused_change_is_rolled_back_with_its_audit_event(client, auth, practitioner):
    """The route commits nothing itself: a 409 leaves the record and the trail as they were."""
    record = make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    response = client.post(f"/clients/{record.id}/edit",
                           data=client_form(version="7", family_name="Changed"))
    assert response.status_code == 409
    assert reload(record).family_name == "Price"
    assert reload(record).version == 1
    assert audit_actions(record.id) == []


# --- hostile query strings ---------------------------------------------------------------------

def page_numbers(response) -> list[str]:
    """The page the list shows (the current page of its pagination) and its client names."""
    current = parse(response).select_one('[aria-label="Pages"] [aria-current="page"]')
    return [current.get_text(strip=True) if current else None,
            *[anchor.get_text(strip=True) for anchor in parse(response).select(".client-link")]]


@pytest.mark.parametrize(("page", "shown"), [
    ("99999", "2"),  # past the end: the last page
    ("3", "2"),
    ("-1", "1"),  # before the start: the first page
    ("0", "1"),
    ("abc", "1"),  # not a number: the first page
    ("1.5", "1"),
    ("", "1"),
    (" 2", "2"),
    # Far past the end, however many digits: the last page (core.pagination).
    ("100000000000000000000", "2"),
    ("9" * 5000, "2"),
])
def test_a_page_number_out_of_range_shows_the_nearest_page(app, client, auth, practitioner,
                                                          page, shown):
    for number in range(app.config["PAGE_SIZE"] + 3):
        make_client(practitioner, given_name="Client", family_name=f"N{number:03d}")
    auth.login_as(practitioner)
    response = client.get("/clients/", query_string={"page": page})
    assert response.status_code == 200
    current, *names = page_numbers(response)
    assert current == shown
    assert ("N027, Client" in names) == (shown == "2")
    assert ("N000, Client" in names) == (shown == "1")


def test_a_page_past_the_end_of_a_search_shows_its_last_page(client, auth, practitioner):
    make_client(practitioner, given_name="Only", family_name="One")
    auth.login_as(practitioner)
    response = client.get("/clients/", query_string={"q": "only", "page": "4"})
    assert response.status_code == 200
    assert "One, Only" in text_of(response)


@pytest.mark.parametrize("query", [
    "q=" + "x" * 10000,
    "q=" + "hannah%20" * 2000,
    "q=a%00b",
    "q=%00",
    "q=%FF%FE",
    "q=%ED%A0%80",
    "q=%25%5F%5C",
    "q=" + "7" * 10000,
    "q=+44" + "0" * 5000,
    "status=" + "a" * 10000,
    "status=%00",
    "status=archived%00",
    "sort=" + "z" * 10000,
    "sort=name%00",
    "status=all&status=archived&sort=activity&sort=name",
    "page=%00",
    "page=1e9",
    "page=-100000000000000000000",
    "q[]=x&status[]=all",
])
def test_hostile_query_strings_never_fail(client, auth, practitioner, query):
    make_client(practitioner, given_name="Hannah", family_name="Price", phone="+44 20 7946 0101")
    auth.login_as(practitioner)
    response = client.get(f"/clients/?{query}")
    assert response.status_code == 200
    assert "Clients" in text_of(response, "h1")


def test_a_search_keeps_what_was_typed_within_the_field_limit(client, auth, practitioner):
    make_client(practitioner, given_name="Hannah", family_name="Price")
    auth.login_as(practitioner)
    response = client.get("/clients/", query_string={"q": "  hannah\x00 "})
    assert "Price, Hannah" in text_of(response)
    assert field_value(response, "q") == "hannah"


@pytest.mark.parametrize("path", ["/clients/100000000000000000000",
                                  "/clients/100000000000000000000/edit",
                                  "/clients/9223372036854775808",
                                  "/clients/2147483648/intakes/new"])
def test_a_record_number_too_large_for_the_database_is_not_found(client, auth, practitioner,
                                                                   path):
    auth.login_as(practitioner)
    assert client.get(path).status_code == 404


# --- names in every script and order ----------------------------------------------------------

@pytest.mark.parametrize(("search", "expected"), [
    ("zoe", {"Zoë"}),
    ("ZOË", {"Zoë"}),
    ("zoe\u0308", {"Zoë"}),                     # typed with a separate combining diaeresis
    ("ELODIE", {"Élodie"}),
    ("élodie", {"Élodie"}),
    ("muller", {"Élodie"}),
    ("sørensen", {"Søren"}),
    ("陈", {"美"}),
])
def test_search_ignores_accents_and_case_however_they_are_typed(client, auth, practitioner, search,
                                                                expected):
    make_client(practitioner, given_name="Zoë", family_name="Adams")
    make_client(practitioner, given_name="Élodie", family_name="Müller")
    make_client(practitioner, given_name="Søren", family_name="Sørensen")
    make_client(practitioner, given_name="美", family_name="陈", family_name_first=True)
    make_client(practitioner, given_name="Zoe\u0308", family_name="Decomposed")
    auth.login_as(practitioner)
    page = client.get("/clients/", query_string={"q": search}).get_data(as_text=True)
    shown = {name for name in ("Zoë", "Élodie", "Søren", "美") if f", {name}<" in page}
    assert shown == expected


def test_a_decomposed_name_in_the_record_is_found_by_a_precomposed_search(client, auth,
                                                                          practitioner):
    make_client(practitioner, given_name="Zoe\u0308", family_name="Decomposed")
    auth.login_as(practitioner)
    page = client.get("/clients/", query_string={"q": "Zoë"}).get_data(as_text=True)
    assert "Decomposed, " in page


def test_a_client_who_says_their_family_name_first_is_shown_so(client, auth, practitioner):
    auth.login_as(practitioner)
    response = client.post("/clients/new", data=client_form(given_name="Mei", family_name="Chen",
                                                            family_name_first="y"))
    added = db.session.scalars(db.select(Client).where(Client.given_name == "Mei")).one()
    assert added.family_name_first is True
    page = text_of(client.get(response.headers["Location"]))
    assert "Chen Mei" in page
    assert "Mei Chen" not in page
    edit = client.post(f"/clients/{added.id}/edit",
                       data=client_form(given_name="Mei", family_name="Chen",
                                        version=str(added.version)))
    assert edit.status_code == 302
    db.session.expire_all()
    assert "Mei Chen" in text_of(client.get(f"/clients/{added.id}"))
