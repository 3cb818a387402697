"""Finding accounts."""
from practice.auth.models import User, normalize_email
from practice.core.extensions import db


def find_user_by_email(email: str) -> User | None:
    """The account with this email however it is typed (emails are stored lower-cased)."""
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))
