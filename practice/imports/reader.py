"""Reading a JSON export as a stream: its top-level members one by one, lists item by item."""
from collections.abc import Callable, Iterator

import ijson

OPENERS = ("start_map", "start_array")
CLOSERS = ("end_map", "end_array")


class CountingReader:
    """A binary file that reports how many bytes were read (a progress bar's steps)."""

    def __init__(self, raw, on_bytes: Callable[[int], None] | None = None):
        self._raw = raw
        self._on_bytes = on_bytes

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if self._on_bytes and data:
            self._on_bytes(len(data))
        return data


def members(stream) -> Iterator[tuple[str, object, bool]]:
    """``(key, value, in_list)`` for each top-level member in document order: a whole value
    for a scalar or an object, one ``(key, item, True)`` per item of a list."""
    events = ijson.parse(stream, use_float=True)
    key = None
    for prefix, event, value in events:
        if prefix == "":
            if event == "map_key":
                key = value
            continue
        if event == "start_array" and prefix == key:
            for item in _items(events):
                yield key, item, True
        else:
            yield key, _build(event, value, events), False


def _items(events) -> Iterator:
    for _prefix, event, value in events:
        if event == "end_array":
            return
        yield _build(event, value, events)


def _build(event: str, value, events):
    """One value, from its first event to its last."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in OPENERS else 0
    while depth:
        _prefix, event, value = next(events)
        builder.event(event, value)
        if event in OPENERS:
            depth += 1
        elif event in CLOSERS:
            depth -= 1
    return builder.value
