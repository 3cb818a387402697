"""The attention rules: pure functions of a client's facts and a day (see ``registry``).

- worse than baseline: the mean of the last 7 days' check-ins worse than the client's
  baseline by at least 2 points or 30 % on a 0-10 rating;
- a high rating: 8 or more on a worse-is-higher scale (2 or less on one where higher is
  better, should a measure run that way) that is also worse than the baseline (while the
  baseline's first two weeks run, the first signed intake's pain ratings are the baseline,
  and a measure without one counts by the rating alone);
- a check-in note written since the latest session;
- home program adherence under 50 % over the last 14 days (for clients who log in the
  portal: a paper program has no logs to count);
- no session for longer than an active plan's cadence;
- a draft (session or intake) left unsigned for more than a day.
"""
import math
from datetime import date, timedelta

from practice.attention.registry import Finding, register
from practice.core.formatting import format_date
from practice.exercises.adherence import window_adherence
from practice.progress.baseline import (
    RECENT_DAYS,
    is_important_worsening,
    is_worse,
    rating_period,
)
from practice.progress.models import LOWER_IS_BETTER, MEASURES

LABELS = {name: label for name, label, _scale in MEASURES}
#: A rating this high (this low where higher is better) is a high rating.
HIGH_RATING = 8
ADHERENCE_DAYS = 14
ADHERENCE_FLOOR = 50
NOTE_LENGTH = 160
#: The intake's pain ratings stand for these daily ones while the daily baseline forms.
INTAKE_BASELINE = {"pain": "pain_overall", "neck_shoulder_pain": "pain_neck_shoulders"}


def _progress_link(facts) -> tuple[str, dict]:
    return "progress.client_progress", {"client_id": facts.client_id}


def _number(value: float) -> str:
    return f"{value:.1f}"


def _lower(label: str) -> str:
    return label[0].lower() + label[1:]


def _newest(check_ins):
    return max(check_in.updated_at or check_in.created_at for check_in in check_ins)


def worse_than_baseline(facts, day: date):
    """The last 7 days' mean worse than the baseline by 2 points or 30 % on any rating."""
    baseline = facts.baseline
    if baseline is None or day <= baseline.last_day:
        return
    first = max(day - timedelta(days=RECENT_DAYS - 1), baseline.last_day + timedelta(days=1))
    recent = rating_period(facts.counted_check_ins, first, day)
    if recent is None:
        return
    worse = []
    for name, label, _scale in MEASURES:
        before, now = baseline.means[name], recent.means[name]
        if before is not None and now is not None and is_important_worsening(
                before, now, lower_is_better=name in LOWER_IS_BETTER):
            worse.append(f"{_lower(label)} {_number(now)} against a baseline of {_number(before)}")
    if not worse:
        return
    counted = [check_in for check_in in facts.counted_check_ins
               if first <= check_in.checked_on <= day]
    days = "one check-in" if len(counted) == 1 else f"{len(counted)} check-ins"
    yield Finding("recent", f"Worse than baseline over the last 7 days ({days}): "
                            f"{'; '.join(worse)}.", _progress_link(facts), _newest(counted))


def _is_high(name: str, value: int | None) -> bool:
    if value is None:
        return False
    return value >= HIGH_RATING if name in LOWER_IS_BETTER else value <= 10 - HIGH_RATING


def _baseline_for(facts, baseline, name: str, check_in_day: date) -> float | None:
    if baseline is not None and check_in_day > baseline.last_day:
        return baseline.means[name]
    column = INTAKE_BASELINE.get(name)
    if column and facts.baseline_intake is not None:
        return getattr(facts.baseline_intake, column)
    return None


def high_rating(facts, day: date):
    """The latest check-in of the last 7 days with a high rating worse than the baseline."""
    baseline = facts.baseline
    first = day - timedelta(days=RECENT_DAYS - 1)
    recent = [check_in for check_in in facts.counted_check_ins
              if first <= check_in.checked_on <= day]
    for check_in in reversed(recent):
        high = []
        for name, label, _scale in MEASURES:
            value = getattr(check_in, name)
            if not _is_high(name, value):
                continue
            before = _baseline_for(facts, baseline, name, check_in.checked_on)
            if before is None:
                high.append(f"{_lower(label)} {value} (no baseline yet)")
            elif is_worse(before, value, lower_is_better=name in LOWER_IS_BETTER):
                high.append(f"{_lower(label)} {value} (baseline {_number(before)})")
        if high:
            yield Finding(f"check_in:{check_in.checked_on.isoformat()}",
                          f"Check-in of {format_date(check_in.checked_on, '%a %d %b')}: "
                          f"{', '.join(high)}.", _progress_link(facts), _newest([check_in]))
            return


def check_in_note(facts, day: date):
    """A note in the client's own check-ins since the latest session."""
    if not facts.notes_since_session:
        return
    newest = facts.notes_since_session[0]
    note = " ".join(newest.note.split())
    if len(note) > NOTE_LENGTH:
        note = note[:NOTE_LENGTH - 1].rstrip() + "\u2026"
    more = facts.notes_since_session_count - 1
    since = ("since the last session" if facts.last_session is not None
             else "and no session yet")
    reason = f"Check-in note of {format_date(newest.checked_on, '%a %d %b')}: \u201c{note}\u201d"
    if more:
        reason += f" ({more} more {'note' if more == 1 else 'notes'} {since})"
    elif facts.last_session is None:
        reason += " (no session yet)"
    yield Finding(f"check_in:{newest.id}", reason, _progress_link(facts), _newest([newest]))


def low_adherence(facts, day: date):
    """Under half of the home program's times due over the last 14 days were done."""
    if not facts.logs_exercises:
        return
    done = due = 0
    for assignment in facts.assignments:
        window = window_adherence(assignment, facts.logs.get(assignment.id, {}), day,
                                  ADHERENCE_DAYS)
        done, due = done + window.done, due + window.prescribed
    if not due or 100 * done >= ADHERENCE_FLOOR * due:
        return
    yield Finding("program",
                  f"Home program: {done} of {due} times due in the {ADHERENCE_DAYS} days to "
                  f"{format_date(day, '%d %b')} done ({round(100 * done / due)}%).",
                  ("exercises.program", {"client_id": facts.client_id}),
                  facts.program_changed_at or facts.now)


def cadence_days(sessions_per_week: int) -> int:
    """The longest gap between sessions the plan's cadence allows, in whole days."""
    return math.ceil(7 / max(1, sessions_per_week))


def session_overdue(facts, day: date):
    """No session for longer than an active plan's cadence (counted from its start)."""
    last = facts.last_session
    last_day = last.day if last is not None else None
    for plan in facts.active_plans:
        since = plan.start_date if last_day is None or last_day < plan.start_date else last_day
        allowed = cadence_days(plan.sessions_per_week)
        if (day - since).days <= allowed:
            continue
        per_week = ("once a week" if plan.sessions_per_week == 1
                    else f"{plan.sessions_per_week} a week")
        what = (f"No session since {format_date(last_day)}" if since == last_day
                else f"No session since the plan began on {format_date(since)}")
        changed = max(plan.updated_at, last.created_at) if last is not None else plan.updated_at
        yield Finding(f"plan:{plan.id}",
                      f"{what}; \u201c{plan.name}\u201d plans "
                      f"{per_week}.", ("plans.view_plan", {"plan_id": plan.id}), changed)


def unsigned_draft(facts, day: date):
    """A session or intake draft left unsigned for more than a day."""
    for session in facts.draft_sessions:
        yield Finding(f"session:{session.id}",
                      f"Session of {format_date(session.day)} is still a draft, "
                      "not signed.", ("treatments.view_session", {"session_id": session.id}),
                      session.updated_at, not_before=session.created_at + timedelta(days=1))
    for intake in facts.draft_intakes:
        when = format_date(intake.day) if intake.day else "no date yet"
        yield Finding(f"intake:{intake.id}",
                      f"Intake ({when}) is still a draft, not signed.",
                      ("intakes.intake", {"client_id": facts.client_id, "intake_id": intake.id}),
                      intake.updated_at, not_before=intake.created_at + timedelta(days=1))


register("worse_than_baseline", "Worse than baseline", worse_than_baseline)
register("high_rating", "High rating", high_rating)
register("check_in_note", "Check-in note", check_in_note)
register("low_adherence", "Home program under half", low_adherence)
register("session_overdue", "Session overdue", session_overdue)
register("unsigned_draft", "Draft not signed", unsigned_draft)
