"""Owner-scoped loading of client records, and the client list.

``get_client_or_404`` is the one way any feature gets a client by id; the pages about the
client record itself load it through ``get_client_for_view_or_404``, which also audits the
visit (once per request, on GET only: ``audit.record_view``).
"""

from flask import request
from flask_login import current_user
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from practice.auth.operations import invitation_expires_at, pending_invitation_link
from practice.clients.models import Client, PortalStatus, client_name_order
from practice.clients.overview import overview_section
from practice.clients.validators import phone_search_key
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.core.mail import mail_configured
from practice.core.names import fold

LIST_STATUSES = {"active": "Active", "archived": "Archived", "all": "All"}
LIST_SORTS = {"name": "Name", "activity": "Last activity"}
#: The longest search kept (the search field's own limit).
#: Record numbers are 32-bit integers in the database: a larger one in a URL names nothing.
LARGEST_ID = 2**31 - 1


def is_record_id(value: int) -> bool:
    """Whether ``value`` (from a URL) can be a record number at all; the database refuses
    larger ones with an error instead of finding nothing."""
    return 0 < value <= LARGEST_ID


def get_client_or_404(client_id: int) -> Client:
    """The signed-in practitioner's client (archived ones too), or 404."""
    if not is_record_id(client_id):
        raise NotFound()
    return one_or_404(select(Client).where(Client.id == client_id,
                                           Client.practitioner_id == current_user.id))


def get_client_for_view_or_404(client_id: int) -> Client:
    """The client whose overview a page shows: audited as ``client.view``."""
    client = get_client_or_404(client_id)
    audit.record_view("client.view", client, client_id=client.id)
    return client


def get_client_for_edit_or_404(client_id: int) -> Client:
    """The client whose record form a page shows (contact details and notes).

    Audited as ``client.view`` of the edit page. An archived record cannot be edited, so its
    form is refused (``Archived``) rather than shown; a form sent after the record was archived
    meanwhile is refused by the save, and the page keeps what was typed.
    """
    client = get_client_or_404(client_id)
    if request.method == "GET":
        ensure_not_archived(client)
    audit.record_view("client.view", client, client_id=client.id, detail={"page": "edit"})
    return client


def get_own_client_record_or_404() -> Client:
    """In the portal: the client record linked to the signed-in client user, or 404."""
    return one_or_404(select(Client).where(Client.portal_user_id == current_user.id))


# --- the list (names and contact details only: not audited) -------------------------------

def client_list_statement(practitioner_id: int, *, search: str = "", status: str = "active",
                          sort: str = "name") -> Select:
    """The practitioner's clients matching a search, with their portal accounts joined."""
    statement = (select(Client).where(Client.practitioner_id == practitioner_id)
                 .options(joinedload(Client.portal_user)))
    if status == "active":
        statement = statement.where(Client.archived_at.is_(None))
    elif status == "archived":
        statement = statement.where(Client.archived_at.is_not(None))
    if search.strip():
        statement = statement.where(_matches(search.strip()))
    order = (Client.last_activity_at.desc(),) if sort == "activity" else client_name_order()
    return statement.order_by(*order, Client.id)


def has_clients(practitioner_id: int) -> bool:
    return db.session.scalar(select(Client.id).where(Client.practitioner_id == practitioner_id)
                             .limit(1)) is not None


def _like(column, text: str):
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _phone_digits(column):
    return func.replace(func.replace(column, " ", ""), "-", "")


def _matches(search: str):
    """Every word in a name or the email, whatever its accents and case (the folded
    ``search_name``); or the whole search as (part of) a phone number."""
    words = [_like(Client.search_name, word) for word in fold(search).split()]
    conditions = [and_(*words)]
    digits = "".join(ch for ch in search if ch.isdigit())
    if len(digits) >= 4 and not set(search) - set("0123456789+-() "):
        conditions.append(_like(_phone_digits(Client.phone), digits))
        international = phone_search_key(search)
        if international:
            conditions.append(_like(_phone_digits(Client.phone), international))
    return or_(*conditions)


# --- the record's own overview section ------------------------------------------------------

@overview_section("portal", "Portal access", "clients/_portal_access.html", order=20)
def portal_access_section(client: Client) -> dict:
    """Always shown: where the client is invited to the portal (one query, the sign-in)."""
    status = client.portal_status
    link = pending_invitation_link(client.portal_user) if status is PortalStatus.INVITED else None
    return {"portal": status, "PortalStatus": PortalStatus, "can_email": mail_configured(),
            "link": link, "emailed": mail_configured(), "user": client.portal_user,
            "expires_at": link and invitation_expires_at(client.portal_user)}
