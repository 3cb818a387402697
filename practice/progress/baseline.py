"""Each client's baseline and the change over their course of care: pure functions.

The baseline is where the client started:
- for the ACR 2016 scores (WPI, SSS, PSD) and the intake's 0-10 pain ratings, the first
  *signed* intake (drafts and discarded drafts never count), compared with the latest one;
- for the daily 0-10 ratings, the mean of the check-ins in the first ``BASELINE_DAYS`` days
  from the first check-in, compared with the mean of the latest ``RECENT_DAYS`` days. On a day
  with both the client's own check-in and their practitioner's entry, the client's own counts.

The clinically important (a change of at least 30 % or 2 points) and substantial (at least
50 %) marks describe change over a course of care on a 0-10 rating (Farrar et al. 2001, Pain
94:149), so they are given to the course change of the 0-10 ratings only: WPI, SSS and PSD
show their change without them, and the change within one session is shown as it is.
"""
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from practice.progress.models import LOWER_IS_BETTER, MEASURES, one_per_day

IMPORTANT_POINTS = 2
IMPORTANT_FRACTION = 0.30
SUBSTANTIAL_FRACTION = 0.50
#: The daily ratings' baseline: the check-ins of this many days from the first one.
BASELINE_DAYS = 14
#: The daily ratings now: the mean of this many days' check-ins.
RECENT_DAYS = 7


class Mark(enum.Enum):
    """How large a change on a 0-10 rating is, in either direction."""

    IMPORTANT = "important"
    SUBSTANTIAL = "substantial"


def change_mark(baseline: float, current: float) -> Mark | None:
    """The size of a change from ``baseline`` to ``current`` on a 0-10 rating, or ``None``.

    Important at 2 points or 30 % of the baseline, substantial at 50 %; from a baseline of 0
    only the points count.
    """
    size = abs(round(current - baseline, 1))
    if size == 0:
        return None
    fraction = round(size / baseline, 3) if baseline else 0.0
    if fraction >= SUBSTANTIAL_FRACTION:
        return Mark.SUBSTANTIAL
    if size >= IMPORTANT_POINTS or fraction >= IMPORTANT_FRACTION:
        return Mark.IMPORTANT
    return None


def is_worse(baseline: float, current: float, *, lower_is_better: bool = True) -> bool:
    return current > baseline if lower_is_better else current < baseline


def is_important_improvement(baseline: float, current: float, *,
                             lower_is_better: bool = True) -> bool:
    """A better ``current`` by at least 2 points or 30 % of the baseline (0-10 ratings)."""
    return (not is_worse(baseline, current, lower_is_better=lower_is_better)
            and change_mark(baseline, current) is not None)


def is_important_worsening(baseline: float, current: float, *,
                           lower_is_better: bool = True) -> bool:
    """A worse ``current`` by at least 2 points or 30 % of the baseline (0-10 ratings)."""
    return (is_worse(baseline, current, lower_is_better=lower_is_better)
            and change_mark(baseline, current) is not None)


@dataclass(frozen=True)
class CourseChange:
    """One measure from its baseline to now."""

    key: str
    label: str
    baseline: float
    current: float
    maximum: int
    lower_is_better: bool = True
    #: A 0-10 rating, which gets the important / substantial marks; index scores do not.
    is_rating: bool = False

    @property
    def change(self) -> float:
        return round(self.current - self.baseline, 1)

    @property
    def percent(self) -> int | None:
        """The change as a whole percentage of the baseline (``None`` from a baseline of 0)."""
        return round(100 * self.change / self.baseline) if self.baseline else None

    @property
    def direction(self) -> str:
        if self.change == 0:
            return "same"
        return "worse" if is_worse(self.baseline, self.current,
                                   lower_is_better=self.lower_is_better) else "better"

    @property
    def mark(self) -> Mark | None:
        return change_mark(self.baseline, self.current) if self.is_rating else None

    @property
    def reading(self) -> str | None:
        """The mark in plain words (``None`` for an index score or a small change)."""
        mark = self.mark
        if mark is None:
            return None
        what = "improvement" if self.direction == "better" else "worsening"
        if mark is Mark.SUBSTANTIAL:
            return f"substantial {what} (50% or more)"
        return f"clinically important {what} (30% or 2 points)"


# --- intakes: the first signed one against the latest ----------------------------------------

def signed_in_order(intakes: Iterable) -> list:
    """The signed intakes (discarded drafts and drafts left out), oldest first."""
    signed = [intake for intake in intakes
              if intake.is_signed and getattr(intake, "discarded_at", None) is None]
    return sorted(signed, key=lambda intake: (intake.assessed_on, intake.id))


def intake_changes(baseline, latest) -> list[CourseChange]:
    """The change from the baseline intake to the latest (both signed, not the same one)."""
    before, after = baseline.scores, latest.scores
    return [
        CourseChange("wpi", "Widespread Pain Index (WPI)", before.wpi, after.wpi, 19),
        CourseChange("sss", "Symptom Severity Scale (SSS)", before.sss, after.sss, 12),
        CourseChange("psd", "Polysymptomatic distress (PSD)", before.psd, after.psd, 31),
        CourseChange("pain_overall", "Pain overall", baseline.pain_overall, latest.pain_overall,
                     10, is_rating=True),
        CourseChange("pain_neck_shoulders", "Neck and shoulder pain", baseline.pain_neck_shoulders,
                     latest.pain_neck_shoulders, 10, is_rating=True),
    ]


# --- daily check-ins: the first 14 days against the latest 7 ---------------------------------

@dataclass(frozen=True)
class RatingPeriod:
    """The mean of each daily rating over ``first_day``..``last_day`` (``None`` if unrated)."""

    first_day: date
    last_day: date
    days_with_check_ins: int
    means: dict[str, float | None] = field(default_factory=dict)


def rating_period(check_ins: Iterable, first_day: date, last_day: date) -> RatingPeriod | None:
    """The check-ins of ``first_day``..``last_day`` averaged (one per day, the client's own
    first); ``None`` when there are none."""
    counted = [check_in for check_in in one_per_day(check_ins)
               if first_day <= check_in.checked_on <= last_day]
    if not counted:
        return None
    means = {}
    for name, _label, _scale in MEASURES:
        values = [getattr(check_in, name) for check_in in counted
                  if getattr(check_in, name) is not None]
        # Whole-number ratings: sum / len is the exact mean, correctly rounded, as
        # statistics.mean gives it, at a fraction of its cost (the attention refresh runs
        # this for every client and day).
        means[name] = round(sum(values) / len(values), 1) if values else None
    return RatingPeriod(first_day, last_day, len(counted), means)


def daily_baseline(check_ins: Sequence) -> RatingPeriod | None:
    """The first ``BASELINE_DAYS`` days from the client's first check-in."""
    if not check_ins:
        return None
    first = min(check_in.checked_on for check_in in check_ins)
    return rating_period(check_ins, first, first + timedelta(days=BASELINE_DAYS - 1))


def recent_period(check_ins: Sequence, last_day: date, *, not_before: date | None = None
                  ) -> RatingPeriod | None:
    """The ``RECENT_DAYS`` days ending on ``last_day`` (none of them before ``not_before``)."""
    first = last_day - timedelta(days=RECENT_DAYS - 1)
    if not_before is not None:
        first = max(first, not_before)
    return rating_period(check_ins, first, last_day) if first <= last_day else None


@dataclass(frozen=True)
class DailyCourse:
    baseline: RatingPeriod
    #: The latest days after the baseline period (``None`` while it is not over yet).
    recent: RatingPeriod | None
    changes: list[CourseChange]


def daily_course(check_ins: Sequence) -> DailyCourse | None:
    """The daily ratings' baseline and their change since, from the client's check-ins.

    Enough to pass: those of the baseline period and of the latest ``RECENT_DAYS`` days.
    """
    baseline = daily_baseline(check_ins)
    if baseline is None:
        return None
    latest = max(check_in.checked_on for check_in in check_ins)
    recent = recent_period(check_ins, latest, not_before=baseline.last_day + timedelta(days=1))
    changes = []
    if recent is not None:
        for name, label, _scale in MEASURES:
            before, after = baseline.means[name], recent.means[name]
            if before is not None and after is not None:
                changes.append(CourseChange(name, label, before, after, 10,
                                            lower_is_better=name in LOWER_IS_BETTER,
                                            is_rating=True))
    return DailyCourse(baseline, recent, changes)
