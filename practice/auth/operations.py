"""Everything that changes an account: sign-in records, invitations and reset links, passwords,
two-factor sign-in. Each change writes its audit event; the unit of work commits.

Invitation and reset links are queued in the outbox (``core.mail.queue_mail``), so they are
emailed only once the account they open is committed.
"""
from practice.auth import two_factor
from practice.auth.models import Role, User, normalize_email
from practice.auth.passwords import hash_password, verify_password
from practice.auth.queries import find_user_by_email
from practice.auth.tokens import TokenPurpose, make_token
from practice.core import audit
from practice.core.database import now_utc
from practice.core.errors import DomainError, InvalidState
from practice.core.extensions import db
from practice.core.links import external_url
from practice.core.mail import queue_mail


class AccountError(DomainError):
    """A request about an account that cannot be carried out; the message is for the user."""


# --- Signing in and out -----------------------------------------------------------------------

def check_credentials(email: str, password: str) -> User | None:
    """The user these credentials belong to, if they may sign in; audits a failure."""
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        reason = "unknown email" if user is None else ("wrong password" if not ok else "inactive")
        audit.record("auth.login_failed", user, detail={"reason": reason}, actor=user)
        return None
    return user


def record_login(user: User, *, two_factor: bool = False) -> None:
    user.last_login_at = now_utc()
    audit.record("auth.login", user, actor=user, detail={"two_factor": two_factor})


def confirm_sign_in_code(user: User, code: str) -> bool:
    """The second sign-in step: a valid code signs in (and is burnt), a wrong one is audited."""
    if two_factor.verify_user_code(user, code):
        record_login(user, two_factor=True)
        return True
    audit.record("auth.two_factor_failed", user, actor=user)
    return False


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
    """A fresh invitation or reset link for ``user``, queued for email when mail is set up."""
    link = link_for(user, purpose)
    emailed = _queue_link(user, purpose, link)
    action = "auth.invite" if purpose is TokenPurpose.INVITATION else "auth.reset_link"
    audit.record(action, user, client_id=client_id,
                 detail={"email": user.email, "role": user.role.value, "emailed": emailed})
    return link, emailed


def request_password_reset(email: str) -> None:
    """Someone asked for a reset link: email one if the account exists and may sign in.

    Nothing tells the asker which it was, so the form reveals no accounts.
    """
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        issue_link(user, TokenPurpose.PASSWORD_RESET)


def send_account_link(user: User) -> tuple[str, bool, TokenPurpose]:
    """An admin's link for ``user``: a reset link, or a fresh invitation for someone who never
    chose a password. :returns: the link, whether it is being emailed, and which kind it is."""
    if not user.is_enabled:
        raise InvalidState("Reactivate the account first: links for a deactivated account do "
                           "not work.")
    purpose = TokenPurpose.INVITATION if user.password_hash is None else TokenPurpose.PASSWORD_RESET
    link, emailed = issue_link(user, purpose)
    return link, emailed, purpose


# --- Passwords --------------------------------------------------------------------------------

def set_password(user: User, new_password: str, *, action: str) -> None:
    """Store a new password; the rotated stamp voids older links and other sessions."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now_utc()
    user.rotate_security_stamp()
    audit.record(action, user, actor=user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("The current password is not correct.")
    set_password(user, new_password, action="auth.password_change")


# --- Two-factor sign-in -----------------------------------------------------------------------

def enable_two_factor(user: User, secret: str, code: str) -> None:
    step = two_factor.matching_step(secret, code, None)
    if step is None:
        raise AccountError("That code does not match. Check the time on your phone and try "
                           "the newest code.")
    user.totp_secret = secret
    user.totp_last_step = step
    audit.record("auth.two_factor_enabled", user)


def disable_two_factor(user: User, password: str, code: str) -> None:
    if not verify_password(user.password_hash, password):
        raise AccountError("The password is not correct.")
    if not two_factor.verify_user_code(user, code):
        raise AccountError("That code does not match.")
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("auth.two_factor_disabled", user)


def reset_two_factor(user: User, *, by: str) -> None:
    """Turn two-factor sign-in off for someone who lost their phone (an admin's action)."""
    if not user.has_two_factor:
        raise InvalidState(f"Two-factor sign-in is already off for {user.display_name}.")
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("auth.two_factor_reset", user, detail={"by": by})
