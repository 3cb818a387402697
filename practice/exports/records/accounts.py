"""Accounts, without any secret: no password hash, two-factor secret or security stamp."""
from practice.auth.models import User
from practice.exports.base import Exporter, column


def _status(user: User) -> str:
    if not user.is_enabled:
        return "deactivated"
    return "active" if user.password_hash is not None else "invited"


USERS = Exporter(
    key="users", title="Accounts",
    description="Everyone who can sign in: admins, practitioners and clients with portal "
                "access. Sign-in secrets are never exported.",
    model=User,
    columns=(
        column("id", "Account number, referred to by *_id columns elsewhere (e.g. practitioner_id)."),
        column("email", "Sign-in email address."),
        column("display_name", "Name shown in the app."),
        column("role", "admin, practitioner or client."),
        column("status", "active, invited (has not chosen a password yet) or deactivated.", _status),
        column("two_factor_enabled", "Whether sign-in asks for an authenticator code (the secret "
                                     "itself is not exported).", lambda user: user.totp_secret is not None),
        column("created_at", "When the account was created (UTC)."),
        column("last_login_at", "Last successful sign-in (UTC), empty if never."),
        column("password_changed_at", "When the password was last set (UTC)."),
        column("invitation_issued_at", "When the latest invitation link was made (UTC); the link "
                                       "itself is not exported."),
    ),
)

EXPORTERS = [USERS]
