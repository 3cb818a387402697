"""Account operations: sign-in checks, invitations, password changes. Callers commit."""
from flask import url_for

from practice.auth.models import Role, User, find_user_by_email, normalize_email
from practice.auth.passwords import hash_password, verify_password
from practice.auth.tokens import TokenPurpose, make_token
from practice.core import audit
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.mail import queue_mail


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""


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
    endpoint = "auth.accept_invitation" if purpose is TokenPurpose.INVITATION else "auth.reset_password"
    return url_for(endpoint, token=make_token(user, purpose), _external=True)


def send_link(user: User, purpose: TokenPurpose, link: str) -> bool:
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

    :returns: the user, the link (shown to the inviter) and whether it was emailed.
    """
    user = create_user(email, display_name, role)
    link, emailed = issue_link(user, TokenPurpose.INVITATION, client_id=client_id)
    return user, link, emailed


def issue_link(user: User, purpose: TokenPurpose, *, client_id: int | None = None
               ) -> tuple[str, bool]:
    """A fresh invitation or reset link for ``user``, emailed when mail is set up."""
    link = link_for(user, purpose)
    emailed = send_link(user, purpose, link)
    action = "auth.invite" if purpose is TokenPurpose.INVITATION else "auth.reset_link"
    audit.record(action, user, client_id=client_id,
                 detail={"email": user.email, "role": user.role.value, "emailed": emailed})
    return link, emailed


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
