"""Saving a day's check-in: the client's own in the portal, or the practitioner's for a client.

A client and their practitioner each have their own check-in for a day (``source``): the
practitioner's entry is kept beside the client's own and never replaces it.
"""
from datetime import date

from sqlalchemy.exc import IntegrityError

from practice.clients.models import Client
from practice.core import audit
from practice.core.archive import ensure_not_archived
from practice.core.extensions import db
from practice.core.once import remember, sent_before
from practice.progress.models import MEASURE_NAMES, CheckIn, CheckInSource
from practice.progress.queries import check_in_on


def save_check_in(client: Client, user, day: date, ratings: dict[str, int | None],
                  note: str | None, *, source: CheckInSource) -> tuple[CheckIn, bool]:
    """Create or update the day's check-in from ``source``; returns ``(check_in, created)``.

    One per client, day and source: two first saves racing each other end as one row, the
    loser updating the winner's.
    """
    ensure_not_archived(client)
    check_in = check_in_on(client.id, day, source)
    created = check_in is None
    if created:
        check_in = CheckIn(client_id=client.id, checked_on=day, source=source,
                           recorded_by_id=user.id)
        _fill(check_in, ratings, note)
        try:
            with db.session.begin_nested():
                db.session.add(check_in)
        except IntegrityError:
            check_in, created = check_in_on(client.id, day, source), False
    if not created:
        _fill(check_in, ratings, note)
        check_in.recorded_by_id = user.id
    client.touch()
    audit.record("check_in.create" if created else "check_in.update", check_in,
                 client_id=client.id, detail={"checked_on": day, "source": source.value})
    return check_in, created


def save_check_in_once(client: Client, user, day: date, ratings: dict[str, int | None],
                       note: str | None, *, source: CheckInSource,
                       form_key: str | None) -> tuple[CheckIn, bool | None]:
    """``save_check_in`` for a form with a one-time key: sent again unchanged (a double tap,
    Refresh), it saves nothing and returns ``(check_in, None)``; sent again with a rating
    changed, the change is saved (a day's check-in stays correctable that day)."""
    earlier = sent_before(form_key, user, CheckIn)
    if earlier is not None and earlier.client_id == client.id and earlier.checked_on == day \
            and _holds(earlier, ratings, note):
        return earlier, None
    check_in, created = save_check_in(client, user, day, ratings, note, source=source)
    if earlier is None:
        remember(form_key, user, check_in)
    return check_in, created


def _holds(check_in: CheckIn, ratings: dict[str, int | None], note: str | None) -> bool:
    return check_in.note == note and all(getattr(check_in, name) == ratings.get(name)
                                         for name in MEASURE_NAMES)


def _fill(check_in: CheckIn, ratings: dict[str, int | None], note: str | None) -> None:
    for name in MEASURE_NAMES:
        setattr(check_in, name, ratings.get(name))
    check_in.note = note
