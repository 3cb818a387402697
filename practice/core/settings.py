"""The practice's own settings: one row (id 1), edited by admins on the Settings page.

Every feature reads them (the name and contact details on handouts, the time zone every
date is shown in) through ``practice_settings()``, once per request.
"""
import uuid
from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from flask import current_app, g
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.data_stamps import practice_stamp
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db

SETTINGS_ID = 1
DEFAULT_PRACTICE_NAME = "Qi Practice"


class PracticeSettings(db.Model):
    __tablename__ = "practice_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    practice_name: Mapped[str] = mapped_column(String(120))
    #: IANA zone name (``Europe/London``); every time in the app is shown in it.
    timezone: Mapped[str] = mapped_column(String(64))
    #: Contact details printed on handouts.
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(200))
    #: Clients download their own record from the portal only once their practitioner has
    #: released it (``Client.record_released_at``); otherwise at any time.
    client_records_need_release: Mapped[bool] = mapped_column(default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<PracticeSettings {self.practice_name!r}>"

    @property
    def contact_lines(self) -> list[str]:
        """The contact details that are filled in, in the order a handout prints them."""
        lines = (self.address or "").splitlines()
        return [line.strip() for line in [*lines, self.phone, self.email, self.website]
                if line and line.strip()]


#: The stored columns a page's copy of the settings carries.
_COLUMNS = tuple(column.key for column in PracticeSettings.__table__.columns)

IDENTITY_ID = 1


class PracticeIdentity(db.Model):
    """Which installation this is: a UUID made when the database is first migrated.

    Exports name their records with it (FHIR resource ids and identifier systems), so the
    records of two practices never collide, and a practice moved by ``import`` keeps it.
    A row of its own, not a column of ``practice_settings``: that row exists only once an
    admin saves the settings, while the identity exists from the first migration on.
    """

    __tablename__ = "practice_identity"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    practice_uuid: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


def practice_uuid() -> uuid.UUID:
    """This installation's UUID, made now if the database was built without the migration."""
    identity = db.session.get(PracticeIdentity, IDENTITY_ID)
    if identity is None:
        identity = start_practice_identity()
    return uuid.UUID(identity.practice_uuid)


def start_practice_identity() -> PracticeIdentity:
    """The identity row with a new UUID (what the migration inserts; tests load it too)."""
    identity = PracticeIdentity(id=IDENTITY_ID, practice_uuid=str(uuid.uuid4()))
    db.session.add(identity)
    db.session.flush([identity])
    return identity


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted (what the time-zone field accepts)."""
    return tuple(sorted(available_timezones()))


def is_valid_timezone(name: str) -> bool:
    return name in timezone_names()


_KEPT_KEY = "kept_practice_settings"


def practice_settings() -> PracticeSettings:
    """The stored settings, or unsaved defaults until an admin saves them; read once per request.

    Every page shows them, so each process keeps their values keyed by the practice's data
    stamp (which a save of the settings changes, in every process at once): a page reads the
    stamp, not the row. The page gets its own unsaved copy; a save loads the row itself.
    """
    if "practice_settings" not in g:
        g.practice_settings = _kept_settings()
    return g.practice_settings


def _kept_settings() -> PracticeSettings:
    stamp = practice_stamp()
    kept = current_app.extensions.get(_KEPT_KEY)
    if not stamp or kept is None or kept[0] != stamp:
        stored = db.session.get(PracticeSettings, SETTINGS_ID)
        values = ({column: getattr(stored, column) for column in _COLUMNS} if stored else
                  {"practice_name": DEFAULT_PRACTICE_NAME,
                   "timezone": current_app.config["PRACTICE_TIMEZONE"],
                   "client_records_need_release": False})
        kept = (stamp, values)
        if stamp:
            current_app.extensions[_KEPT_KEY] = kept
    return PracticeSettings(**kept[1])


def forget_kept_settings(app) -> None:
    """Drop the settings ``app`` keeps in this process: its next page reads the row."""
    app.extensions.pop(_KEPT_KEY, None)


def forget_cached_settings() -> None:
    """After a change to the settings: the rest of the request reads the new ones."""
    g.pop("practice_settings", None)
    g.pop("practice_tz", None)
