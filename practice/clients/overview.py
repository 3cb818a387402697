"""The sections of the client overview page: a registry, so the page imports no feature.

A feature registers a loader with ``@overview_section(...)`` in its ``queries.py`` (intakes,
plans, sessions, the home program, progress; the client record adds its own portal-access
section the same way). On the overview, each loader gets the client and returns the template
context for its section, or ``None`` when it has nothing to show (the section is then left
out, never shown empty). Loaders issue a fixed number of queries, whatever the size of the
record, and audit nothing: the overview's own ``client.view`` covers everything on the page.

The section's template is rendered with ``client``, ``section_data`` (the loader's dict) and
each key of that dict as variables. The overview page puts it in a card under the section's
title (an ``<h2>``), so the template holds only the body (``<h3>`` for headings inside it).
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

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


def render_sections(client: Client) -> list[tuple[OverviewSection, Markup]]:
    """Each section with content, rendered: (section, its HTML) in page order."""
    # The HTML comes from an autoescaped template, so it is safe to mark as markup.
    return [(section, Markup(render_template(  # noqa: S704
                section.template, **{"client": client, **context, "section_data": context})))
            for section, context in sections_for(client)]
