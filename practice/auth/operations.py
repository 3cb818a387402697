"""Everything that changes an account: sign-in records, invitations and reset links, passwords,
two-factor sign-in. Each change writes its audit event; the unit of work commits.

Invitation and reset links are queued in the outbox (``core.mail.queue_mail``), so they are
emailed only once the account they open is committed. Guesses (passwords, codes, reset
requests) are counted per account (``practice.auth.limits``); changes that should sign other
browsers out end their sessions (``practice.auth.sessions``).
"""
from datetime import timedelta

from practice.auth import recovery_codes, two_factor
from practice.auth.limits import Guess, attempt, clear, exhausted, refuse
from practice.auth.models import Role, SessionEnd, User, UserSession, normalize_email
from practice.auth.passwords import hash_password, verify_password
from practice.auth.queries import find_user_by_email
from practice.auth.sessions import end_sessions
from practice.auth.tokens import (
    TokenPurpose,
    invitation_expired,
    make_token,
    make_unused_token,
)
from practice.core import audit
from practice.core.database import now_utc
from practice.core.errors import DomainError, InvalidState
from practice.core.extensions import db
from practice.core.links import external_url
from practice.core.mail import queue_mail
from practice.core.unit_of_work import send_mail_after_response


class AccountError(DomainError):
    """A request about an account that cannot be carried out; the message is for the user."""


class WrongPassword(AccountError):
    """The current password, asked for again before a change, was not right."""


class AccountDeactivated(AccountError):
    """The right password for an account that may not sign in now. Said only after the right
    password, so the sign-in form still reveals nothing about which emails have accounts."""


# --- Signing in and out -----------------------------------------------------------------------

def check_credentials(email: str, password: str) -> User | None:
    """The user these credentials belong to, if they may sign in; audits a failure.

    Raises ``TooManyAttempts`` once the email had its guesses: the same answer, found without
    looking the email up, whether or not it has an account. Raises ``AccountDeactivated`` for
    the right password of a deactivated account (or a client's revoked portal access).
    """
    if not attempt(Guess.SIGN_IN, normalize_email(email)):
        raise refuse(Guess.SIGN_IN)
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        reason = "unknown email" if user is None else ("wrong password" if not ok else "inactive")
        audit.record("auth.login_failed", user, detail={"reason": reason}, actor=user)
        if user is not None and ok and not user.is_enabled:
            raise AccountDeactivated(
                "Your access to the portal has been turned off. Ask your practitioner if you "
                "need it again." if user.is_client else
                "This account has been deactivated. Ask the practice administrator if you "
                "need it again.")
        return None
    clear(Guess.SIGN_IN, normalize_email(email))
    return user


def record_login(user: User, *, two_factor: bool = False) -> None:
    user.last_login_at = now_utc()
    audit.record("auth.login", user, actor=user, detail={"two_factor": two_factor})


def _check_second_factor(user: User, code: str) -> str | None:
    """Which second factor ``code`` is ("app" or "recovery code"), used up now; ``None`` if
    wrong. Counted per user: raises ``TooManyAttempts`` for an attempt over the limit, and
    after the wrong code that reached it."""
    if not attempt(Guess.TWO_FACTOR_CODE, user.id):
        raise refuse(Guess.TWO_FACTOR_CODE)
    if recovery_codes.looks_like_recovery_code(code):
        kind = "recovery code" if recovery_codes.use_code(user, code) else None
    else:
        kind = "app" if two_factor.verify_user_code(user, code) else None
    if kind is not None:
        clear(Guess.TWO_FACTOR_CODE, user.id)
        return kind
    audit.record("auth.two_factor_failed", user, actor=user)
    if exhausted(Guess.TWO_FACTOR_CODE, user.id):
        raise refuse(Guess.TWO_FACTOR_CODE)
    return None


def confirm_sign_in_code(user: User, code: str) -> bool:
    """The second sign-in step: a valid code (or recovery code) signs in and is used up, a
    wrong one is audited."""
    kind = _check_second_factor(user, code)
    if kind is None:
        return False
    if kind == "recovery code":
        audit.record("auth.recovery_code_used", user, actor=user,
                     detail={"left": recovery_codes.codes_left(user)})
    record_login(user, two_factor=True)
    return True


def record_logout(user: User) -> None:
    audit.record("auth.logout", actor=user)


# --- Accounts and links -----------------------------------------------------------------------

def create_user(email: str, display_name: str, role: Role, password: str | None = None) -> User:
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    user = User(email=normalize_email(email), display_name=display_name.strip(), role=role,
                password_hash=hash_password(password) if password else None)
    if password:
        user.password_changed_at = now_utc()
    db.session.add(user)
    db.session.flush()
    return user


def link_for(user: User, purpose: TokenPurpose) -> str:
    """The link for ``user`` to choose a password, on the configured address (``BASE_URL``)."""
    endpoint = "auth.accept_invitation" if purpose is TokenPurpose.INVITATION else "auth.reset_password"
    return external_url(endpoint, token=make_token(user, purpose))


def _queue_link(user: User, purpose: TokenPurpose, link: str) -> bool:
    if purpose is TokenPurpose.INVITATION:
        subject = "Your Qi Practice account"
        body = (f"Hello {user.display_name},\n\nYou have been invited to Qi Practice. "
                f"Choose your password here (the link works once, for 72 hours):\n\n{link}\n")
    else:
        subject = "Reset your Qi Practice password"
        body = (f"Hello {user.display_name},\n\nChoose a new password here (the link works "
                f"once, for one hour):\n\n{link}\n\nIf you did not ask for this, ignore it.\n")
    return queue_mail(user.email, subject, body)


def invite_user(email: str, display_name: str, role: Role, *, client_id: int | None = None
                ) -> tuple[User, str, bool]:
    """Create an account without a password and a link to choose one.

    :returns: the user, the link (shown to the inviter) and whether it is being emailed.
    """
    user = create_user(email, display_name, role)
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client_id)
    return user, link, emailed


def issue_link(user: User, purpose: TokenPurpose, *, client_id: int | None = None
               ) -> tuple[str, bool]:
    """A fresh invitation or reset link for ``user``, queued for email when mail is set up.

    A new invitation voids the one before (the security stamp rotates: nobody is signed in on
    an account without a password) and is kept showable (``pending_invitation_link``).
    """
    if purpose is TokenPurpose.INVITATION:
        user.rotate_security_stamp()
        user.invitation_issued_at = now_utc().replace(microsecond=0)
    link = link_for(user, purpose)
    emailed = _queue_link(user, purpose, link)
    action = "auth.invite" if purpose is TokenPurpose.INVITATION else "auth.reset_link"
    audit.record(action, user, client_id=client_id,
                 detail={"email": user.email, "role": user.role.value, "emailed": emailed})
    return link, emailed


def invitation_expires_at(user: User):
    """When the open invitation link stops working."""
    return user.invitation_issued_at + timedelta(seconds=TokenPurpose.INVITATION.max_age)


def pending_invitation_link(user: User) -> str | None:
    """The invitation link still open for ``user`` (made, not used, not expired, not replaced),
    to show and copy again; ``None`` once they chose a password or it cannot work."""
    if user.password_hash is not None or not user.is_enabled or invitation_expired(user):
        return None
    return link_for(user, TokenPurpose.INVITATION)


def request_password_reset(email: str) -> None:
    """Someone asked for a reset link: email one if the account exists and may sign in.

    Nothing tells the asker which it was, so the form reveals no accounts: not the answer, nor
    its time. Both paths make a token and an audit event; the mail, the one thing only a
    known account gets, is sent after the answer has gone (``send_mail_after_response``).
    Requests are limited per email, alike for any email.
    """
    if not attempt(Guess.RESET_REQUEST, normalize_email(email)):
        raise refuse(Guess.RESET_REQUEST)
    send_mail_after_response()
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        issue_link(user, TokenPurpose.PASSWORD_RESET)
    else:
        make_unused_token(TokenPurpose.PASSWORD_RESET)
        audit.record("auth.reset_requested", detail={"account": False})


def send_account_link(user: User) -> tuple[str | None, bool, TokenPurpose]:
    """An admin's link for ``user``: a reset link, or a fresh invitation for someone who never
    chose a password. :returns: the link (``None`` for a client's reset when it is emailed: it
    goes to the client alone), whether it is being emailed, and which kind it is."""
    if not user.is_enabled:
        raise InvalidState("Reactivate the account first: links for a deactivated account do "
                           "not work.")
    purpose = TokenPurpose.INVITATION if user.password_hash is None else TokenPurpose.PASSWORD_RESET
    link, emailed = issue_link(user, purpose)
    if emailed and purpose is TokenPurpose.PASSWORD_RESET and user.role is Role.CLIENT:
        link = None  # a client's account is theirs: with mail, the link goes to them alone
    return link, emailed, purpose


# --- Passwords --------------------------------------------------------------------------------

def set_password(user: User, new_password: str, *, action: str) -> None:
    """Store a new password; every session ends, and the rotated stamp voids older links.
    (The route signs the person who changed it in again, on a fresh session.)"""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now_utc()
    end_sessions(user, SessionEnd.PASSWORD_CHANGED)
    user.rotate_security_stamp()
    audit.record(action, user, actor=user)


def check_current_password(user: User, password: str, *, purpose: str,
                           message: str = "The password is not correct.") -> None:
    """Ask for the password again before a change that matters; guesses are limited per user
    and each wrong one is audited."""
    if not attempt(Guess.CURRENT_PASSWORD, user.id):
        raise refuse(Guess.CURRENT_PASSWORD)
    if not verify_password(user.password_hash, password):
        audit.record("auth.password_check_failed", user, detail={"purpose": purpose})
        raise WrongPassword(message)
    clear(Guess.CURRENT_PASSWORD, user.id)


def change_password(user: User, current_password: str, new_password: str) -> None:
    check_current_password(user, current_password, purpose="password_change",
                           message="The current password is not correct.")
    set_password(user, new_password, action="auth.password_change")


# --- Two-factor sign-in -----------------------------------------------------------------------

def enable_two_factor(user: User, secret: str, code: str, *, this_session: UserSession
                      ) -> list[str]:
    """Turn it on once a code from the app matches; every other session ends (it began with
    the password alone). :returns: the new recovery codes, to show once."""
    step = two_factor.matching_step(secret, code, None)
    if step is None:
        raise AccountError("That code does not match. Check the time on your phone and try "
                           "the newest code.")
    user.totp_secret = secret
    user.totp_last_step = step
    ended = end_sessions(user, SessionEnd.TWO_FACTOR_ON, keep=this_session)
    audit.record("auth.two_factor_enabled", user, detail={"other_sessions_ended": ended})
    return recovery_codes.replace_codes(user)


def _turn_off(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    recovery_codes.remove_codes(user)


def disable_two_factor(user: User, password: str, code: str, *, this_session: UserSession
                       ) -> None:
    """Turn it off with the password and a code; every other session ends."""
    check_current_password(user, password, purpose="two_factor_off")
    if _check_second_factor(user, code) is None:
        raise AccountError("That code does not match.")
    _turn_off(user)
    ended = end_sessions(user, SessionEnd.TWO_FACTOR_OFF, keep=this_session)
    audit.record("auth.two_factor_disabled", user, detail={"other_sessions_ended": ended})


def renew_recovery_codes(user: User, password: str) -> list[str]:
    """New recovery codes for the old (lost, or used up), after the password."""
    if not user.has_two_factor:
        raise InvalidState("Turn on two-factor sign-in first.")
    check_current_password(user, password, purpose="recovery_codes")
    codes = recovery_codes.replace_codes(user)
    audit.record("auth.recovery_codes_renewed", user)
    return codes


def reset_two_factor(user: User, *, by: str) -> None:
    """Turn two-factor sign-in off for someone who lost their phone (an admin's action); their
    sessions end."""
    if not user.has_two_factor:
        raise InvalidState(f"Two-factor sign-in is already off for {user.display_name}.")
    _turn_off(user)
    ended = end_sessions(user, SessionEnd.TWO_FACTOR_OFF)
    audit.record("auth.two_factor_reset", user, detail={"by": by, "sessions_ended": ended})
