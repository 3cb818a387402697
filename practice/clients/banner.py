"""What other features show about a client on every page about them (the banner) and beside
their name in the client list: registries, so the client pages import no feature.

A feature registers ``@banner_section(template, order)``: a loader that gets the client and
returns its template context, or ``None`` when it has nothing to say; every page that
includes ``clients/_banner.html`` renders the sections through ``client_banner(client)``.
``@list_badges`` registers a loader that gets the clients of one list page and returns, per
client id, the badges to show beside the name (one query for the whole page).
Loaders issue a fixed number of queries and audit nothing (the page's own view event covers
them).
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from practice.clients.models import Client


@dataclass(frozen=True)
class BannerSection:
    template: str
    order: int
    load: Callable[[Client], dict | None]


_SECTIONS: list[BannerSection] = []
_BADGES: list[Callable[[list[Client]], dict[int, list[str]]]] = []


def banner_section(template: str, order: int = 50):
    """Register ``load(client) -> dict | None`` as one section of the client banner."""

    def decorator(load):
        _SECTIONS.append(BannerSection(template, order, load))
        _SECTIONS.sort(key=lambda section: section.order)
        return load

    return decorator


def list_badges(load):
    """Register ``load(clients) -> {client_id: [badge text]}`` for the client list."""
    _BADGES.append(load)
    return load


def client_banner(client: Client) -> list[Markup]:
    """Each banner section with something to say, rendered, in order."""
    shown = []
    for section in _SECTIONS:
        context = section.load(client)
        if context is not None:
            # Rendered by an autoescaped template, so it is safe to mark as markup.
            shown.append(Markup(render_template(  # noqa: S704
                section.template, client=client, **context)))
    return shown


def badges_for(clients: list[Client]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not clients:
        return found
    for load in _BADGES:
        for client_id, badges in load(clients).items():
            found.setdefault(client_id, []).extend(badges)
    return found
