"""What the rules read about one client: loaded once (``queries.load_facts``), then pure data."""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RecordRef:
    """A session or an intake as the rules see it: its local day and its times."""

    id: int
    #: The day it is about in the practice's time zone (``None``: an intake without a date).
    day: date | None
    created_at: datetime
    updated_at: datetime


@dataclass
class ClientFacts:
    client_id: int
    #: When the facts were loaded: no data is newer than this.
    now: datetime
    today: date
    #: Check-ins of the baseline period (the first 14 days) and of the latest days (both
    #: sources: ``progress.models.one_per_day`` picks the one that counts).
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
