"""Recording sessions: drafts with versions, signing, addenda and setting drafts aside."""
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from practice.clients.models import Client
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.signed_records import EditConflict, SignedRecordError, check_version
from practice.plans.models import PlanStatus, SessionPlan
from practice.plans.services import ensure_not_archived
from practice.treatments.models import NOTE_FIELDS, PAIN_COLUMNS, SessionAddendum, TreatmentSession

STEP_KEYS = ("technique", "body_region", "minutes", "performed", "note")
DEFAULT_DURATION = 60


class DraftDiscarded(ValueError):
    """The draft was set aside; it cannot be edited or signed any more."""


def active_plans(client: Client) -> list[SessionPlan]:
    return db.session.scalars(select(SessionPlan).where(SessionPlan.client_id == client.id,
                                                        SessionPlan.status == PlanStatus.ACTIVE)
                              .order_by(SessionPlan.start_date.desc(), SessionPlan.id.desc())).all()


def steps_from_plan(plan: SessionPlan | None) -> list[dict]:
    """The plan's steps as session rows, all ticked as performed, ready to adjust."""
    if plan is None:
        return []
    return [{"technique": step.technique, "body_region": step.body_region, "minutes": step.minutes,
             "performed": True, "note": None} for step in plan.steps]


def prefill_duration(steps: list[dict]) -> int:
    return sum(step.get("minutes") or 0 for step in steps) or DEFAULT_DURATION


def clean_steps(steps: list[dict]) -> list[dict]:
    """Session steps as stored: known keys only, empty text as ``None``."""
    cleaned = []
    for step in steps:
        row = {key: step.get(key) or None for key in STEP_KEYS}
        row["performed"] = bool(step.get("performed"))
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


def create_session(client: Client, practitioner, data: dict) -> TreatmentSession:
    """A new draft for ``client`` (``data['plan']`` must be one of the client's plans)."""
    ensure_not_archived(client)
    session = TreatmentSession(client=client, practitioner_id=practitioner.id)
    _apply(session, data)
    db.session.add(session)
    client.touch()
    return session


def _ensure_editable(session: TreatmentSession) -> None:
    if session.is_signed:
        raise SignedRecordError("This session is signed; add an addendum instead.")
    if session.is_discarded:
        raise DraftDiscarded("This draft was discarded.")


@contextmanager
def _saved_or_conflict(session: TreatmentSession):
    """Make the changes and flush; if another request saved the row in between (the version
    column matched no row), report it as an edit conflict with the stored record."""
    session_id = session.id
    try:
        yield
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(db.session.get(TreatmentSession, session_id)) from None


def update_draft(session: TreatmentSession, data: dict, submitted_version) -> None:
    """Save a draft, unless it changed since the editor loaded ``submitted_version``."""
    _ensure_editable(session)
    check_version(session, submitted_version)
    with _saved_or_conflict(session):
        _apply(session, data)
        session.client.touch()


def sign_session(session: TreatmentSession, user, submitted_version) -> None:
    """Sign the draft the signer saw; from then on it is locked."""
    _ensure_editable(session)
    check_version(session, submitted_version)
    with _saved_or_conflict(session):
        session.sign(user)
        session.client.touch()


def discard_draft(session: TreatmentSession, submitted_version) -> None:
    _ensure_editable(session)
    check_version(session, submitted_version)
    with _saved_or_conflict(session):
        session.discarded_at = now_utc()


def add_addendum(session: TreatmentSession, author, body: str) -> SessionAddendum:
    """A correction under a signed note; drafts are simply edited instead."""
    if not session.is_signed:
        raise ValueError("This session is still a draft: edit it instead of adding an addendum.")
    addendum = SessionAddendum(session=session, author_id=author.id, body=body)
    db.session.add(addendum)
    session.client.touch()
    return addendum
