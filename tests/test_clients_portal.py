"""Portal access from the client's page: invite, resend, revoke, grant again or restore.

Once the client has chosen a password the account is theirs: the practitioner can close and
reopen it, and have a reset link emailed to the client, but never obtain a link that sets it.
"""
import pytest
from sqlalchemy import select

from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_client, make_portal_client, make_user
from tests.html import parse, text_of

NEW_PASSWORD = "a fresh portal password"


def link_path(page) -> str:
    field = parse(page).select_one("input#invitation-link")
    assert field is not None, "no invitation link on the page"
    assert field.has_attr("readonly")
    link = field["value"]
    assert link.startswith("http://localhost/auth/invitation/")
    return link.removeprefix("http://localhost")


def reload(record):
    db.session.expire_all()
    return db.session.get(type(record), record.id)


def badges(page) -> list[str]:
    return [badge.get_text(strip=True) for badge in parse(page).select(".badge")]


def events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price",
                       email="Hannah.Price@example.com")


def change(client, record, action: str, **kwargs):
    """A portal button pressed on the client's overview (browsers send it as the referrer)."""
    return client.post(f"/clients/{record.id}/portal/{action}",
                       headers={"Referer": f"http://localhost/clients/{record.id}"}, **kwargs)


def invite(client, record):
    return change(client, record, "invite", follow_redirects=True)


def test_invite_creates_a_linked_client_account(app, client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = invite(client, hannah)
    assert response.status_code == 200
    assert response.request.path == f"/clients/{hannah.id}"  # back on the client's page
    page = response.get_data(as_text=True)
    assert "Hannah Price is invited to the portal." in text_of(page)
    assert "hannah.price@example.com" in page
    path = link_path(page)
    again = client.get(f"/clients/{hannah.id}")  # a refresh keeps the link
    assert link_path(again) == path
    assert parse(again).select_one("button[data-copy-from=invitation-link]") is not None

    stored = reload(hannah)
    user = stored.portal_user
    assert user.role is Role.CLIENT
    assert user.email == "hannah.price@example.com"
    assert user.display_name == "Hannah Price"
    assert user.password_hash is None
    [invited] = events("client.portal_invite")
    assert (invited.client_id, invited.target_id) == (hannah.id, hannah.id)
    [link_event] = events("auth.invite")
    assert link_event.client_id == hannah.id

    # The client follows the link and chooses a password.
    auth.logout()
    assert client.get(path).status_code == 200
    accepted = client.post(path, data={"new_password": NEW_PASSWORD,
                                       "confirm_password": NEW_PASSWORD})
    assert accepted.status_code == 302
    assert reload(user).password_hash is not None
    # Single use: the same link is refused now.
    assert client.get(path).status_code == 400


def test_overview_shows_each_portal_state(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    overview = f"/clients/{hannah.id}"
    assert "Invite to the portal" in client.get(overview).get_data(as_text=True)
    invite(client, hannah)
    page = client.get(overview).get_data(as_text=True)
    assert "Invited" in badges(page)
    assert "Make a new invitation link" in page
    user = reload(hannah).portal_user
    user.password_hash = "set"
    db.session.commit()
    page = client.get(overview).get_data(as_text=True)
    assert "Active" in badges(page)
    assert "Revoke access" in page
    change(client, hannah, "revoke")
    page = client.get(overview).get_data(as_text=True)
    assert "Revoked" in badges(page)
    # The client had chosen a password: access is restored as it was, with no new link.
    assert "Restore access" in page
    assert "Grant access again" not in page


def test_invite_needs_the_clients_email(client, auth, practitioner):
    record = make_client(practitioner, email=None)
    auth.login_as(practitioner)
    assert "Add Hannah's email address" in client.get(f"/clients/{record.id}").get_data(as_text=True)
    # Posted from a page opened before the email was removed, say.
    page = change(client, record, "invite", follow_redirects=True)
    assert "Add the client's email address to their record first" in text_of(page)
    assert reload(record).portal_user is None
    assert db.session.scalar(select(User).where(User.role == Role.CLIENT)) is None


def test_an_email_with_an_account_is_refused_clearly(client, auth, practitioner, hannah):
    make_user(Role.PRACTITIONER, email="HANNAH.PRICE@example.com")
    auth.login_as(practitioner)
    response = change(client, hannah, "invite")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{hannah.id}"
    page = text_of(client.get(response.headers["Location"]))
    assert "Hannah.Price@example.com already belongs to an account" in page
    assert reload(hannah).portal_user is None
    assert not events("client.portal_invite")


def test_inviting_twice_is_refused(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    invite(client, hannah)
    page = change(client, hannah, "invite")
    assert page.status_code == 302
    assert "already has a portal account" in text_of(client.get(page.headers["Location"]))
    assert len(events("client.portal_invite")) == 1


def test_the_invite_button_sent_twice_invites_once_and_shows_the_record(client, auth, practitioner,
                                                                       hannah):
    """A double click or Refresh on the invitation page: one invitation, the record shown."""
    auth.login_as(practitioner)
    form = parse(client.get(f"/clients/{hannah.id}")).find(
        "form", action=f"/clients/{hannah.id}/portal/invite")
    key = form.find("input", attrs={"name": "form_key"})["value"]
    first = change(client, hannah, "invite", data={"form_key": key})
    assert first.status_code == 302  # back to the record, which shows the link
    second = change(client, hannah, "invite", data={"form_key": key}, follow_redirects=True)
    page = text_of(second)
    assert "Already saved: here it is." in page
    assert "already has a portal account" not in page
    assert second.request.path == f"/clients/{hannah.id}"
    assert len(events("client.portal_invite")) == 1


def test_resend_makes_a_new_working_link(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    first = link_path(invite(client, hannah))
    response = change(client, hannah, "resend", follow_redirects=True)
    assert response.status_code == 200
    path = link_path(response.get_data(as_text=True))
    assert path != first
    [resent] = events("client.portal_resend")
    assert resent.client_id == hannah.id
    auth.logout()
    assert client.get(first).status_code == 400  # the old link is void
    assert client.get(path).status_code == 200


def test_resend_is_only_for_open_invitations(client, auth, practitioner):
    record, _user = make_portal_client(practitioner)
    auth.login_as(practitioner)
    response = change(client, record, "resend", follow_redirects=True)
    assert "There is no open invitation to send again." in text_of(response)
    assert not events("auth.invite")


def test_revoke_ends_sessions_and_links(app, client, auth, practitioner):
    record, user = make_portal_client(practitioner, email="rosa@example.com")
    stamp = user.security_stamp
    client_browser = app.test_client()
    assert client_browser.post("/auth/login", data={"email": user.email,
                                                    "password": TEST_PASSWORD}).status_code == 302
    assert client_browser.get("/auth/password").status_code == 200  # signed in

    auth.login_as(practitioner)
    response = change(client, record, "revoke", follow_redirects=True)
    assert "portal access is revoked" in text_of(response)
    revoked = reload(user)
    assert revoked.is_enabled is False
    assert revoked.security_stamp != stamp
    [event] = events("client.portal_revoke")
    assert event.client_id == record.id

    # The client's open session is over, ended on the server at once (as a deactivation
    # ends them), and they cannot sign in again.
    from practice.auth.models import SessionEnd, UserSession

    [row] = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    assert row.ended_at is not None
    assert row.ended_reason is SessionEnd.DEACTIVATED
    assert client_browser.get("/auth/password").status_code == 302
    assert client_browser.post("/auth/login", data={"email": user.email,
                                                    "password": TEST_PASSWORD}).status_code == 200


def test_revoking_an_open_invitation_voids_its_link(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    path = link_path(invite(client, hannah).get_data(as_text=True))
    change(client, hannah, "revoke")
    auth.logout()
    assert client.get(path).status_code == 400


def test_grant_again_after_revoke(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    old_path = link_path(invite(client, hannah).get_data(as_text=True))
    change(client, hannah, "revoke")
    response = change(client, hannah, "regrant", follow_redirects=True)
    assert response.status_code == 200
    new_path = link_path(response.get_data(as_text=True))
    user = reload(hannah).portal_user
    assert user.is_enabled
    [event] = events("client.portal_regrant")
    assert event.client_id == hannah.id
    auth.logout()
    assert client.get(old_path).status_code == 400
    assert client.get(new_path).status_code == 200
    # Only one account for the client, however often access changes.
    assert len(list(db.session.scalars(select(User).where(User.role == Role.CLIENT)))) == 1


def test_regrant_only_after_revoke(client, auth, practitioner):
    record, _user = make_portal_client(practitioner)
    auth.login_as(practitioner)
    page = change(client, record, "regrant", follow_redirects=True)
    assert "is not revoked" in text_of(page)


def test_archived_clients_cannot_be_invited(client, auth, practitioner):
    record = make_client(practitioner, email="arch@example.com", archived_at=now_utc())
    auth.login_as(practitioner)
    page = change(client, record, "invite", follow_redirects=True)
    assert "archived" in text_of(page)
    assert reload(record).portal_user is None


PORTAL_ACTIONS = ["invite", "resend", "revoke", "regrant", "reset"]


@pytest.mark.parametrize("action", PORTAL_ACTIONS)
def test_another_practitioners_client_is_not_found(client, auth, practitioner,
                                                   other_practitioner, action):
    theirs, user = make_portal_client(other_practitioner, email="theirs@example.com")
    auth.login_as(practitioner)
    assert client.post(f"/clients/{theirs.id}/portal/{action}").status_code == 404
    assert reload(user).is_enabled
    assert not events(f"client.portal_{action}")


@pytest.mark.parametrize("action", PORTAL_ACTIONS)
def test_a_client_user_is_refused(client, auth, practitioner, action):
    record, user = make_portal_client(practitioner)
    auth.login_as(user)
    assert client.post(f"/clients/{record.id}/portal/{action}").status_code == 403


def test_client_records_stay_linked_after_revoke(client, auth, practitioner):
    record, user = make_portal_client(practitioner)
    auth.login_as(practitioner)
    change(client, record, "revoke")
    stored = db.session.scalar(select(Client).where(Client.id == record.id))
    assert stored.portal_user_id == user.id


ARCHIVED = "This client's record is archived. Restore it to make changes."


@pytest.mark.parametrize(("action", "state"), [("invite", None), ("resend", "invited"),
                                               ("regrant", "revoked"), ("reset", "active")])
def test_an_archived_clients_portal_access_cannot_be_opened(client, auth, practitioner, action,
                                                            state):
    record = make_client(practitioner, email="arch@example.com", archived_at=now_utc())
    if state is not None:
        user = make_user(Role.CLIENT, email="arch@example.com")
        user.password_hash = None if state == "invited" else user.password_hash
        user.is_enabled = state != "revoked"
        record.portal_user = user
        db.session.commit()
    before = (reload(record).portal_user_id, record.portal_status)
    auth.login_as(practitioner)
    from_overview = change(client, record, action, follow_redirects=True)
    assert from_overview.request.path == f"/clients/{record.id}"
    assert ARCHIVED in text_of(from_overview)
    direct = client.post(f"/clients/{record.id}/portal/{action}")
    assert direct.status_code == 409
    assert ARCHIVED in text_of(direct)
    stored = reload(record)
    assert (stored.portal_user_id, stored.portal_status) == before
    assert not events(f"client.portal_{action}")
    assert "Portal invitation" not in text_of(from_overview)


def test_an_archived_clients_portal_access_can_still_be_revoked(client, auth, practitioner):
    """Closing access is never put off: revoking is the one portal change an archive allows."""
    record, user = make_portal_client(practitioner, archived_at=now_utc())
    auth.login_as(practitioner)
    overview = client.get(f"/clients/{record.id}")
    buttons = [button.get_text(strip=True) for button in parse(overview).select("form button")]
    assert "Revoke access" in buttons
    assert "Grant access again" not in buttons
    assert "Restore access" not in buttons
    change(client, record, "revoke")
    assert not reload(user).is_enabled
    assert len(events("client.portal_revoke")) == 1


# --- A claimed account belongs to the client -------------------------------------------------

def outbox():
    from practice.core.mail import OutboxMessage

    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def no_link_on(page) -> None:
    """Neither a link field nor any token link anywhere on the page."""
    html = page.get_data(as_text=True)
    assert parse(html).select_one("input#invitation-link") is None
    assert "/auth/invitation/" not in html
    assert "/auth/reset/" not in html


def test_restoring_a_claimed_account_gives_no_link(app, client, auth, practitioner):
    """The takeover of finding 9: revoke, grant again, open the link, choose a password."""
    record, user = make_portal_client(practitioner, email="rosa@example.com")
    password_hash = user.password_hash
    auth.login_as(practitioner)
    change(client, record, "revoke")
    response = change(client, record, "regrant")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{record.id}"
    no_link_on(response)
    page = client.get(response.headers["Location"])
    no_link_on(page)
    assert "portal access is restored" in text_of(page)
    restored = reload(user)
    assert restored.is_enabled
    assert restored.password_hash == password_hash  # the client's own password, untouched
    assert not events("auth.invite")
    assert not events("auth.reset_link")
    assert not events("client.portal_regrant")
    [event] = events("client.portal_restore")
    assert (event.client_id, event.actor_id) == (record.id, practitioner.id)

    # The client signs in with the password they chose, as before the revoke.
    auth.logout()
    assert auth.login(user.email).status_code == 302


def test_restore_sends_no_mail_either(app, client, auth, practitioner, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    record, _user = make_portal_client(practitioner, email="rosa@example.com")
    auth.login_as(practitioner)
    change(client, record, "revoke")
    no_link_on(change(client, record, "regrant", follow_redirects=True))
    assert outbox() == []


def test_no_button_makes_a_link_for_a_claimed_account(client, auth, practitioner):
    """Whatever the state, every portal button on a claimed account's page leaves no link."""
    record, user = make_portal_client(practitioner, email="rosa@example.com")
    password_hash = user.password_hash
    auth.login_as(practitioner)
    for action in PORTAL_ACTIONS:
        for _ in range(2):  # active, then revoked (or restored) again
            no_link_on(change(client, record, action, follow_redirects=True))
    assert not events("auth.invite")
    assert not events("auth.reset_link")
    assert reload(user).password_hash == password_hash


def test_a_reset_for_a_claimed_account_goes_to_the_clients_email(app, client, auth, practitioner,
                                                                 monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    record, user = make_portal_client(practitioner, email="rosa@example.com")
    password_hash = user.password_hash
    overview = f"/clients/{record.id}"
    auth.login_as(practitioner)
    page = parse(client.get(overview))
    assert "Email a password reset link" in [button.get_text(strip=True)
                                             for button in page.select("form button")]
    response = change(client, record, "reset")
    assert response.status_code == 302
    no_link_on(response)
    page = client.get(response.headers["Location"])
    no_link_on(page)
    assert f"A link to choose a new password was emailed to {user.email}" in text_of(page)
    [message] = outbox()
    assert message.recipient == user.email  # the client's own sign-in address
    [reset] = events("client.portal_reset")
    assert (reset.client_id, reset.actor_id) == (record.id, practitioner.id)
    [link_event] = events("auth.reset_link")
    assert link_event.client_id == record.id
    assert reload(user).password_hash == password_hash  # unchanged until the client acts


def test_without_mail_a_reset_is_for_an_admin(client, auth, practitioner):
    record, user = make_portal_client(practitioner, email="rosa@example.com")
    overview = f"/clients/{record.id}"
    auth.login_as(practitioner)
    page = client.get(overview)
    assert "Email a password reset link" not in [
        button.get_text(strip=True) for button in parse(page).select("form button")]
    assert "an administrator can make a password reset link" in text_of(page)
    response = change(client, record, "reset", follow_redirects=True)
    no_link_on(response)
    assert "Email is not set up" in text_of(response)
    assert not events("auth.reset_link")
    assert not events("client.portal_reset")


@pytest.mark.parametrize("state", ["invited", "revoked"])
def test_a_reset_is_only_for_an_active_claimed_account(app, client, auth, practitioner, hannah,
                                                       monkeypatch, tmp_path, state):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    auth.login_as(practitioner)
    invite(client, hannah)
    if state == "revoked":
        change(client, hannah, "revoke")
    mails = len(outbox())
    response = change(client, hannah, "reset", follow_redirects=True)
    if state == "revoked":
        no_link_on(response)
    else:  # the open invitation stays on the page to copy; no reset link is made
        assert "/auth/reset/" not in response.get_data(as_text=True)
    assert "no portal password to reset" in text_of(response)
    assert len(outbox()) == mails
    assert not events("auth.reset_link")


def test_an_archived_clients_password_reset_is_refused(app, client, auth, practitioner,
                                                       monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    record, _user = make_portal_client(practitioner, archived_at=now_utc())
    auth.login_as(practitioner)
    assert client.post(f"/clients/{record.id}/portal/reset").status_code == 409
    assert outbox() == []
