"""Archived means read-only: the one check every change to a client's record goes through."""
from practice.core.errors import Archived


def ensure_not_archived(record) -> None:
    """Raise ``Archived`` when ``record`` is an archived client, or belongs to one (``.client``)."""
    client = getattr(record, "client", record)
    if getattr(client, "is_archived", False):
        raise Archived()
