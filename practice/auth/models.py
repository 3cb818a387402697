import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db
from practice.core.roles import Role


def new_security_stamp() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (Index("uq_users_email_lower", func.lower(text("email")), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; the functional index keeps it unique however it is typed.
    email: Mapped[str] = mapped_column(String(254))
    #: Argon2id hash; ``None`` until an invitation is accepted.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role"))
    display_name: Mapped[str] = mapped_column(String(120))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: Rotated whenever the password changes: invalidates old links and other sessions.
    security_stamp: Mapped[str] = mapped_column(String(32), default=new_security_stamp)
    #: Base32 TOTP secret once two-factor sign-in is set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The time step of the last accepted code, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:
        return self.is_enabled and self.password_hash is not None

    def get_id(self) -> str:
        # The stamp in the session id signs out other sessions when the password changes.
        return f"{self.id}:{self.security_stamp}"

    def rotate_security_stamp(self) -> None:
        self.security_stamp = new_security_stamp()

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_practitioner(self) -> bool:
        return self.role is Role.PRACTITIONER

    @property
    def is_client(self) -> bool:
        return self.role is Role.CLIENT


def normalize_email(email: str) -> str:
    return email.strip().lower()
