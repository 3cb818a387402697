"""Work already under way that conflicts with precautions it was not warned about: a registry.

When a client's checklist changes, an exercise already on the home program may conflict
with a precaution nobody weighed when it was assigned. The features that hold such work
register a loader with ``@open_work_source``; the checklist's pages (and the attention list)
read them all through ``open_work``, importing no feature. A loader gets the client, its
active precautions and the day, issues a fixed number of queries and audits nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from practice.precautions.conflicts import PrecautionConflict


@dataclass(frozen=True)
class OpenWork:
    #: What it is, for the practitioner: "Home exercise: Patting along the limbs".
    what: str
    conflicts: tuple[PrecautionConflict, ...]
    #: Where to decide about it: keep it with a reason, or stop it.
    decide_url: str


_SOURCES: list[Callable] = []


def open_work_source(load: Callable) -> Callable:
    """Register ``load(client, items, today) -> list[OpenWork]``."""
    _SOURCES.append(load)
    return load


def open_work(client, items, today: date) -> list[OpenWork]:
    found = []
    for load in _SOURCES:
        found.extend(load(client, items, today))
    return found
