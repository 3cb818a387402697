"""Signed, expiring, single-use links for invitations and password resets.

A token carries the user's id and security stamp. Setting a password rotates the
stamp, so a used link (and every older one) stops working.
"""
import enum
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from practice.auth.models import User
from practice.core.database import now_utc
from practice.core.errors import DomainError
from practice.core.extensions import db


class TokenPurpose(enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"  # noqa: S105 (a name, not a secret)

    @property
    def max_age(self) -> int:
        key = "INVITATION_MAX_AGE" if self is TokenPurpose.INVITATION else "PASSWORD_RESET_MAX_AGE"
        return current_app.config[key]


class TokenError(DomainError):
    """Raised with a message fit to show the person who followed the link."""


class _SignedAt(TimestampSigner):
    """A timestamp signer that signs with a given time instead of now."""

    signed_at: int | None = None

    def get_timestamp(self) -> int:
        return self.signed_at if self.signed_at is not None else super().get_timestamp()


def _serializer(purpose: TokenPurpose, signed_at: int | None = None) -> URLSafeTimedSerializer:
    signer = type("Signer", (_SignedAt,), {"signed_at": signed_at})
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"qi-{purpose.value}",
                                  signer=signer)


def make_token(user: User, purpose: TokenPurpose) -> str:
    """A link token for ``user``. An invitation is signed with the time it was issued
    (``User.invitation_issued_at``), so making it again gives the same link."""
    issued = user.invitation_issued_at if purpose is TokenPurpose.INVITATION else None
    signed_at = int(issued.timestamp()) if issued is not None else None
    return _serializer(purpose, signed_at).dumps({"uid": user.id, "stamp": user.security_stamp})


def invitation_expired(user: User) -> bool:
    issued = user.invitation_issued_at
    if issued is None:
        return True
    return issued + timedelta(seconds=TokenPurpose.INVITATION.max_age) <= now_utc()


def make_unused_token(purpose: TokenPurpose) -> str:
    """The same work as ``make_token`` for no account (a reset asked for an unknown email), so
    the answer takes as long either way. The token is thrown away."""
    return _serializer(purpose).dumps({"uid": 0, "stamp": secrets.token_hex(16)})


def load_token(token: str, purpose: TokenPurpose) -> User:
    try:
        payload = _serializer(purpose).loads(token, max_age=purpose.max_age)
    except SignatureExpired as exc:
        raise TokenError("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise TokenError("This link is not valid.") from exc
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or not user.is_enabled:
        raise TokenError("This link is not valid.")
    if payload.get("stamp") != user.security_stamp:
        raise TokenError("This link has already been used. Ask for a new one.")
    return user
