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

A section registered with ``kept=True`` shows only what is stored (the client's records and
the practice's shared ones) as of the local day: no clock time, nothing of the request. Its
rendering is kept in this process and reused while the client's and the practice's data
stamps (``practice.core.data_stamps``), the day and the practitioner stay the same, so a
repeat visit to an unchanged record loads and draws none of it again
(``practice.core.kept_renderings``).
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from practice.clients.models import Client
from practice.core.clock import local_today
from practice.core.data_stamps import practice_stamp
from practice.core.kept_renderings import kept_parts


@dataclass(frozen=True)
class OverviewSection:
    key: str
    title: str
    template: str
    order: int
    load: Callable[[Client], dict | None]
    kept: bool = False


_SECTIONS: dict[str, OverviewSection] = {}


def overview_section(key: str, title: str, template: str, order: int = 50, kept: bool = False):
    """Register ``load(client) -> dict | None`` as the loader of one overview section;
    ``kept``: it shows only stored data as of the day (see above), so its rendering is reused."""

    def decorator(load):
        _SECTIONS[key] = OverviewSection(key, title, template, order, load, kept)
        return load

    return decorator


def sections_for(client: Client) -> list[tuple[OverviewSection, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.load(client)
        if context is not None:
            shown.append((section, context))
    return shown


def _render(section: OverviewSection, client: Client, context: dict) -> Markup:
    # The HTML comes from an autoescaped template, so it is safe to mark as markup.
    return Markup(render_template(  # noqa: S704
        section.template, **{"client": client, **context, "section_data": context}))


def render_sections(client: Client) -> list[tuple[OverviewSection, Markup]]:
    """Each section with content, rendered: (section, its HTML) in page order."""
    ordered = sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    kept = _kept_renderings(client, [section for section in ordered if section.kept])
    shown = []
    for section in ordered:
        if section.kept:
            html = kept.get(section.key)
        else:
            context = section.load(client)
            html = None if context is None else _render(section, client, context)
        if html is not None:
            shown.append((section, html))
    return shown


def _kept_renderings(client: Client, sections: list[OverviewSection]) -> dict[str, Markup]:
    """The kept sections' HTML by key (a section with nothing to show left out), with this
    request's CSRF token; drawn now when nothing is kept for the client's data as it is."""
    # The stamps are read before any section loads, so a rendering can only ever be kept
    # under stamps as old as its data or older, never newer.
    key = ("overview", client.id, client.data_stamp, practice_stamp(), local_today(),
           current_user.id, tuple(section.key for section in sections))

    def draw() -> dict[str, str]:
        drawn = {}
        for section in sections:
            context = section.load(client)
            if context is not None:
                drawn[section.key] = _render(section, client, context)
        return drawn

    return kept_parts(key, draw)
