"""Test data builders for accounts and clients: plain functions that commit."""
from itertools import count

from practice.auth.models import Role
from practice.auth.operations import create_user
from practice.clients.models import Client
from practice.core.extensions import db

_sequence = count(1)
DEFAULT_PASSWORD = "correct horse battery"


def make_user(role: Role = Role.PRACTITIONER, *, email: str | None = None, name: str | None = None,
              password: str | None = DEFAULT_PASSWORD, enabled: bool = True):
    number = next(_sequence)
    user = create_user(email or f"{role.value}{number}@example.com",
                       name or f"{role.label} {number}", role, password)
    user.is_enabled = enabled
    db.session.commit()
    return user


def make_client(practitioner, *, given_name: str = "Hannah", family_name: str | None = None,
                portal_user=None, precautions: str | None = None, **fields) -> Client:
    """A client; ``precautions`` (free text) becomes the "other" item of their checklist."""
    client = Client(practitioner=practitioner, given_name=given_name,
                    family_name=family_name or f"Client{next(_sequence)}",
                    portal_user=portal_user, **fields)
    db.session.add(client)
    db.session.commit()
    if precautions:
        from practice.precautions.kinds import PrecautionKind
        from tests.factories.precautions import make_precaution

        make_precaution(client, PrecautionKind.OTHER, details=precautions)
    return client


def make_portal_client(practitioner, **fields) -> tuple[Client, object]:
    """A client with a portal account; returns ``(client, user)``."""
    user = make_user(Role.CLIENT)
    return make_client(practitioner, portal_user=user, **fields), user
