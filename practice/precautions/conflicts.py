"""Which of a client's precautions a piece of work conflicts with, and what going ahead asks.

Exercises and plan steps carry the precautions they conflict with (their tags). Against a
client's active checklist that gives the conflicts: each names the precaution, what to do
instead, and whether it is one of the gravest (a second confirmation). Nothing here is a
hard stop: going ahead needs a reason, which the record keeps with the precautions it was
warned about (``PrecautionOverrideMixin``); a precaution it was not warned about is open.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from practice.precautions.kinds import PrecautionKind, parse_kinds
from practice.precautions.wording import brief


@dataclass(frozen=True)
class PrecautionConflict:
    kind: PrecautionKind
    #: The client's item, briefly ("Lymphoedema: left arm"; the banner has its note).
    precaution: str
    #: What the work is ("Patting along the limbs", "Step 3: Patting the legs").
    work: str
    instead: str
    grave: bool


def find_conflicts(items: Iterable, work: Iterable[tuple[str, Iterable]],
                   today: date) -> list[PrecautionConflict]:
    """The conflicts between the client's active ``items`` and each ``(what, tags)`` of the
    work, in the order of the work, then of the checklist."""
    active = {item.kind: item for item in items if item.ended_on is None}
    found = []
    for what, tags in work:
        for kind in parse_kinds(tags):
            item = active.get(kind)
            if item is not None:
                found.append(PrecautionConflict(kind, brief(item, today), what,
                                                kind.about.instead, item.is_grave))
    return found


def kinds_of(conflicts: Iterable[PrecautionConflict]) -> list[PrecautionKind]:
    return parse_kinds(conflict.kind for conflict in conflicts)


def open_conflicts(conflicts: Iterable[PrecautionConflict],
                   acknowledged: Iterable) -> list[PrecautionConflict]:
    """The conflicts whose precaution the record did not go ahead against knowingly."""
    known = set(parse_kinds(acknowledged))
    return [conflict for conflict in conflicts if conflict.kind not in known]


def any_grave(conflicts: Iterable[PrecautionConflict]) -> bool:
    return any(conflict.grave for conflict in conflicts)
