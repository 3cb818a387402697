"""Portal access for a client: invite, resend the link, revoke, grant again.

The client's sign-in is an ordinary ``User`` with the client role, linked from
``Client.portal_user`` (``Client.portal_status`` says where it stands). Links are the
signed, expiring, single-use invitation links of ``practice.auth.operations``. Revoking
disables the account and rotates its security stamp, which ends its sessions and voids every
link sent so far. Every function joins the request's unit of work and audits.
"""
from practice.auth.models import User
from practice.auth.operations import invite_user, issue_link
from practice.auth.queries import find_user_by_email
from practice.auth.tokens import TokenPurpose
from practice.clients.models import Client, PortalStatus
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.errors import InvalidState
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
    user.rotate_security_stamp()
    audit.record("client.portal_revoke", client, client_id=client.id, detail={"user_id": user.id})


def regrant_portal_access(client: Client) -> tuple[User, str, bool]:
    """Enable a revoked sign-in again with a new link to choose a password."""
    ensure_not_archived(client)
    if client.portal_status is not PortalStatus.REVOKED:
        raise InvalidState("This client's portal access is not revoked.")
    user = client.portal_user
    user.is_enabled = True
    user.rotate_security_stamp()
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client.id)
    audit.record("client.portal_regrant", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed
