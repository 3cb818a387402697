"""Sections other features add to the client overview page.

A feature registers a loader with ``@overview_section(...)`` in its views module. On the
overview, each loader gets the client and returns the template context for its section,
or ``None`` when it has nothing to show (the section is then left out, never shown empty).
Loaders should issue a fixed number of queries, whatever the size of the record.
"""
from collections.abc import Callable
from dataclasses import dataclass

from practice.clients.models import Client


@dataclass(frozen=True)
class OverviewSection:
    key: str
    title: str
    template: str
    order: int
    load: Callable[[Client], dict | None]


_SECTIONS: dict[str, OverviewSection] = {}


def overview_section(key: str, title: str, template: str, order: int = 50):
    """Register ``load(client) -> dict | None`` as the loader of one overview section."""

    def decorator(load):
        _SECTIONS[key] = OverviewSection(key, title, template, order, load)
        return load

    return decorator


def sections_for(client: Client) -> list[tuple[OverviewSection, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.load(client)
        if context is not None:
            shown.append((section, context))
    return shown
