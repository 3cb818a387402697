"""The daily check-in: a client's own 0-10 ratings of how they are."""
import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice.auth.models import User
from practice.clients.models import Client
from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db

#: The rated measures, in the order forms, charts and exports show them:
#: ``(column, label, what 0 and 10 mean)``. Every one runs the same way: 0 is none at all,
#: 10 the worst. Sleep is asked as sleep problems (the migration that changed the question
#: turned the stored sleep-quality ratings round: problems = 10 - quality).
MEASURES = [
    ("pain", "Pain overall", "0 no pain, 10 worst imaginable"),
    ("neck_shoulder_pain", "Neck and shoulder pain", "0 no pain, 10 worst imaginable"),
    ("fatigue", "Fatigue", "0 full of energy, 10 completely exhausted"),
    ("sleep_problems", "Sleep problems", "0 slept well, 10 slept very badly"),
    ("fog", "Fog (thinking, memory)", "0 clear-headed, 10 very foggy"),
]
MEASURE_NAMES = [name for name, _label, _scale in MEASURES]
#: Measures where a lower number is the better one: all of them.
LOWER_IS_BETTER = set(MEASURE_NAMES)


def scale_ends(scale: str) -> tuple[str, str]:
    """What 0 and 10 mean, from a scale text: ``("no pain", "worst imaginable")``."""
    low, high = scale.split(", 10 ")
    return low.removeprefix("0 "), high


class CheckInSource(enum.Enum):
    """Who entered a check-in: the client in the portal, or their practitioner for them."""

    CLIENT = "client"
    PRACTITIONER = "practitioner"


def _rating_range(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN 0 AND 10", name=f"{column}_range")


class CheckIn(db.Model):
    """One per client, day (the practice's local date) and source; editable that day.

    The client's own check-in and one their practitioner enters for the same day are two
    rows: neither overwrites the other. Where both exist, the client's own counts in the
    charts and the latest ratings (``one_per_day``); the tables show both, labelled.
    """

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("client_id", "checked_on", "source",
                         name="uq_check_ins_client_id_checked_on_source"),
        *(_rating_range(column) for column in MEASURE_NAMES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    #: The day it describes, in the practice's time zone.
    checked_on: Mapped[date] = mapped_column(Date)
    pain: Mapped[int | None]
    neck_shoulder_pain: Mapped[int | None]
    fatigue: Mapped[int | None]
    #: 0 slept well to 10 slept very badly.
    sleep_problems: Mapped[int | None]
    fog: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    #: Whose check-in it is: the client's own (from the portal) or their practitioner's entry.
    source: Mapped[CheckInSource] = mapped_column(enum_type(CheckInSource, "check_in_source"),
                                                  default=CheckInSource.CLIENT)
    #: Who entered it: the client in the portal (or their practitioner).
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    client: Mapped[Client] = relationship()
    recorded_by: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CheckIn {self.id}>"

    @property
    def is_clients_own(self) -> bool:
        return self.source is CheckInSource.CLIENT

    def ratings(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in MEASURE_NAMES}


def one_per_day(check_ins) -> list[CheckIn]:
    """The check-in that counts for each day (the client's own where both exist), in order."""
    counted: dict[date, CheckIn] = {}
    for check_in in check_ins:
        kept = counted.get(check_in.checked_on)
        if kept is None or (check_in.is_clients_own and not kept.is_clients_own):
            counted[check_in.checked_on] = check_in
    return list(counted.values())
