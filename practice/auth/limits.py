"""Limits on guessing per account, on top of each sign-in form's limit per client address.

Sign-in attempts are limited per email (known or not, so a limited answer reveals nothing),
reset requests per email, and two-factor codes and current-password checks per user
(``ACCOUNT_RATE_LIMIT``, five in 15 minutes). An office behind one address is limited only by
the much higher per-address limit (``LOGIN_RATE_LIMIT``), so one person's mistakes never lock
out the others.

The counts live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``): Redis when several
processes serve, so every worker counts together. An attempt is counted *before* it is checked
(one atomic increment), so parallel requests cannot slip extra guesses in; a success clears the
count where a success means the person knew the secret. Keys hold a hash, never the email.
"""
import enum
import hashlib

from flask import current_app
from limits import parse_many

from practice.core.errors import DomainError
from practice.core.extensions import limiter


class Guess(enum.Enum):
    SIGN_IN = "sign-in"
    RESET_REQUEST = "reset-request"
    TWO_FACTOR_CODE = "two-factor-code"
    CURRENT_PASSWORD = "current-password"  # noqa: S105 (a name, not a secret)


class TooManyAttempts(DomainError):
    status = 429


def _limits():
    return parse_many(current_app.config["ACCOUNT_RATE_LIMIT"])


def _key(guess: Guess, identity) -> tuple[str, str]:
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"account-{guess.value}", digest


def attempt(guess: Guess, identity) -> bool:
    """Count one attempt; ``False`` when it is one too many (it must not be tried)."""
    if not limiter.enabled:
        return True
    # A list, not a generator: every window counts the attempt, even after one refuses it.
    return all([limiter.limiter.hit(item, *_key(guess, identity)) for item in _limits()])  # noqa: C419


def exhausted(guess: Guess, identity) -> bool:
    """Whether the next attempt would be refused."""
    if not limiter.enabled:
        return False
    return not all(limiter.limiter.test(item, *_key(guess, identity)) for item in _limits())


def clear(guess: Guess, identity) -> None:
    if limiter.enabled:
        for item in _limits():
            limiter.limiter.clear(item, *_key(guess, identity))


def wait_words() -> str:
    """How long the longest window lasts, in words: "15 minutes"."""
    seconds = max(item.get_expiry() for item in _limits())
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "an hour" if hours == 1 else f"{hours} hours"
    minutes = max(1, seconds // 60)
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def refuse(guess: Guess) -> TooManyAttempts:
    messages = {
        Guess.SIGN_IN: "Too many sign-in attempts for this email address. Wait {wait}, or "
                       "reset your password.",
        Guess.RESET_REQUEST: "Too many reset requests for this email address. Wait {wait} "
                             "before asking again.",
        Guess.TWO_FACTOR_CODE: "Too many wrong codes. Wait {wait}, then sign in again.",
        Guess.CURRENT_PASSWORD: "Too many wrong passwords. Wait {wait} before trying again.",
    }
    return TooManyAttempts(messages[guess].format(wait=wait_words()))
