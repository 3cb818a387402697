"""One-time recovery codes: ten of them, for signing in without the authenticator app.

They are shown once, when made, and stored hashed (Argon2id, like passwords); each works
once. Making new ones replaces the old. The alphabet leaves out look-alike characters, and
a code may be typed with or without its dash, in either case.
"""
import secrets

from sqlalchemy import delete, select, update

from practice.auth.models import RecoveryCode, User
from practice.auth.passwords import hash_password, verify_password
from practice.core.database import now_utc
from practice.core.extensions import db

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 10


def _normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def looks_like_recovery_code(code: str) -> bool:
    normalized = _normalize(code)
    return len(normalized) == LENGTH and all(ch in ALPHABET for ch in normalized)


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def replace_codes(user: User) -> list[str]:
    """Make ``user``'s codes afresh; return them (the only time they exist unhashed)."""
    remove_codes(user)
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(_normalize(code)))
                       for code in codes)
    return codes


def remove_codes(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def codes_left(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def use_code(user: User, code: str) -> bool:
    """Accept ``code`` once: the first unused code it matches is claimed by a conditional
    UPDATE, so two requests with the same code cannot both use it."""
    if not looks_like_recovery_code(code):
        return False
    normalized = _normalize(code)
    unused = db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    for stored in unused:
        if verify_password(stored.code_hash, normalized):
            claimed = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == stored.id, RecoveryCode.used_at.is_(None))
                .values(used_at=now_utc())
                .execution_options(synchronize_session=False))
            return claimed.rowcount == 1
    return False
