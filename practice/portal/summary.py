"""What the client reads at a glance: the day's progress and the week in plain words.

Pure functions over what the queries loaded; no numbers a tired person has to work out.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from practice.exercises.models import DosePeriod
from practice.progress.baseline import DailyCourse

#: The weekly summary looks at the last this many days, today included.
WEEK_DAYS = 7


@dataclass(frozen=True)
class DayProgress:
    """Today's daily doses done out of those due, and the weekly items' standing."""

    done: int
    due: int
    #: ``(exercise name, done this week, times a week)`` for each weekly item.
    weekly: tuple[tuple[str, int, int], ...] = ()

    @property
    def all_done(self) -> bool:
        return self.due > 0 and self.done >= self.due

    @property
    def text(self) -> str:
        if not self.due:
            return "Nothing is due every day on your program."
        if self.all_done:
            return f"All {self.due} done today. Well done."
        return f"{self.done} of {self.due} done today."


def day_progress(items) -> DayProgress:
    """From the Today page's items (``portal.queries.TodayItem``): each daily item counts its
    times a day, done ones up to that; weekly items are listed apart."""
    daily = [item for item in items if item.assignment.period is DosePeriod.DAY]
    weekly = tuple((item.assignment.exercise.name, item.done_this_week, item.assignment.times)
                   for item in items if item.assignment.period is DosePeriod.WEEK)
    return DayProgress(done=sum(min(item.done_today, item.slots_today) for item in daily),
                       due=sum(item.slots_today for item in daily), weekly=weekly)


def week_of(today: date) -> tuple[date, date]:
    """The days the weekly summary covers: the last ``WEEK_DAYS``, today included."""
    return today - timedelta(days=WEEK_DAYS - 1), today


def _whole(value: float) -> int:
    return int(value + 0.5)


def pain_sentence(course: DailyCourse | None) -> str | None:
    """"Pain 6 -> 4 since you started (lower is better)", from the first two weeks' check-ins
    to the latest week's; None before there is a change to tell."""
    if course is None:
        return None
    change = next((change for change in course.changes if change.key == "pain"), None)
    if change is None:
        return ("Keep checking in: after your first two weeks this shows how your pain has "
                "changed since you started.")
    before, now = _whole(change.baseline), _whole(change.current)
    if before == now:
        return f"Pain about the same as when you started (about {now} out of 10)."
    word = "down" if now < before else "up"
    return f"Pain {before} → {now} since you started ({word}; lower is better)."


def days_sentence(what: str, done_days: set[date], possible_days: set[date]) -> str | None:
    """"Exercises on 5 of 7 days" (None when no day of the week asked for any)."""
    if not possible_days:
        return None
    done = len(done_days & possible_days)
    total = len(possible_days)
    return f"{what} on {done} of {total} day{'' if total == 1 else 's'}."


def weekly_summary(course: DailyCourse | None, exercise_days: set[date],
                   prescribed_days: set[date], check_in_days: set[date], today: date,
                   started_on: date | None = None) -> list[str]:
    """The week in a few plain sentences, the pain first. Days before ``started_on`` (the
    record's first day) are not counted against the client."""
    first, last = week_of(today)
    if started_on is not None:
        first = max(first, min(started_on, last))
    week = {first + timedelta(days=offset) for offset in range((last - first).days + 1)}
    sentences = [pain_sentence(course),
                 days_sentence("Exercises", exercise_days, prescribed_days & week),
                 days_sentence("Check-ins", check_in_days, week)]
    return [sentence for sentence in sentences if sentence]
