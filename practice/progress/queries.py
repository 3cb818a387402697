"""Reading check-ins back: owner-scoped loaders of the progress pages, the overview sections,
and what a client's baseline and course change are worked out from."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.baseline import (
    BASELINE_DAYS,
    RECENT_DAYS,
    CourseChange,
    DailyCourse,
    daily_course,
    intake_changes,
)
from practice.progress.chart_cache import chart_grid_html
from practice.progress.models import MEASURES, CheckIn, CheckInSource, one_per_day

#: The overview shows this many days of check-ins.
OVERVIEW_DAYS = 28


def get_progress_client_or_404(client_id: int, weeks: int) -> Client:
    """The practitioner's client whose progress page is shown (``weeks`` of it); audited."""
    client = get_client_or_404(client_id)
    audit.record_view("progress.view", client, client_id=client.id, detail={"weeks": weeks})
    return client


def get_check_in_client_or_404(client_id: int) -> Client:
    """The practitioner's client a check-in is recorded for; the form shows their ratings."""
    client = get_client_or_404(client_id)
    audit.record_view("check_in.view", client, client_id=client.id)
    return client


def check_in_on(client_id: int, day: date, source: CheckInSource) -> CheckIn | None:
    """The client's own check-in for ``day``, or the practitioner's entry (by ``source``)."""
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id,
                                                   CheckIn.checked_on == day,
                                                   CheckIn.source == source))


def check_ins_between(client_id: int, first: date, last: date) -> list[CheckIn]:
    """The client's check-ins from ``first`` to ``last`` (inclusive), oldest first; on a day
    with both, the client's own comes first (``client`` sorts before ``practitioner``)."""
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.client_id == client_id, CheckIn.checked_on >= first,
                              CheckIn.checked_on <= last)
        .order_by(CheckIn.checked_on, CheckIn.source)))


def latest_check_in(client_id: int) -> CheckIn | None:
    """The latest day's check-in that counts (the client's own where both exist)."""
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id)
                             .order_by(CheckIn.checked_on.desc(), CheckIn.source).limit(1))


def newest_first(check_ins: list[CheckIn]) -> list[CheckIn]:
    """For the tables: the newest day first, and the client's own first on a day with both."""
    return sorted(check_ins, key=lambda check_in: (check_in.checked_on, check_in.is_clients_own),
                  reverse=True)


@overview_section("progress", "Progress", "progress/_overview_section.html", order=45,
                  kept=True)
def progress_section(client: Client) -> dict:
    """The latest check-in and four weeks of charts (the overview's own view event covers it)."""
    today = local_today()
    first_day = today - timedelta(days=OVERVIEW_DAYS - 1)
    check_ins = one_per_day(check_ins_between(client.id, first_day, today))
    latest = check_ins[-1] if check_ins else latest_check_in(client.id)
    return {"latest": latest, "measures": MEASURES, "today": today,
            "charts": chart_grid_html(check_ins, first_day, today, "overview") if check_ins
            else None}


# --- baseline and course change -------------------------------------------------------------

@dataclass(frozen=True)
class ClientCourse:
    """Where the client started and how they are now (see ``progress.baseline``)."""

    #: The first signed intake, and the latest when it is another one.
    baseline_intake: Intake | None
    latest_intake: Intake | None
    intake_changes: list[CourseChange]
    daily: DailyCourse | None

    @property
    def is_empty(self) -> bool:
        return self.baseline_intake is None and self.daily is None


def _signed_intake(client_id: int, *, latest: bool):
    order = (Intake.assessed_on.desc(), Intake.id.desc()) if latest else (Intake.assessed_on,
                                                                          Intake.id)
    return (select(Intake.id).where(Intake.client_id == client_id, Intake.signed_at.is_not(None))
            .order_by(*order).limit(1).scalar_subquery())


def baseline_and_latest_intakes(client_id: int) -> tuple[Intake | None, Intake | None]:
    """The first and the latest signed intake (one query, however many there are)."""
    found = {intake.id: intake for intake in db.session.scalars(select(Intake).where(or_(
        Intake.id == _signed_intake(client_id, latest=False),
        Intake.id == _signed_intake(client_id, latest=True))))}
    if not found:
        return None, None
    ordered = sorted(found.values(), key=lambda intake: (intake.assessed_on, intake.id))
    return ordered[0], ordered[-1]


def course_check_ins(client_id: int, *, also_from: date | None = None) -> list[CheckIn]:
    """The check-ins of the baseline period and of the latest days (two queries, however long
    the history): all that ``baseline.daily_course`` reads; with ``also_from``, every one from
    that day on as well (more days do not change the course)."""
    first, last = db.session.execute(
        select(func.min(CheckIn.checked_on), func.max(CheckIn.checked_on))
        .where(CheckIn.client_id == client_id)).one()
    if first is None:
        return []
    periods = [CheckIn.checked_on <= first + timedelta(days=BASELINE_DAYS - 1),
               CheckIn.checked_on >= last - timedelta(days=RECENT_DAYS - 1)]
    if also_from is not None:
        periods.append(CheckIn.checked_on >= also_from)
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.client_id == client_id, or_(*periods))
        .order_by(CheckIn.checked_on, CheckIn.source)))


def client_course(client_id: int) -> ClientCourse:
    """The client's baseline and course change, in a fixed number of queries."""
    baseline, latest = baseline_and_latest_intakes(client_id)
    if latest is baseline:
        latest = None
    return ClientCourse(baseline, latest,
                        intake_changes(baseline, latest) if latest is not None else [],
                        daily_course(course_check_ins(client_id)))


@overview_section("course", "Baseline and course change", "progress/_course_section.html",
                  order=15, kept=True)
def course_section(client: Client) -> dict | None:
    """Where the client started and the change since; left out until there is a baseline
    (a signed intake or a check-in). Covered by the overview's own view event."""
    course = client_course(client.id)
    return None if course.is_empty else {"course": course}
