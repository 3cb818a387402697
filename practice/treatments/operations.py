"""Every change to session records: drafts, signing, setting drafts aside, addenda; each with
its audit event (never any clinical text in it).

Drafts are changed through ``practice.core.signed_records``, which refuses a change to an
archived client's record or to a signed or discarded draft, and claims the draft's version so
that a form opened before someone else's save raises ``Conflict`` instead of overwriting it.
"""
from practice.clients.models import Client
from practice.core import audit, signed_records
from practice.core.archive import ensure_not_archived
from practice.core.autosave import audit_visit, autosave_new
from practice.core.clock import local_today
from practice.core.errors import Conflict
from practice.core.extensions import db
from practice.precautions.kinds import parse_kinds
from practice.precautions.operations import GoAhead, ReasonNeeded, check_work, go_ahead
from practice.treatments.models import NOTE_FIELDS, PAIN_COLUMNS, SessionAddendum, TreatmentSession
from practice.treatments.recorded import session_recorded

STEP_KEYS = ("technique", "body_region", "minutes", "performed", "note")


class DraftClosed(Conflict):
    """The draft was signed or discarded after the editor opened it: the edit cannot be saved.

    ``locked`` says which (``"signed"`` or ``"discarded"``), for the conflict page.
    """

    def __init__(self, session: TreatmentSession):
        self.locked = "signed" if session.is_signed else "discarded"
        super().__init__(session, "This session was signed meanwhile; add an addendum instead."
                         if session.is_signed else "This draft was discarded meanwhile.")


def clean_steps(steps: list[dict]) -> list[dict]:
    """Session steps as stored: known keys only, empty text as ``None``."""
    cleaned = []
    for step in steps:
        row = {key: step.get(key) or None for key in STEP_KEYS}
        row["performed"] = bool(step.get("performed"))
        tags = parse_kinds(step.get("conflicts_with"))
        if tags:
            row["conflicts_with"] = [kind.value for kind in tags]
        cleaned.append(row)
    return cleaned


def _apply(session: TreatmentSession, data: dict) -> None:
    session.started_at = data["started_at"]
    session.duration_minutes = data["duration_minutes"]
    session.plan = data.get("plan")
    session.steps = clean_steps(data["steps"])
    for name in PAIN_COLUMNS:
        setattr(session, name, data.get(name))
    for name in NOTE_FIELDS:
        setattr(session, name, data.get(name) or None)


def session_work(steps: list[dict]) -> list[tuple[str, list]]:
    """The steps done, as the precautions check reads them: the technique and its tags."""
    return [(step.get("technique") or "", step.get("conflicts_with") or [])
            for step in steps if step.get("performed")]


def _new_draft(client: Client, practitioner, data: dict) -> TreatmentSession:
    ensure_not_archived(client)
    session = TreatmentSession(client=client, practitioner_id=practitioner.id)
    _apply(session, data)
    db.session.add(session)
    client.touch()
    db.session.flush()
    audit.record("session.create", session, client_id=client.id,
                 detail={"plan_id": session.plan.id if session.plan else None})
    session_recorded(session)
    return session


def _go_ahead(session: TreatmentSession, conflicts, going_ahead: GoAhead | None) -> None:
    if conflicts:
        go_ahead(session, session.client_id, conflicts, going_ahead.reason,
                 confirmed_grave=going_ahead.confirmed_grave)


def create_session(client: Client, practitioner, data: dict, sign: bool = False, *,
                   going_ahead: GoAhead | None = None) -> TreatmentSession:
    """A new draft for ``client`` (``data['plan']`` one of the client's plans), signed at once
    when ``sign`` is set. Steps done that conflict with the client's precautions need
    ``going_ahead`` (a reason; for the gravest a second confirmation), kept on the session."""
    ensure_not_archived(client)
    conflicts = check_work([], client.id, session_work(data["steps"]),
                           going_ahead, local_today())
    session = _new_draft(client, practitioner, data)
    _go_ahead(session, conflicts, going_ahead)
    if sign:
        sign_session(session, practitioner, session.version)
    return session


def update_draft(session: TreatmentSession, data: dict, submitted_version, signer=None, *,
                 going_ahead: GoAhead | None = None) -> None:
    """Save a draft, unless it changed since the editor loaded ``submitted_version``; then
    sign it as ``signer`` when given ("Save, sign and lock" on a new session's form whose
    autosave already made it a draft). Steps done that conflict with a precaution the draft
    has not gone ahead against need ``going_ahead``."""
    ensure_not_archived(session)
    if session.is_signed or session.is_discarded:
        raise DraftClosed(session)
    conflicts = check_work(session.precaution_overrides, session.client_id,
                           session_work(data["steps"]), going_ahead, local_today())
    signed_records.save_draft(session, submitted_version, lambda: _apply(session, data))
    session.client.touch()
    audit.record("session.edit", session, client_id=session.client_id)
    _go_ahead(session, conflicts, going_ahead)
    if signer is not None:
        sign_session(session, signer, session.version)


# --- autosave (autosave.js) ---------------------------------------------------------------------

def autosave_draft(session: TreatmentSession, data: dict, submitted_version, visit: str | None) -> None:
    """Save a draft while it is typed: the checks and the lock of a Save (an archived client,
    a signed or discarded draft, someone else's save in between all refuse), audited once per
    editing ``visit`` (the page's form key) rather than once per autosave."""
    ensure_not_archived(session)
    if session.is_signed or session.is_discarded:
        raise DraftClosed(session)
    signed_records.save_draft(session, submitted_version, lambda: _apply(session, data))
    session.client.touch()
    db.session.flush()  # sets updated_at: the page shows when it was saved
    audit_visit("session.autosave", session, visit)


def autosave_new_session(client: Client, practitioner, data: dict, form_key: str | None) -> TreatmentSession:
    """A new session's form saving itself: its first autosave records the draft
    (``core.autosave``)."""
    return autosave_new(client, practitioner, form_key, TreatmentSession, action="session.autosave",
                        create=lambda: _new_draft(client, practitioner, data),
                        save_again=lambda session, version: autosave_draft(session, data,
                                                                           version, form_key))


def sign_session(session: TreatmentSession, user, submitted_version) -> None:
    """Sign the draft the signer saw; from then on it is locked. A draft whose steps done
    conflict with a precaution it has not gone ahead against is refused: its form asks why."""
    if not session.is_signed:
        try:
            check_work(session.precaution_overrides, session.client_id,
                       session_work(session.steps or []), None, local_today())
        except ReasonNeeded:
            raise ReasonNeeded("This draft records steps that conflict with the client's "
                               "precautions: open the draft, give the reason for going ahead, "
                               "then sign.") from None
    try:
        signed_records.sign(session, user, submitted_version)
    except Conflict as conflict:
        raise Conflict(conflict.current, "This draft changed since you opened it. Read the latest "
                                         "version, then sign.") from None
    session.client.touch()
    audit.record("session.sign", session, client_id=session.client_id)


def discard_draft(session: TreatmentSession, submitted_version) -> None:
    """Set a draft aside: kept, but no longer shown among the client's sessions."""
    try:
        signed_records.discard(session, submitted_version)
    except Conflict as conflict:
        raise Conflict(conflict.current, "This draft changed since you opened it; nothing was "
                                         "discarded.") from None
    audit.record("session.discard", session, client_id=session.client_id)


def add_addendum(session: TreatmentSession, author, body: str) -> SessionAddendum:
    """A correction under a signed note; drafts are edited instead."""
    addendum = signed_records.add_addendum(session, author, body)
    session.client.touch()
    audit.record("session.addendum", addendum, client_id=session.client_id,
                 detail={"session_id": session.id})
    return addendum
