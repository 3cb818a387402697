"""Counting the calls a page makes to what draws it, with what is kept emptied around."""
from collections.abc import Callable, Iterator


def counted_calls(monkeypatch, owner, name: str, forget_kept: Callable[[], None]) -> Iterator[list]:
    """For a fixture: yields the list of calls made to ``owner.name`` (each still carried out),
    with ``forget_kept()`` emptying what is kept before the test and after it."""
    forget_kept()
    calls = []
    real = getattr(owner, name)

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(owner, name, counting)
    yield calls
    forget_kept()
