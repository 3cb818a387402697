"""Private calendar feeds: a secret address per person that a calendar app subscribes to.

A practitioner's feed holds the appointments of the clients they have now (so it follows a
hand-over); a client's feed holds their own. The address is the only key: renewing it makes a
new one and the old stops at once; a deactivated account's feed answers nothing. Events name a
client by first name and initial unless the practitioner chooses full names.
"""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, contains_eager, joinedload, mapped_column, relationship

from practice.appointments.models import Appointment
from practice.auth.models import User
from practice.clients.models import Client
from practice.core import audit
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db
from practice.core.roles import Role

#: A feed holds appointments from this long ago to this far ahead.
FEED_PAST, FEED_AHEAD = timedelta(days=60), timedelta(days=400)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(db.Model):
    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    #: The secret in the feed's address (masked in the request log).
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_feed_token)
    #: A practitioner's choice to show clients' full names instead of first name and initial.
    shows_full_names: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def start_or_renew_feed(user: User) -> CalendarFeed:
    """A feed for ``user``, or a new address for theirs (the old one stops at once)."""
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token=new_feed_token())
        db.session.add(feed)
        action = "feed.create"
    else:
        feed.token, feed.renewed_at = new_feed_token(), now_utc()
        action = "feed.renew"
    db.session.flush()
    audit.record(action, feed)
    return feed


def end_feed(user: User) -> None:
    """The account is deactivated: its feed address stops for good (a reactivated account
    makes a new one)."""
    feed = feed_of(user)
    if feed is not None:
        audit.record("feed.end", feed)
        db.session.delete(feed)


def set_full_names(feed: CalendarFeed, shows_full_names: bool) -> None:
    feed.shows_full_names = shows_full_names
    audit.record("feed.names", feed, detail={"full_names": shows_full_names})


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed with this address, if its account may still use it."""
    if not token or len(token) > 64:
        return None
    feed = db.session.scalar(select(CalendarFeed).options(joinedload(CalendarFeed.user))
                             .where(CalendarFeed.token == token))
    if feed is None or not feed.user.is_enabled or feed.user.role not in (Role.PRACTITIONER,
                                                                          Role.CLIENT):
        return None
    return feed


def feed_appointments(feed: CalendarFeed) -> list[Appointment]:
    """The appointments in the feed: one query."""
    moment = now_utc()
    owner = (Client.practitioner_id == feed.user_id if feed.user.role is Role.PRACTITIONER
             else Client.portal_user_id == feed.user_id)
    return db.session.scalars(
        select(Appointment).join(Appointment.client)
        .where(owner, Appointment.starts_at >= moment - FEED_PAST,
               Appointment.starts_at < moment + FEED_AHEAD)
        .options(contains_eager(Appointment.client), joinedload(Appointment.practitioner))
        .order_by(Appointment.starts_at)).all()


def practitioner_summary(feed: CalendarFeed):
    """How the practitioner's feed names each session: first name and initial by default."""

    def summary(appointment: Appointment) -> str:
        client = appointment.client
        name = client.full_name if feed.shows_full_names else \
            f"{client.given_name} {client.family_name[:1]}."
        return f"Session: {name}"

    return summary
