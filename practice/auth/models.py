import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    #: Rotated whenever the password changes or access is withdrawn: invalidates old links,
    #: and every session begun before (``UserSession.security_stamp``).
    security_stamp: Mapped[str] = mapped_column(String(32), default=new_security_stamp)
    #: Base32 TOTP secret once two-factor sign-in is set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The time step of the last accepted code, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the current invitation link was made: the link is signed with this time, so the
    #: same link can be shown again (copied later) until it is used, expires or is replaced.
    invitation_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:
        return self.is_enabled and self.password_hash is not None

    def get_id(self) -> str:
        """The user's id. (The session cookie names a ``UserSession`` instead: see
        ``practice.auth.sessions``.)"""
        return str(self.id)

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


class SessionEnd(enum.Enum):
    """Why a signed-in session ended."""

    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    EXPIRED = "expired"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a name, not a secret)
    TWO_FACTOR_ON = "two_factor_on"
    TWO_FACTOR_OFF = "two_factor_off"
    DEACTIVATED = "deactivated"
    ENDED_BY_ADMIN = "ended_by_admin"
    ENDED_BY_USER = "ended_by_user"
    #: The account's security stamp changed (access revoked, a password set elsewhere).
    ACCOUNT_CHANGED = "account_changed"


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


class UserSession(db.Model):
    """One signed-in browser. The session cookie carries only this row's id; each request
    checks the row, so ending it here signs that browser out, even with a copy of its cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_session_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The user's stamp at sign-in: a session begun before the stamp rotated is over.
    security_stamp: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: Last activity, written at most once a minute (autosaves and status checks do not count).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    ip: Mapped[str | None] = mapped_column(String(45))
    #: "Firefox on Windows": enough to recognise a device, not the full header.
    user_agent: Mapped[str | None] = mapped_column(String(120))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[SessionEnd | None] = mapped_column(
        enum_type(SessionEnd, "session_end_reason"))
    #: The authenticator secret being set up in this session, until a code confirms it.
    two_factor_setup_secret: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app, stored hashed (Argon2id)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def normalize_email(email: str) -> str:
    return email.strip().lower()
