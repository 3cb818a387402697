"""Accounts: find, deactivate and reactivate, reset links, and handing clients over."""
from datetime import time, timedelta

import pytest

from practice.admin import operations
from practice.appointments.models import Appointment, AppointmentStatus
from practice.appointments.working_hours import WorkingRange, WorkingSchedule
from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.errors import InvalidState
from practice.core.extensions import db
from tests.factories.accounts import make_client, make_portal_client, make_user
from tests.factories.appointments import make_appointment
from tests.html import links, parse, text_of


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def fresh(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


@pytest.fixture
def signed_in_admin(auth, admin_user):
    auth.login_as(admin_user)
    return admin_user


def test_accounts_list_filters_by_role_status_and_search(client, signed_in_admin, practitioner):
    make_user(Role.PRACTITIONER, email="zed@example.com", name="Zed Zimmer", enabled=False)
    make_portal_client(practitioner)
    page = client.get("/admin/accounts?role=practitioner").get_data(as_text=True)
    assert "Pat Practitioner" in page
    assert "Zed Zimmer" in page
    assert "admin@example.com" not in page
    page = client.get("/admin/accounts?status=deactivated").get_data(as_text=True)
    assert "Zed Zimmer" in page
    assert "Pat Practitioner" not in page
    page = client.get("/admin/accounts?q=ZIMM").get_data(as_text=True)
    assert "Zed Zimmer" in page
    assert "Pat Practitioner" not in page
    page = client.get("/admin/accounts?role=client").get_data(as_text=True)
    assert "1 account" in page


def test_accounts_list_shows_client_counts_without_a_query_per_row(client, signed_in_admin,
                                                                   count_queries):
    def add_practitioners(count):
        for _ in range(count):
            make_client(make_user(Role.PRACTITIONER))

    add_practitioners(3)
    with count_queries() as few:
        assert client.get("/admin/accounts").status_code == 200
    add_practitioners(27)
    with count_queries() as many:
        page = client.get("/admin/accounts").get_data(as_text=True)
    assert len(many) == len(few)
    assert "1 client" in page


def test_account_page_shows_details_clients_and_recent_activity(client, signed_in_admin, practitioner):
    make_client(practitioner, given_name="Hannah", family_name="Price")
    page = client.get(f"/admin/accounts/{practitioner.id}").get_data(as_text=True)
    assert "pat@example.com" in page
    assert "Price" in page
    assert "Send a password reset link" in page
    assert client.get("/admin/accounts/9999").status_code == 404


def test_deactivating_a_practitioner_ends_their_sessions_and_keeps_their_records(
        app, client, auth, admin_user, practitioner):
    kept = make_client(practitioner)
    other = app.test_client()
    other.post("/auth/login", data={"email": practitioner.email, "password": "correct horse battery"})
    assert other.get("/").status_code == 200
    stamp = practitioner.security_stamp
    auth.login_as(admin_user)
    response = client.post(f"/admin/accounts/{practitioner.id}/deactivate",
                           data={"with_clients": "yes"}, follow_redirects=True)
    assert "is deactivated and signed out everywhere" in response.get_data(as_text=True)
    user = fresh(User, practitioner.id)
    assert not user.is_enabled
    assert user.security_stamp != stamp
    assert other.get("/").status_code == 302  # their open session has ended
    assert fresh(Client, kept.id).practitioner_id == practitioner.id
    (event,) = events("account.deactivate")
    assert (event.actor_id, event.target_id) == (admin_user.id, practitioner.id)
    auth.logout()
    assert auth.login(practitioner.email).status_code == 200  # cannot sign in


def test_an_admin_cannot_deactivate_themselves(client, signed_in_admin):
    response = client.post(f"/admin/accounts/{signed_in_admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    assert fresh(User, signed_in_admin.id).is_enabled
    assert events("account.deactivate") == []


def test_the_last_active_admin_cannot_be_deactivated(admin_user, practitioner):
    with pytest.raises(InvalidState, match="last active admin"):
        operations.deactivate_account(admin_user, by=practitioner)
    second = make_user(Role.ADMIN)
    operations.deactivate_account(admin_user, by=second)  # another admin remains
    assert not admin_user.is_enabled


def test_another_admin_can_be_deactivated_and_reactivated(client, signed_in_admin):
    other = make_user(Role.ADMIN, name="Other Admin")
    client.post(f"/admin/accounts/{other.id}/deactivate")
    assert not fresh(User, other.id).is_enabled
    response = client.post(f"/admin/accounts/{other.id}/reactivate", follow_redirects=True)
    assert "Other Admin can sign in again" in response.get_data(as_text=True)
    assert fresh(User, other.id).is_enabled
    assert len(events("account.reactivate")) == 1


def test_a_reset_link_is_shown_audited_and_works(app, client, auth, signed_in_admin, practitioner):
    response = client.post(f"/admin/accounts/{practitioner.id}/reset-link")
    page = response.get_data(as_text=True)
    assert "Password reset link for Pat Practitioner" in page
    assert "Email is not set up" in page
    link = parse(page).select_one("#invitation-link")["value"]
    assert "/auth/reset/" in link
    (event,) = events("auth.reset_link")
    assert event.actor_id == signed_in_admin.id
    auth.logout()
    assert client.get(link.replace("http://localhost", "")).status_code == 200


def test_an_invited_user_gets_a_fresh_invitation_instead(client, signed_in_admin):
    invited = make_user(Role.PRACTITIONER, password=None)
    response = client.post(f"/admin/accounts/{invited.id}/reset-link")
    assert response.headers["Location"] == f"/admin/accounts/{invited.id}"
    page = client.get(response.headers["Location"])
    assert "A new invitation link is ready" in text_of(page)
    first = parse(page).select_one("#invitation-link")["value"]
    assert "/auth/invitation/" in first
    assert len(events("auth.invite")) == 1
    # A refresh shows the same link; a new one voids it.
    assert parse(client.get(f"/admin/accounts/{invited.id}")).select_one(
        "#invitation-link")["value"] == first
    client.post(f"/admin/accounts/{invited.id}/reset-link")
    second = parse(client.get(f"/admin/accounts/{invited.id}")).select_one(
        "#invitation-link")["value"]
    assert second != first
    assert client.get(first.removeprefix("http://localhost")).status_code == 400
    assert client.get(second.removeprefix("http://localhost")).status_code == 200


def test_no_reset_link_for_a_deactivated_account(client, signed_in_admin):
    gone = make_user(Role.PRACTITIONER, enabled=False)
    response = client.post(f"/admin/accounts/{gone.id}/reset-link", follow_redirects=True)
    assert "Reactivate the account first" in response.get_data(as_text=True)
    assert events("auth.reset_link") == []


@pytest.fixture
def caseload(practitioner):
    return [make_client(practitioner, given_name=name) for name in ("Ann", "Ben", "Cal")]


def submit(client, page, button: str, *, form: str = "main form[method=post]", choose=None,
           tick=None):
    """Send a form as a browser does: what the page has filled in and ticked, the changes a
    person makes (``choose``: a select's value by name; ``tick``: the checkboxes of a name to
    leave ticked, all others unticked), and the name and value of the button pressed."""
    forms = [found for found in parse(page).select(form)
             if any(b.get_text(" ", strip=True) == button for b in found.select("button"))]
    assert forms, f"no form with a button {button!r}"
    chosen = forms[0]
    choose, tick = choose or {}, tick or {}
    data = []
    for field in chosen.select("input[name], select[name]"):
        name = field["name"]
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data.append((name, str(choose.get(name, option["value"]))))
        elif field.get("type") in ("checkbox", "radio"):
            ticked = ([str(value) for value in tick[name]] if name in tick else
                      [field["value"]] if field.has_attr("checked") else [])
            if field["value"] in ticked:
                data.append((name, field["value"]))
        else:
            data.append((name, field.get("value", "")))
    pressed = next(b for b in chosen.select("button") if b.get_text(" ", strip=True) == button)
    if pressed.get("name"):
        data.append((pressed["name"], pressed.get("value", "")))
    form_data = {}
    for name, value in data:
        form_data.setdefault(name, []).append(value)
    return client.post(chosen.get("action") or "", data=form_data)


def hand_over(client, practitioner, data) -> str:
    """Ask for a handover, check that nothing moved yet, and confirm it; the page that follows."""
    before = events("client.reassign")
    review = client.post(f"/admin/accounts/{practitioner.id}/reassign", data=data)
    assert review.status_code == 200
    assert events("client.reassign") == before
    done = submit(client, review, "Confirm the handover")
    assert done.status_code == 302, text_of(done)
    return text_of(client.get(done.location))


def owners(caseload) -> list[int]:
    return [fresh(Client, c.id).practitioner_id for c in caseload]


def test_reassigning_all_clients_moves_each_and_audits_each(client, signed_in_admin, practitioner,
                                                            other_practitioner, caseload):
    page = hand_over(client, practitioner, {"to_practitioner_id": other_practitioner.id,
                                            "which": "all"})
    assert "3 clients handed over to Olive Other" in page
    for moved in caseload:
        assert fresh(Client, moved.id).practitioner_id == other_practitioner.id
    reassigned = events("client.reassign")
    assert sorted(event.client_id for event in reassigned) == sorted(c.id for c in caseload)
    assert reassigned[0].detail_dict == {"from_practitioner_id": practitioner.id,
                                         "to_practitioner_id": other_practitioner.id}


def test_reassigning_selected_clients_moves_only_those(client, signed_in_admin, practitioner,
                                                       other_practitioner, caseload):
    hand_over(client, practitioner, {"to_practitioner_id": other_practitioner.id,
                                     "which": "selected", "client_ids": [caseload[1].id]})
    assert owners(caseload) == [practitioner.id, other_practitioner.id, practitioner.id]
    assert [e.client_id for e in events("client.reassign")] == [caseload[1].id]


def test_ticking_one_client_and_handing_over_asks_first_then_moves_only_that_one(
        client, signed_in_admin, practitioner, other_practitioner, caseload):
    account = client.get(f"/admin/accounts/{practitioner.id}")
    review = submit(client, account, "Hand over the ticked clients",
                    choose={"to_practitioner_id": other_practitioner.id},
                    tick={"client_ids": [caseload[1].id]})
    assert review.status_code == 200
    asked = text_of(review)
    assert "Hand over 1 client to Olive Other?" in asked
    listed = [item.get_text(" ", strip=True) for item in parse(review).select("#handover-clients li")]
    assert listed == [caseload[1].full_name]
    assert owners(caseload) == [practitioner.id] * 3  # nothing moves before the confirmation
    assert events("client.reassign") == []
    done = submit(client, review, "Confirm the handover")
    assert done.status_code == 302
    assert "1 client handed over to Olive Other" in text_of(client.get(done.location))
    assert owners(caseload) == [practitioner.id, other_practitioner.id, practitioner.id]
    assert [e.client_id for e in events("client.reassign")] == [caseload[1].id]


def test_a_handover_moves_the_clients_appointments_still_to_come_and_leaves_the_past(
        client, signed_in_admin, practitioner, other_practitioner, caseload):
    ben = caseload[1]
    coming = make_appointment(ben, local_today() + timedelta(days=3))
    past = make_appointment(ben, local_today() - timedelta(days=3),
                            status=AppointmentStatus.ATTENDED)
    others = make_appointment(caseload[0], local_today() + timedelta(days=4))
    hand_over(client, practitioner, {"to_practitioner_id": other_practitioner.id,
                                     "which": "selected", "client_ids": [ben.id]})
    assert fresh(Appointment, coming.id).practitioner_id == other_practitioner.id
    assert fresh(Appointment, past.id).practitioner_id == practitioner.id
    assert fresh(Appointment, others.id).practitioner_id == practitioner.id
    moved = events("appointment.reassign")
    assert [(e.client_id, e.detail_dict["to_practitioner_id"]) for e in moved] == [
        (ben.id, other_practitioner.id)]


def test_a_handover_names_the_appointments_that_need_a_new_time_with_the_new_practitioner(
        client, signed_in_admin, practitioner, other_practitioner, caseload):
    """Mornings only for Olive, and a session of her own on Tuesday at 10:00: Ben's Monday
    afternoon and his Tuesday 10:30 move with him, named before and after as needing a new
    time; his Monday morning moves as it is."""
    schedule = WorkingSchedule(practitioner_id=other_practitioner.id, ranges=[
        WorkingRange(weekday=weekday, starts_at=time(9, 0), ends_at=time(12, 0))
        for weekday in range(5)])
    db.session.add(schedule)
    db.session.commit()
    monday = local_today() + timedelta(days=7 - local_today().weekday())
    ben = caseload[1]
    fine = make_appointment(ben, monday, time(10, 0))
    afternoon = make_appointment(ben, monday, time(14, 0))
    over_hers = make_appointment(ben, monday + timedelta(days=1), time(10, 30), place="Room 2")
    make_appointment(make_client(other_practitioner, given_name="Olga"),
                     monday + timedelta(days=1), time(10, 0))
    data = {"to_practitioner_id": other_practitioner.id, "which": "selected",
            "client_ids": [ben.id]}

    review = client.post(f"/admin/accounts/{practitioner.id}/reassign", data=data)
    listed = [item.get_text(" ", strip=True)
              for item in parse(review).select("#handover-appointments li")]
    assert len(listed) == 3
    assert "needs a new time" not in listed[0]
    assert "Outside Olive Other's working hours on Mondays (09:00–12:00)" in listed[1]
    assert "Over Olive Other's session with Olga" in listed[2]
    assert "2 need a new time" in text_of(review)

    done = submit(client, review, "Confirm the handover")
    page = text_of(client.get(done.location))
    assert "2 appointments moved to Olive Other need a new time" in page
    assert f"{ben.full_name} on {monday:%a %d %b}, 14:00" in page
    for appointment in (fine, afternoon, over_hers):
        assert fresh(Appointment, appointment.id).practitioner_id == other_practitioner.id
    flagged = {event.target_id: event.detail_dict.get("needs_new_time")
               for event in events("appointment.reassign")}
    assert flagged[fine.id] is None
    assert flagged[afternoon.id].startswith("Outside Olive Other's working hours")
    assert flagged[over_hers.id].startswith("Over Olive Other's session with Olga")


def test_handing_over_all_lists_every_client_before_moving_them(client, signed_in_admin,
                                                                practitioner, other_practitioner,
                                                                caseload):
    account = client.get(f"/admin/accounts/{practitioner.id}")
    review = submit(client, account, "Hand over all 3 clients",
                    choose={"to_practitioner_id": other_practitioner.id})
    listed = [item.get_text(" ", strip=True) for item in parse(review).select("#handover-clients li")]
    assert sorted(listed) == sorted(c.full_name for c in caseload)
    assert "Hand over 3 clients to Olive Other?" in text_of(review)
    assert f"/admin/accounts/{practitioner.id}" in links(review)  # back without moving anyone
    assert owners(caseload) == [practitioner.id] * 3
    submit(client, review, "Confirm the handover")
    assert owners(caseload) == [other_practitioner.id] * 3


def test_the_account_page_offers_no_preselected_all_clients_choice(client, signed_in_admin,
                                                                   practitioner, caseload,
                                                                   other_practitioner):
    form = parse(client.get(f"/admin/accounts/{practitioner.id}")).select_one(
        f"form[action='/admin/accounts/{practitioner.id}/reassign']")
    assert not form.select("input[type=radio]")
    assert not form.select("input[type=checkbox][checked]")
    buttons = [button.get_text(" ", strip=True) for button in form.select("button")]
    assert buttons == ["Hand over the ticked clients", "Hand over all 3 clients"]


def test_a_confirmation_moves_the_clients_it_listed_not_those_added_since(
        client, signed_in_admin, practitioner, other_practitioner, caseload):
    review = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                         data={"to_practitioner_id": other_practitioner.id, "which": "all"})
    newcomer = make_client(practitioner, given_name="Dee")
    submit(client, review, "Confirm the handover")
    assert owners(caseload) == [other_practitioner.id] * 3
    assert fresh(Client, newcomer.id).practitioner_id == practitioner.id


def test_a_stale_confirmation_moves_nobody_and_says_why(client, signed_in_admin, practitioner,
                                                        other_practitioner, caseload):
    review = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                         data={"to_practitioner_id": other_practitioner.id, "which": "all"})
    third = make_user(Role.PRACTITIONER, name="Third Person")
    operations.reassign_clients(practitioner, third, [caseload[0].id])  # another admin, meanwhile
    db.session.commit()
    response = submit(client, review, "Confirm the handover")
    assert response.status_code == 200
    assert "no longer with this practitioner" in text_of(response)
    assert owners(caseload) == [third.id, practitioner.id, practitioner.id]
    assert len(events("client.reassign")) == 1


def test_confirming_twice_moves_the_clients_once(client, signed_in_admin, practitioner,
                                                 other_practitioner, caseload):
    """Back to the confirmation page and Confirm again: already moved, so nothing happens."""
    review = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                         data={"to_practitioner_id": other_practitioner.id, "which": "selected",
                               "client_ids": [caseload[0].id, caseload[2].id]})
    assert submit(client, review, "Confirm the handover").status_code == 302
    again = submit(client, review, "Confirm the handover")
    assert again.status_code == 200
    assert "no longer with this practitioner" in text_of(again)
    assert owners(caseload) == [other_practitioner.id, practitioner.id, other_practitioner.id]
    assert sorted(e.client_id for e in events("client.reassign")) == [caseload[0].id,
                                                                      caseload[2].id]


def test_an_archived_client_is_listed_as_archived_before_it_moves(client, signed_in_admin,
                                                                  practitioner,
                                                                  other_practitioner):
    from practice.core.database import now_utc

    archived = make_client(practitioner, given_name="Old", archived_at=now_utc())
    account = client.get(f"/admin/accounts/{practitioner.id}")
    review = submit(client, account, f"Hand over {archived.full_name}",
                    choose={"to_practitioner_id": other_practitioner.id})
    assert text_of(review, "#handover-clients") == f"{archived.full_name} archived"
    submit(client, review, "Confirm the handover")
    assert fresh(Client, archived.id).practitioner_id == other_practitioner.id


def test_reassigning_needs_a_choice_and_an_active_target(client, signed_in_admin, practitioner,
                                                        other_practitioner, caseload):
    page = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                       data={"to_practitioner_id": other_practitioner.id, "which": "selected"})
    assert page.status_code == 200
    assert "Tick at least one client" in page.get_data(as_text=True)
    inactive = make_user(Role.PRACTITIONER, enabled=False)
    page = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                       data={"to_practitioner_id": inactive.id, "which": "all"})
    assert "Not a valid choice" in page.get_data(as_text=True)
    page = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                       data={"to_practitioner_id": 0, "which": "all"})
    assert "Choose another active practitioner" in page.get_data(as_text=True)
    page = client.post(f"/admin/accounts/{practitioner.id}/reassign",
                       data={"to_practitioner_id": other_practitioner.id, "which": "all",
                             "confirmed": "yes", "client_ids": ["abc"]})
    assert page.status_code == 200
    assert all(fresh(Client, c.id).practitioner_id == practitioner.id for c in caseload)
    assert events("client.reassign") == []


def test_only_practitioners_have_clients_to_hand_over(client, signed_in_admin, other_practitioner):
    response = client.post(f"/admin/accounts/{signed_in_admin.id}/reassign",
                           data={"to_practitioner_id": other_practitioner.id, "which": "all"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/admin/accounts", "/admin/settings", "/admin/exports", "/admin/audit",
                                  "/admin/mail"])
def test_admin_pages_answer_403_to_practitioners_and_clients(client, auth, practitioner, path):
    auth.login_as(practitioner)
    assert client.get(path).status_code == 403
    auth.logout()
    _client, portal_user = make_portal_client(practitioner)
    auth.login_as(portal_user)
    assert client.get(path).status_code == 403


def test_an_emailed_reset_link_points_to_the_outbox(app, client, signed_in_admin, practitioner,
                                                    monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    page = client.post(f"/admin/accounts/{practitioner.id}/reset-link")
    assert "We emailed this link to pat@example.com" in text_of(page)
    assert "/admin/mail" in links(page)
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(("search", "found", "not_found"), [
    ("50%", "Fifty 50% Percent", "Fifty 500 Percent"),
    ("a_b", "Ann a_b", "Ann axb"),
])
def test_account_search_finds_percent_and_underscore_literally(client, signed_in_admin, search,
                                                               found, not_found):
    make_user(Role.PRACTITIONER, name=found)
    make_user(Role.PRACTITIONER, name=not_found)
    page = text_of(client.get("/admin/accounts", query_string={"q": search}))
    assert found in page
    assert not_found not in page


def test_with_mail_an_admin_never_sees_a_clients_reset_link(app, client, auth, admin_user,
                                                             practitioner, tmp_path, monkeypatch):
    from tests.factories.accounts import make_portal_client

    _record, portal_user = make_portal_client(practitioner)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    auth.login_as(admin_user)
    page = client.post(f"/admin/accounts/{portal_user.id}/reset-link")
    assert page.status_code == 200
    assert "/auth/reset/" not in page.get_data(as_text=True)
    mailed = [path.read_text() for path in tmp_path.glob("*.eml")]
    assert len(mailed) == 1
    assert "/auth/reset/" in mailed[0]


def test_deactivating_a_practitioner_with_clients_warns_and_offers_the_handover(
        client, signed_in_admin, practitioner):
    make_client(practitioner, given_name="Hannah", family_name="Price")
    page = client.post(f"/admin/accounts/{practitioner.id}/deactivate")
    assert page.status_code == 200
    assert "Pat Practitioner still has 1 client" in text_of(page)
    assert "Hannah Price" in text_of(page, "#clients-left")
    assert f"/admin/accounts/{practitioner.id}#handover" in links(page)
    db.session.expire_all()
    assert db.session.get(User, practitioner.id).is_enabled  # nothing changed yet
    assert not events("account.deactivate")
    client.post(f"/admin/accounts/{practitioner.id}/deactivate", data={"with_clients": "yes"})
    db.session.expire_all()
    assert not db.session.get(User, practitioner.id).is_enabled
    assert len(events("account.deactivate")) == 1


def test_a_practitioner_without_clients_is_deactivated_at_once(client, signed_in_admin,
                                                               practitioner):
    response = client.post(f"/admin/accounts/{practitioner.id}/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, practitioner.id).is_enabled
