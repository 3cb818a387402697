"""What the rules read about one client: loaded once (``queries.load_facts``), then pure data.

The rules are asked about each day of the horizon (``registry.schedule``); what does not
depend on the day (the check-in counting for each day, the daily baseline) is worked out once
per client here, on first use, rather than once per rule and day.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from practice.progress.baseline import RatingPeriod, daily_baseline
from practice.progress.models import CheckInSource, one_per_day


@dataclass(frozen=True)
class RecordRef:
    """A session or an intake as the rules see it: its local day and its times."""

    id: int
    #: The day it is about in the practice's time zone (``None``: an intake without a date).
    day: date | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CheckInFacts:
    """A check-in as the rules see it: its columns as plain values (read for every client and
    every day of the horizon, where an ORM object's attributes cost ten times as much)."""

    id: int
    client_id: int
    checked_on: date
    pain: int | None
    neck_shoulder_pain: int | None
    fatigue: int | None
    sleep_problems: int | None
    fog: int | None
    note: str | None
    source: CheckInSource
    created_at: datetime
    updated_at: datetime

    @property
    def is_clients_own(self) -> bool:
        return self.source is CheckInSource.CLIENT


@dataclass
class ClientFacts:
    client_id: int
    #: When the facts were loaded: no data is newer than this.
    now: datetime
    today: date
    #: Check-ins of the baseline period (the first 14 days) and of the latest days (both
    #: sources: ``progress.models.one_per_day`` picks the one that counts), oldest first
    #: (``CheckInFacts``, or anything with a check-in's attributes).
    check_ins: list = field(default_factory=list)
    #: The first signed intake (its pain ratings are the baseline while the daily one forms).
    baseline_intake: Any = None
    #: The client's own check-ins with a note since the latest session, newest first (a few),
    #: and how many there are in all.
    notes_since_session: list = field(default_factory=list)
    notes_since_session_count: int = 0
    #: The latest session given (draft or signed, not discarded).
    last_session: RecordRef | None = None
    #: Sessions and intakes saved as drafts and not signed (nor discarded).
    draft_sessions: list[RecordRef] = field(default_factory=list)
    draft_intakes: list[RecordRef] = field(default_factory=list)
    active_plans: list = field(default_factory=list)
    #: Whether the client logs their exercises (has the portal); a paper program has no logs.
    logs_exercises: bool = False
    #: Assignments that applied in the last weeks or start later, and their logs per day:
    #: ``{assignment_id: {day: count}}``.
    assignments: list = field(default_factory=list)
    logs: dict = field(default_factory=dict)
    #: When the client last logged an exercise, or their program last changed.
    program_changed_at: datetime | None = None
    #: Data of the rules with loaders of their own, by rule key.
    extra: dict = field(default_factory=dict)

    @cached_property
    def counted_check_ins(self) -> list:
        """The check-in that counts for each day (``one_per_day``), in the loaded order."""
        return one_per_day(self.check_ins)

    @cached_property
    def baseline(self) -> RatingPeriod | None:
        """The daily ratings' baseline (``progress.baseline.daily_baseline``)."""
        return daily_baseline(self.counted_check_ins)
