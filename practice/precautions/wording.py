"""Checklist items in words: the banner's summary line, the pregnancy's weeks and trimester as
they change, and the caution a client reads (which never names the condition).

Pure functions of an item (anything with the ``ClientPrecaution`` attributes) and a day.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from practice.precautions.kinds import LIMB_LABELS, WHERE_FALLBACK, Limb, PrecautionKind, Side

#: A pregnancy lasts 40 weeks to the due date (counted from the last period).
TERM = timedelta(weeks=40)
#: ACOG's trimesters: the first to 13 weeks 6 days, the second to 27 weeks 6 days.
SECOND_TRIMESTER_WEEK, THIRD_TRIMESTER_WEEK = 14, 28
TRIMESTERS = {1: "first trimester", 2: "second trimester", 3: "third trimester"}


@dataclass(frozen=True)
class Gestation:
    weeks: int
    days: int

    @property
    def trimester(self) -> int:
        if self.weeks < SECOND_TRIMESTER_WEEK:
            return 1
        return 2 if self.weeks < THIRD_TRIMESTER_WEEK else 3

    def __str__(self) -> str:
        return f"{self.weeks} weeks, {TRIMESTERS[self.trimester]}"


def gestation(due_on: date, today: date) -> Gestation | None:
    """How far along a pregnancy due on ``due_on`` is today; ``None`` once the due date is past
    (or before it began)."""
    elapsed = (today - (due_on - TERM)).days
    if elapsed < 0 or today > due_on:
        return None
    return Gestation(elapsed // 7, elapsed % 7)


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def where(item) -> str:
    """Where on the body an item is, in words ("left arm", "right shoulder"), or ``""``."""
    if item.kind is PrecautionKind.LYMPHOEDEMA:
        limb = LIMB_LABELS.get(item.limb, "").lower() if item.limb else ""
        if item.side is Side.BOTH:
            plural = {Limb.ARM: "both arms", Limb.LEG: "both legs"}.get(item.limb)
            return plural or (f"{limb}, both sides" if limb else "both sides")
        side = item.side.value if item.side else ""
        return " ".join(part for part in (side, limb) if part)
    return (item.site or "").strip()


def detail_text(item, today: date, *, with_note: bool = True) -> str:
    """The particulars of an item after its name, e.g. "27 weeks, second trimester (due ...)";
    the practitioner's note last, unless ``with_note`` is false."""
    kind, parts = item.kind, []
    if kind is PrecautionKind.PREGNANCY and item.due_on:
        found = gestation(item.due_on, today)
        parts.append(f"{found} (due {_day(item.due_on)})" if found else
                     f"due date {_day(item.due_on)} has passed: update the checklist")
    elif kind is PrecautionKind.CANCER:
        if item.under_treatment is not None:
            parts.append("under treatment" if item.under_treatment else "treatment finished")
        if item.cleared_by_doctor:
            parts.append("cleared by their doctor")
    elif kind is PrecautionKind.RECENT_SURGERY:
        parts.append(" ".join(part for part in (
            where(item), f"({_day(item.event_on)})" if item.event_on else "") if part))
    else:
        parts.append(where(item))
    if with_note and item.details:
        parts.append(item.details.strip())
    return "; ".join(part for part in parts if part)


#: The longest note a warning quotes ("Warfarin"); a longer one stays on the banner.
BRIEF_NOTE = 40


def brief(item, today: date) -> str:
    """The item as a warning names it: the summary, with the practitioner's note only when it
    is short (an "other" item, which is nothing but its note, quotes its start)."""
    note = (item.details or "").strip()
    if len(note) <= BRIEF_NOTE:
        return summary(item, today)
    if item.kind is PrecautionKind.OTHER:
        return f"Other: {note[:BRIEF_NOTE - 1].rstrip()}\u2026"
    details = detail_text(item, today, with_note=False)
    return f"{item.kind.label}: {details}" if details else item.kind.label


def summary(item, today: date) -> str:
    """One line for the banner and the lists: "Lymphoedema: left arm; sleeve by day"."""
    details = detail_text(item, today)
    return f"{item.kind.label}: {details}" if details else item.kind.label


def client_caution(item) -> str:
    """The caution a client reads beside an exercise that concerns this item: plain words,
    naming the caution, never the condition (the item's details are never shown to them)."""
    text = item.kind.about.client_caution
    if "{where}" not in text:
        return text
    if item.kind is PrecautionKind.LYMPHOEDEMA:
        place = _your_limb(item) or WHERE_FALLBACK[item.kind]
    else:
        site = where(item)
        place = WHERE_FALLBACK[item.kind] + (f" ({site})" if site else "")
    return text.format(where=place)


def _your_limb(item) -> str:
    """The affected limb for the client: "your left arm and that side of your body"."""
    place = where(item)
    if not place or item.side is Side.BOTH:
        return place
    body = " and that side of your body" if item.limb in (Limb.ARM, Limb.LEG) else ""
    return f"your {place}{body}"
