"""The practice's own settings: one row (id 1), edited by admins on the Settings page."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice.database import UTCDateTime, now_utc
from practice.extensions import db

SETTINGS_ID = 1


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
