"""The rules of the attention list: one registry, so a feature adds a rule in two lines.

A rule is a pure function ``evaluate(facts, day) -> iterable of Finding``: given what the
client's record holds (``facts.ClientFacts``, loaded once) it says what calls for attention
on ``day``. It is asked for today and for each of the next ``HORIZON_DAYS`` days (with no new
data), so an item that time alone brings (a draft a day old, a session overdue) or takes away
(a week of check-ins gone by) is stored with the times it shows from and until. Register it
with one line::

    register("open_conflicts", "Open conflicts", open_conflicts)

A rule that needs data the standard facts do not hold names a loader,
``load(client_ids, today) -> {client_id: data}`` (a fixed number of queries for any number of
clients), and the models whose changes should work it out again (``watches``: each row's
``client_id`` names the client): ``register(..., load=conflicts_by_client,
watches=(Precaution,))``. The loader's data is in ``facts.extra[key]``.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

#: How many days ahead each rule is asked about (with no new data meanwhile).
HORIZON_DAYS = 14


@dataclass(frozen=True)
class Finding:
    """Something in one client's record that calls for attention, with its reason."""

    #: What in the record it is about (``session:12``), so it is one item however often it is
    #: worked out; a new subject is a new item (shown again even if the old one was seen).
    subject: str
    reason: str
    #: Where the practitioner acts on it: ``(endpoint, arguments for url_for)``.
    link: tuple[str, dict]
    #: The newest data it rests on: newer data brings back an item marked seen.
    data_at: datetime
    #: Not to be shown before this time (a draft is "left unsigned" once a day old).
    not_before: datetime | None = None


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    evaluate: Callable[..., Iterable[Finding]]
    load: Callable[..., dict] | None = None
    watches: tuple = field(default_factory=tuple)


RULES: dict[str, Rule] = {}


def register(key: str, title: str, evaluate, *, load=None, watches=()) -> Rule:
    """Add ``evaluate`` to the attention rules under ``key`` (shown as ``title``)."""
    RULES[key] = Rule(key, title, evaluate, load, tuple(watches))
    return RULES[key]


def rule_title(key: str) -> str:
    rule = RULES.get(key)
    return rule.title if rule else key.replace("_", " ").capitalize()


def findings_on(facts, day: date) -> dict[tuple[str, str], Finding]:
    """Every rule's findings about one client on ``day``, by ``(rule, subject)``."""
    found = {}
    for rule in RULES.values():
        for finding in rule.evaluate(facts, day):
            found[(rule.key, finding.subject)] = finding
    return found


@dataclass(frozen=True)
class Scheduled:
    """A finding with the days it holds: from ``first_day``, until the day before
    ``until_day`` (``None``: still holding at the horizon)."""

    rule: str
    finding: Finding
    first_day: date
    until_day: date | None


def schedule(facts, today: date, horizon: int = HORIZON_DAYS) -> list[Scheduled]:
    """Each finding of the next ``horizon`` days (no new data meanwhile), with its first run
    of days: the first day it holds and the first day after that it no longer does."""
    first_seen: dict[tuple[str, str], tuple[Finding, date]] = {}
    ended: dict[tuple[str, str], date] = {}
    for offset in range(horizon + 1):
        day = date.fromordinal(today.toordinal() + offset)
        found = findings_on(facts, day)
        for key, finding in found.items():
            first_seen.setdefault(key, (finding, day))
        for key in first_seen:
            if key not in found and key not in ended:
                ended[key] = day
    return [Scheduled(key[0], finding, first_day, ended.get(key))
            for key, (finding, first_day) in first_seen.items()]
