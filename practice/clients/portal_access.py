"""Portal access for a client: invite, resend the link, revoke, grant again.

The client's sign-in is an ordinary ``User`` with the client role, linked from
``Client.portal_user``. Links are the foundation's signed, expiring, single-use
invitation links (``practice.auth.services``). Revoking disables the account and
rotates its security stamp, which ends its sessions and voids every link sent so far.
Every function joins the caller's transaction and audits; callers commit.
"""
import enum

from practice.auth.models import Role, User, find_user_by_email
from practice.auth.services import invite_user, issue_link
from practice.auth.tokens import TokenPurpose
from practice.clients.models import Client
from practice.clients.services import ensure_editable
from practice.core import audit


class PortalStatus(enum.Enum):
    NONE = "none"
    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"


class PortalAccessError(ValueError):
    """A portal change that cannot be made; the message is for the practitioner."""


def portal_status(client: Client) -> PortalStatus:
    user = client.portal_user
    if user is None:
        return PortalStatus.NONE
    if not user.is_enabled:
        return PortalStatus.REVOKED
    return PortalStatus.INVITED if user.password_hash is None else PortalStatus.ACTIVE


def invite_to_portal(client: Client) -> tuple[User, str, bool]:
    """Create the client's sign-in from the record's email; return (user, link, emailed)."""
    ensure_editable(client)
    if client.portal_user is not None:
        raise PortalAccessError("This client already has a portal account.")
    if not client.email:
        raise PortalAccessError("Add the client's email address to their record first: the "
                                "invitation is sent to it and it becomes their sign-in.")
    if find_user_by_email(client.email) is not None:
        raise PortalAccessError(
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
    ensure_editable(client)
    if portal_status(client) is not PortalStatus.INVITED:
        raise PortalAccessError("There is no open invitation to send again.")
    user = client.portal_user
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client.id)
    audit.record("client.portal_resend", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed


def revoke_portal_access(client: Client) -> None:
    """Disable the sign-in now: open sessions end and every link sent so far stops working."""
    if portal_status(client) not in (PortalStatus.INVITED, PortalStatus.ACTIVE):
        raise PortalAccessError("This client has no portal access to revoke.")
    user = client.portal_user
    user.is_enabled = False
    user.rotate_security_stamp()
    audit.record("client.portal_revoke", client, client_id=client.id, detail={"user_id": user.id})


def regrant_portal_access(client: Client) -> tuple[User, str, bool]:
    """Enable a revoked sign-in again with a new link to choose a password."""
    ensure_editable(client)
    if portal_status(client) is not PortalStatus.REVOKED:
        raise PortalAccessError("This client's portal access is not revoked.")
    user = client.portal_user
    user.is_enabled = True
    user.rotate_security_stamp()
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client.id)
    audit.record("client.portal_regrant", client, client_id=client.id,
                 detail={"user_id": user.id, "emailed": emailed})
    return user, link, emailed
