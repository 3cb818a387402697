"""Password hashing with Argon2id (memory-hard)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_standard = PasswordHasher()
#: Cheap parameters for the test suite only (TestConfig.PASSWORD_HASH_FAST).
_fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
#: Verified against when the email is unknown, so both paths cost the same time.
_DUMMY_HASHES = {id(hasher): hasher.hash("not-a-real-password") for hasher in (_standard, _fast)}


def _hasher() -> PasswordHasher:
    return _fast if current_app.config.get("PASSWORD_HASH_FAST") else _standard


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _DUMMY_HASHES[id(hasher)], password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
