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
from practice.progress.models import MEASURES, CheckIn

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


def check_in_on(client_id: int, day: date) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id,
                                                   CheckIn.checked_on == day))


def check_ins_between(client_id: int, first: date, last: date) -> list[CheckIn]:
    """The client's check-ins from ``first`` to ``last`` (inclusive), oldest first."""
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.client_id == client_id, CheckIn.checked_on >= first,
                              CheckIn.checked_on <= last)
        .order_by(CheckIn.checked_on)))


def latest_check_in(client_id: int) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id)
                             .order_by(CheckIn.checked_on.desc()).limit(1))


@overview_section("progress", "Progress", "progress/_overview_section.html", order=45)
def progress_section(client: Client) -> dict:
    """The latest check-in and four weeks of charts (the overview's own view event covers it)."""
    today = local_today()
    first_day = today - timedelta(days=OVERVIEW_DAYS - 1)
    check_ins = check_ins_between(client.id, first_day, today)
    latest = check_ins[-1] if check_ins else latest_check_in(client.id)
    return {"latest": latest, "measures": MEASURES, "today": today,
            "charts": build_charts(check_ins, first_day, today) if check_ins else []}
