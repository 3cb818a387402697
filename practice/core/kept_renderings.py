"""Renderings kept between requests, for parts of a page that show only stored data.

A page part that depends only on stored records and the local day is drawn once and reused
while its key is the same; the key must hold the data stamps of what it shows
(``practice.core.data_stamps``: the client's and the practice's), the day, the viewer and
whatever the request chose (a range). The stamps must be read before the data is loaded, so
a rendering is only ever kept under stamps as old as its data or older.

What differs per request is put in when served: the CSRF token of a form in the part is this
request's, and each ``fresh_token()`` drawn into it is a new one every time it is served. A
part that issues a one-time form key (``new_form_key``) is drawn afresh every time, and only
a GET keeps or reuses a rendering. Each process keeps its own renderings, the
least recently used dropped first.
"""
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, g, has_request_context, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from practice.core.once import UNKEEPABLE_KEY

#: Renderings kept per process (a page part is a few to a few tens of kilobytes).
KEPT_RENDERINGS = 2048

#: Stands for the CSRF token in a kept rendering; random, so no stored text can contain it.
_CSRF_MARK = "kept-csrf-" + secrets.token_hex(16)
#: Stands for each ``fresh_token()`` in a kept rendering, likewise.
_FRESH_MARK = "kept-fresh-" + secrets.token_hex(16)
#: Set on ``g`` while a part is drawn.
_DRAWING_KEY = "kept_rendering_drawing"


class _Kept:
    """A bounded map of kept renderings, shared by the threads of one process."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


kept = _Kept(KEPT_RENDERINGS)


def fresh_token() -> str:
    """A random token for one form of a page (``secrets.token_urlsafe(24)``): one that tells
    each rendered form from every other, so it is new each time a kept rendering is served."""
    if has_request_context() and g.get(_DRAWING_KEY):
        return _FRESH_MARK
    return secrets.token_urlsafe(24)


def _served(html: str, csrf_token: str) -> Markup:
    first, *rest = html.replace(_CSRF_MARK, csrf_token).split(_FRESH_MARK)
    return Markup(first + "".join(secrets.token_urlsafe(24) + after  # noqa: S704 (autoescaped HTML)
                                  for after in rest))


def kept_parts(key: Hashable, draw: Callable[[], dict[str, str]]) -> dict[str, Markup]:
    """``draw()``'s named HTML parts, drawn now or reused under ``key``, with this request's
    CSRF token in them. ``draw`` renders with autoescaped templates only."""
    # Only a GET (which stores nothing before it draws) keeps what it drew: a request that
    # changed data may hold stamps read before its own change.
    reading = request.method in ("GET", "HEAD")
    rendered = kept.get(key) if reading else None
    if rendered is None:
        rendered, keepable = _draw(draw)
        if keepable and reading:
            kept.put(key, rendered)
    token = generate_csrf()
    return {name: _served(html, token) for name, html in rendered.items()}


def kept_html(key: Hashable, draw: Callable[[], str]) -> Markup:
    """One part: ``draw()``'s HTML, drawn now or reused under ``key``."""
    return kept_parts(key, lambda: {"html": draw()})["html"]


def _draw(draw: Callable[[], dict[str, str]]) -> tuple[dict[str, str], bool]:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    generate_csrf()
    token = g.get(field)
    setattr(g, field, _CSRF_MARK)
    issued_before = g.pop(UNKEEPABLE_KEY, False)
    setattr(g, _DRAWING_KEY, True)
    try:
        rendered = {name: str(html) for name, html in draw().items()}
    finally:
        setattr(g, field, token)
        g.pop(_DRAWING_KEY, None)
    keepable = not g.pop(UNKEEPABLE_KEY, False)
    if issued_before:
        setattr(g, UNKEEPABLE_KEY, True)
    return rendered, keepable
