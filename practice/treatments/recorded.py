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
