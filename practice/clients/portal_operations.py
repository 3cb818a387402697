"""Portal access for a client: invite, resend the link, revoke, restore, email a reset.

The client's sign-in is an ordinary ``User`` with the client role, linked from
``Client.portal_user`` (``Client.portal_status`` says where it stands). Links are the
signed, expiring, single-use invitation links of ``practice.auth.operations``. Revoking
disables the account, ends its sessions on the server and rotates its security stamp, which
voids every link sent so far. Every function joins the request's unit of work and audits.

Once the client has chosen a password the account is theirs (it is *claimed*): the
practitioner may close it and open it again as it was, and may have a reset link emailed to
the client's own address, but nothing here ever hands the practitioner a link that sets its
password. Otherwise a practitioner could sign in as the client, and what they did would read
as the client's own. Where no mail is set up, only an admin makes a reset link.
"""
from practice.auth.models import SessionEnd, User
from practice.auth.operations import invite_user, issue_link
from practice.auth.queries import find_user_by_email
from practice.auth.sessions import end_sessions
from practice.auth.tokens import TokenPurpose
from practice.clients.models import Client, PortalStatus
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.errors import InvalidState
from practice.core.mail import mail_configured
from practice.core.roles import Role


def invite_to_portal(client: Client) -> tuple[User, str, bool]:
    """Create the client's sign-in from the record's email; return (user, link, emailed)."""
    ensure_not_archived(client)
    if client.portal_user is not None:
        raise InvalidState("This client already has a portal account.")
    if not client.email:
        raise InvalidState("Add the client's email address to their record first: the "
                           "invitation is sent to it and it becomes their sign-in.")
    if find_user_by_email(client.email) is not None:
        raise InvalidState(
            f"{client.email} already belongs to an account in this practice, so it cannot be "
            "used for a new portal sign-in. Check the client's email address; if it is shared "
            "with someone else, ask the client for an address of their own.")
    user, link, emailed = invite_user(client.email, client.full_name, Role.CLIENT,
                                      client_id=client.id)
    client.portal_user = user
    client.touch()
    audit.record("client.portal_invite", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed


def resend_invitation(client: Client) -> tuple[User, str, bool]:
    """A fresh link for an invitation that has not been accepted yet."""
    ensure_not_archived(client)
    if client.portal_status is not PortalStatus.INVITED:
        raise InvalidState("There is no open invitation to send again.")
    user = client.portal_user
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client.id)
    audit.record("client.portal_resend", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed


def revoke_portal_access(client: Client) -> None:
    """Disable the sign-in now: open sessions end and every link sent so far stops working.

    Allowed on an archived record too: closing access is never something to put off.
    """
    if client.portal_status not in (PortalStatus.INVITED, PortalStatus.ACTIVE):
        raise InvalidState("This client has no portal access to revoke.")
    user = client.portal_user
    user.is_enabled = False
    end_sessions(user, SessionEnd.DEACTIVATED)
    user.rotate_security_stamp()
    audit.record("client.portal_revoke", client, client_id=client.id, detail={"user_id": user.id})


def is_claimed(user: User) -> bool:
    """The client has chosen a password: only they may set it from now on."""
    return user.password_hash is not None


def regrant_portal_access(client: Client) -> tuple[User, str, bool] | None:
    """Open a revoked sign-in again.

    A claimed account is enabled as it was (its password unchanged) and no link is made; an
    invitation that was never accepted gets a new link to choose a password.

    :returns: ``(user, link, emailed)`` for a new invitation, ``None`` for a restored account.
    """
    ensure_not_archived(client)
    if client.portal_status is not PortalStatus.REVOKED:
        raise InvalidState("This client's portal access is not revoked.")
    user = client.portal_user
    user.is_enabled = True
    user.rotate_security_stamp()
    if is_claimed(user):
        audit.record("client.portal_restore", client, client_id=client.id,
                     detail={"user_id": user.id})
        return None
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client.id)
    audit.record("client.portal_regrant", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed


def email_password_reset(client: Client) -> str:
    """Email the client a link to choose a new password; the link is never shown here.

    :returns: the address it goes to.
    """
    ensure_not_archived(client)
    if client.portal_status is not PortalStatus.ACTIVE:
        raise InvalidState("This client has no portal password to reset: invite them, or "
                           "restore their access first.")
    if not mail_configured():
        raise InvalidState("Email is not set up, so a reset link cannot be sent to the client. "
                           "Ask an administrator: they can make a password reset link for "
                           "the client's account.")
    user = client.portal_user
    issue_link(user, TokenPurpose.PASSWORD_RESET, client_id=client.id)
    audit.record("client.portal_reset", client, client_id=client.id, detail={"user_id": user.id})
    return user.email
