"""Time-based one-time codes (TOTP, RFC 6238) as a second sign-in step.

Codes are accepted one step either side of now for clock drift, and a code's time step is
remembered so the same code cannot be used twice.
"""
import time

import pyotp
import segno

from practice.auth.models import User
from practice.auth.passwords import verify_password
from practice.core import audit

ISSUER = "Qi Practice"
DRIFT_STEPS = 1


class TwoFactorError(ValueError):
    """The message is for the user."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (no style attributes, so the CSP allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=5, title="QR code for your authenticator app",
                                                 svgclass="qr-code", dark="#000", light="#fff")


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to, if valid and not used before; else ``None``."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time.time())
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def verify_user_code(user: User, code: str) -> bool:
    """Check a sign-in code for ``user`` and burn its time step."""
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def enable(user: User, secret: str, code: str) -> None:
    step = matching_step(secret, code, None)
    if step is None:
        raise TwoFactorError("That code does not match. Check the time on your phone and try "
                             "the newest code.")
    user.totp_secret = secret
    user.totp_last_step = step
    audit.record("auth.two_factor_enabled", user)


def disable(user: User, password: str, code: str) -> None:
    if not verify_password(user.password_hash, password):
        raise TwoFactorError("The password is not correct.")
    if not verify_user_code(user, code):
        raise TwoFactorError("That code does not match.")
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("auth.two_factor_disabled", user)


def reset(user: User, *, by: str) -> None:
    """Turn two-factor sign-in off for someone who lost their phone (an admin's action)."""
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("auth.two_factor_reset", user, detail={"by": by})
