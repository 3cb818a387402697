"""Password hashing with Argon2id (memory-hard)."""
import base64
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION
from flask import current_app

_standard = PasswordHasher()
#: Cheap parameters for the test suite only (TestConfig.PASSWORD_HASH_FAST).
_fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _unmatchable_hash(hasher: PasswordHasher) -> str:
    """A hash with ``hasher``'s parameters and a random digest, which no password matches.

    Verifying against it costs what verifying a real hash costs (the cost is in the
    parameters), and writing it costs nothing: hashing a dummy password at start-up took
    0.2 s of CPU and 64 MB in every process, commands included.
    """
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode().rstrip("=")

    return (f"$argon2{hasher.type.name.lower()}$v={ARGON2_VERSION}"
            f"$m={hasher.memory_cost},t={hasher.time_cost},p={hasher.parallelism}"
            f"${b64(os.urandom(hasher.salt_len))}${b64(os.urandom(hasher.hash_len))}")


#: Verified against when the email is unknown, so both paths cost the same time.
_DUMMY_HASHES = {id(hasher): _unmatchable_hash(hasher) for hasher in (_standard, _fast)}


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
