"""The ``clients`` blueprint, and what its view modules (``*_views.py``) share."""
from flask import flash, redirect, url_for

from practice.clients.models import Client
from practice.clients.services import ARCHIVED_MESSAGE


def to_overview(client: Client):
    return redirect(url_for("clients.overview", client_id=client.id))


def refuse_if_archived(client: Client):
    """Back to the client's page with a message when the record is archived; else None."""
    if not client.is_archived:
        return None
    flash(ARCHIVED_MESSAGE, "warning")
    return to_overview(client)
