"""Work under way that conflicts with precautions nobody weighed for it: a registry.

When a client's checklist changes, an exercise already on the home program (or a step of an
active plan) may conflict with a precaution that was not there when it was prescribed. The
features that hold such work register a loader with ``@open_work_source``; the checklist's
pages and the attention list read them all through ``open_work_by_client``, importing no
feature. A loader gets the clients' active precautions (``{client_id: [items]}``) and the
day, and returns ``{client_id: [OpenWork]}`` with a fixed number of queries for any number
of clients; it audits nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from practice.precautions.conflicts import PrecautionConflict


@dataclass(frozen=True)
class OpenWork:
    #: What it is, for the practitioner: "Home exercise “Patting along the limbs”".
    what: str
    conflicts: tuple[PrecautionConflict, ...]
    #: Where to decide about it (keep it with a reason, or stop it): endpoint and arguments.
    link: tuple[str, dict]
    #: What it rests on: an attention item reappears when newer data arrives.
    subject: str
    changed_at: datetime


_SOURCES: list[Callable] = []


def open_work_source(load: Callable) -> Callable:
    """Register ``load(items_by_client, today) -> {client_id: [OpenWork]}``."""
    _SOURCES.append(load)
    return load


def open_work_by_client(items_by_client: dict[int, list], today: date) -> dict[int, list[OpenWork]]:
    found: dict[int, list[OpenWork]] = {}
    with_items = {client_id: items for client_id, items in items_by_client.items() if items}
    if not with_items:
        return found
    for load in _SOURCES:
        for client_id, work in load(with_items, today).items():
            found.setdefault(client_id, []).extend(work)
    return found
