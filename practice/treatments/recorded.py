"""What follows the recording of a session, for features above this one (an appointment is
marked attended): a registry, so treatments imports none of them."""
from collections.abc import Callable

_listeners: list[Callable] = []


def on_session_recorded(listener: Callable) -> Callable:
    """Call ``listener(session)`` whenever a new session (draft or signed) is recorded."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def session_recorded(session) -> None:
    for listener in _listeners:
        listener(session)


_page_links: list[Callable] = []


def on_session_page(provider: Callable) -> Callable:
    """Register ``provider(session)``, giving ``(label, text, url)`` links for a recorded
    session's page (the appointment it was booked as), so treatments imports no feature above."""
    if provider not in _page_links:
        _page_links.append(provider)
    return provider


def session_page_links(session) -> list[tuple[str, str, str]]:
    return [link for provider in _page_links for link in provider(session)]
