"""Saving a day's check-in (the client's in the portal, or the practitioner's for a client)."""
from datetime import date

from sqlalchemy.exc import IntegrityError

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.progress.models import MEASURE_NAMES, CheckIn
from practice.progress.queries import check_in_on


def save_check_in(client: Client, user, day: date, ratings: dict[str, int | None],
                  note: str | None) -> tuple[CheckIn, bool]:
    """Create the day's check-in or update it; returns ``(check_in, created)``.

    One per client per day: two first saves racing each other end as one row, the loser
    updating the winner's.
    """
    ensure_not_archived(client)
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
    audit.record("check_in.create" if created else "check_in.update", check_in,
                 client_id=client.id, detail={"checked_on": day})
    return check_in, created


def _fill(check_in: CheckIn, ratings: dict[str, int | None], note: str | None) -> None:
    for name in MEASURE_NAMES:
        setattr(check_in, name, ratings.get(name))
    check_in.note = note
