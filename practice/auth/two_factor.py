"""Time-based one-time codes (TOTP, RFC 6238) as a second sign-in step.

Codes are accepted one step either side of now for clock drift, and a code's time step is
remembered so the same code cannot be used twice: not even by two sign-ins at the same moment,
as the step is claimed by one conditional UPDATE (``burn_step``). Turning it on and off, with
their audit events, are operations (``practice.auth.operations``).
"""
import time

import pyotp
import segno
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from practice.auth.models import User
from practice.core.extensions import db

ISSUER = "Qi Practice"
DRIFT_STEPS = 1


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


def burn_step(user: User, step: int) -> bool:
    """Claim time step ``step`` for ``user``; ``False`` if it, or a later one, is used already.

    One conditional UPDATE: of two requests with the same code, whatever either read before,
    only one changes the row (the database serialises the two updates, and the second finds
    the condition false).
    """
    result = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def verify_user_code(user: User, code: str) -> bool:
    """Check a sign-in code for ``user`` and burn its time step."""
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    return step is not None and burn_step(user, step)
