"""Reading check-ins back: owner-scoped loaders of the progress pages, and the overview section."""
from datetime import date, timedelta

from sqlalchemy import select

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import get_client_or_404
from practice.core import audit
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.progress.charts import build_charts
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


@overview_section("progress", "Progress", "progress/_overview_section.html", order=45)
def progress_section(client: Client) -> dict:
    """The latest check-in and four weeks of charts (the overview's own view event covers it)."""
    today = local_today()
    first_day = today - timedelta(days=OVERVIEW_DAYS - 1)
    check_ins = one_per_day(check_ins_between(client.id, first_day, today))
    latest = check_ins[-1] if check_ins else latest_check_in(client.id)
    return {"latest": latest, "measures": MEASURES, "today": today,
            "charts": build_charts(check_ins, first_day, today) if check_ins else []}
