"""Check-ins: one per client per day, editable that day; reading them back for progress."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from practice.clients.models import Client
from practice.core.extensions import db
from practice.progress.models import MEASURE_NAMES, CheckIn


def check_in_on(client_id: int, day: date) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id,
                                                   CheckIn.checked_on == day))


def save_check_in(client: Client, user, day: date, ratings: dict[str, int | None],
                  note: str | None) -> tuple[CheckIn, bool]:
    """Create the day's check-in or update it; returns ``(check_in, created)``.

    Two first saves racing each other end as one row: the loser updates the winner's.
    """
    check_in = check_in_on(client.id, day)
    created = check_in is None
    if created:
        check_in = CheckIn(client_id=client.id, checked_on=day, recorded_by_id=user.id)
        _fill(check_in, ratings, note)
        try:
            with db.session.begin_nested():
                db.session.add(check_in)
        except IntegrityError:
            check_in, created = check_in_on(client.id, day), False
    if not created:
        _fill(check_in, ratings, note)
        check_in.recorded_by_id = user.id
    client.touch()
    return check_in, created


def _fill(check_in: CheckIn, ratings: dict[str, int | None], note: str | None) -> None:
    for name in MEASURE_NAMES:
        setattr(check_in, name, ratings.get(name))
    check_in.note = note


def check_ins_between(client_id: int, first: date, last: date) -> list[CheckIn]:
    """The client's check-ins from ``first`` to ``last`` (inclusive), oldest first."""
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.client_id == client_id, CheckIn.checked_on >= first,
                              CheckIn.checked_on <= last)
        .order_by(CheckIn.checked_on)))


def latest_check_in(client_id: int) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.client_id == client_id)
                             .order_by(CheckIn.checked_on.desc()).limit(1))
