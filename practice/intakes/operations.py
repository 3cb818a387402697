"""Intake notes: write a draft, edit it without losing anyone's typing, sign it, discard it,
add addenda.

Drafts, signing, discarding and addenda go through ``core.signed_records`` (archive check,
draft check and the one optimistic lock). A draft may leave any answer out; signing refuses
until the required ones are given (``queries.missing_to_sign``). Every function joins the
request's unit of work and writes its audit event; nothing here commits. Audit details name
fields and ids, never what was written.
"""
from practice.clients.models import Client
from practice.core import audit, signed_records
from practice.core.archive import ensure_not_archived
from practice.core.autosave import audit_visit, autosave_new
from practice.core.clock import local_today
from practice.core.errors import Conflict, InvalidState, NotFound
from practice.core.extensions import db
from practice.core.once import create_once
from practice.intakes.models import Intake, IntakeAddendum
from practice.intakes.queries import missing_to_sign
from practice.precautions.operations import confirm_review
from practice.precautions.queries import active_precautions
from practice.precautions.wording import summary

#: The version of a draft just made: what the form that made it was filled in against.
FIRST_VERSION = "1"


class DraftClosed(Conflict):
    """The draft was signed or discarded after the editor opened it: the edit cannot be saved.

    ``locked`` says which (``"signed"`` or ``"discarded"``), for the conflict page.
    """

    def __init__(self, intake: Intake):
        self.locked = "signed" if intake.is_signed else "discarded"
        super().__init__(intake, "This intake was signed meanwhile." if intake.is_signed
                         else "This draft was discarded meanwhile.")


def create_intake(client: Client, author, values: dict) -> Intake:
    """A new draft with whatever answers the form gave (any of them may still be missing)."""
    ensure_not_archived(client)
    intake = Intake(client=client, author_id=author.id, **values)
    db.session.add(intake)
    client.touch()
    db.session.flush()
    audit.record("intake.create", intake, client_id=client.id)
    return intake


def save_new_intake(client: Client, author, values: dict, form_key: str | None,
                    submitted_version) -> tuple[Intake, bool]:
    """Make the draft a new-intake form describes; ``(intake, True)`` the first time it is sent.

    Sent again (a double click, or Back and Save draft), it makes no second draft: the one it
    made comes back with ``False``, with any answer changed on the resent form saved into it
    under the one lock (``Conflict`` if the draft was edited since, ``DraftClosed`` if it was
    signed or discarded).
    """
    intake, created = create_once(form_key, author, Intake,
                                  lambda: create_intake(client, author, values))
    if created:
        return intake, True
    if intake.client_id != client.id:  # a key sent with another client's address
        raise NotFound()
    if any(getattr(intake, name) != value for name, value in values.items()):
        update_intake(intake, values, submitted_version or FIRST_VERSION)
    return intake, False


def update_intake(intake: Intake, values: dict, submitted_version) -> list[str]:
    """Apply the form's values to a draft; return the names of the fields that changed.

    Raises ``Conflict`` when the draft was saved by someone else after this editor loaded
    it, and ``DraftClosed`` (a ``Conflict`` too) when it was signed or discarded meanwhile.
    """
    changed = _save_draft(intake, values, submitted_version)
    if changed:
        audit.record("intake.update", intake, client_id=intake.client_id,
                     detail={"fields": changed})
    return changed


def _save_draft(intake: Intake, values: dict, submitted_version) -> list[str]:
    """The draft's checks and lock, then the values that changed; no audit event."""
    ensure_not_archived(intake)
    if intake.is_signed or intake.is_discarded:
        raise DraftClosed(intake)
    signed_records.save_draft(intake, submitted_version)
    changed = [name for name, value in values.items() if getattr(intake, name) != value]
    for name in changed:
        setattr(intake, name, values[name])
    if changed:
        intake.client.touch()
    return changed


# --- autosave (autosave.js) ---------------------------------------------------------------------

def autosave_intake(intake: Intake, values: dict, submitted_version, visit: str | None) -> None:
    """Save a draft while it is typed: the checks and the lock of Save draft (an archived
    client, a signed or discarded draft, someone else's save in between all refuse), audited
    once per editing ``visit`` (the page's form key) rather than once per autosave."""
    _save_draft(intake, values, submitted_version)
    db.session.flush()
    audit_visit("intake.autosave", intake, visit)


def autosave_new_intake(client: Client, author, values: dict, form_key: str | None) -> Intake:
    """A new intake's form saving itself: its first autosave makes the draft (``core.autosave``)."""
    return autosave_new(client, author, form_key, Intake, action="intake.autosave",
                        create=lambda: create_intake(client, author, values),
                        save_again=lambda intake, version: autosave_intake(intake, values,
                                                                           version, form_key))


def sign_intake(intake: Intake, user, submitted_version) -> None:
    """Sign the draft as the version the practitioner read; from now on it is read-only.

    Refused (``InvalidState``, listing them) while a required answer is missing.
    """
    ensure_not_archived(intake)
    intake.ensure_draft()
    missing = missing_to_sign(intake)
    if missing:
        raise InvalidState("This intake cannot be signed yet. Still to answer: " + "; ".join(
            answer.label.rstrip("?") for answer in missing) + ".")
    today = local_today()
    intake.precautions_at_signing = [summary(item, today)
                                     for item in active_precautions(intake.client_id)]
    signed_records.sign(intake, user, submitted_version)
    intake.client.touch()
    audit.record("intake.sign", intake, client_id=intake.client_id)
    confirm_review(intake.client, user, intake.id)


def discard_intake(intake: Intake, submitted_version) -> None:
    """Set a draft aside: kept, but no longer one of the client's intakes."""
    try:
        signed_records.discard(intake, submitted_version)
    except Conflict as conflict:
        raise Conflict(conflict.current, "This draft changed since you opened it; nothing was "
                                         "discarded. Read it again first.") from None
    intake.client.touch()
    audit.record("intake.discard", intake, client_id=intake.client_id)


def add_intake_addendum(intake: Intake, author, body: str) -> IntakeAddendum:
    """A dated correction under a signed intake (drafts are edited instead)."""
    addendum = signed_records.add_addendum(intake, author, body)
    intake.client.touch()
    audit.record("intake.addendum", addendum, client_id=intake.client_id,
                 detail={"intake_id": intake.id})
    return addendum
