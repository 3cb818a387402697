"""Owner-scoped loading of intakes and the intakes section of the client overview.

Pages that show an intake load it through a ``*_for_view`` / ``*_for_edit`` loader here,
which audits the visit (``intake.view``, once per request, on GET only). The change since the
first signed intake is part of the client's course change (``progress.baseline``).
"""
from flask import request
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from practice.clients.models import Client
from practice.clients.overview import overview_section
from practice.clients.queries import is_record_id
from practice.core import audit
from practice.core.access import one_or_404
from practice.core.archive import ensure_not_archived
from practice.core.errors import NotFound
from practice.core.extensions import db
from practice.intakes.models import (
    CONDITION_PROFILE,
    PRECAUTIONS_REVIEWED,
    ConditionType,
    Intake,
    RequiredAnswer,
)


def get_intake_or_404(client: Client, intake_id: int) -> Intake:
    """One of ``client``'s intakes (load the client with ``get_client_or_404`` first), or 404.

    Discarded drafts too: their page still opens, marked as discarded.
    """
    if not is_record_id(intake_id):
        raise NotFound()
    return one_or_404(select(Intake).where(Intake.id == intake_id, Intake.client_id == client.id))


def get_intake_for_view_or_404(client: Client, intake_id: int) -> Intake:
    """The intake a page shows: audited as ``intake.view``."""
    intake = get_intake_or_404(client, intake_id)
    audit.record_view("intake.view", intake, client_id=client.id)
    return intake


def get_draft_for_edit_or_404(client: Client, intake_id: int) -> Intake:
    """The intake whose edit form a page shows: audited as ``intake.view`` of the edit page.

    Opening the form is refused for an archived record (``Archived``) and for an intake that
    is signed or discarded. A form *sent* after any of these happened meanwhile is not: the
    save refuses it, and the page keeps what was typed.
    """
    intake = get_intake_or_404(client, intake_id)
    if request.method == "GET":
        ensure_not_archived(client)
        intake.ensure_draft()
    audit.record_view("intake.view", intake, client_id=client.id, detail={"page": "edit"})
    return intake


def get_previous_intake_for_form(client: Client) -> Intake | None:
    """The latest intake, which a new re-assessment starts from (or None before the first).

    The new-intake form carries its complaint, history and medications, so the visit is
    audited: as ``intake.view`` of that intake, or ``client.view`` when there is none yet.
    An archived record takes no new intakes: the form is not shown (``Archived``), and one
    sent anyway is refused by the save.
    """
    if request.method == "GET":
        ensure_not_archived(client)
    intakes = client_intakes(client)
    previous = intakes[-1] if intakes else None
    if previous is not None:
        audit.record_view("intake.view", previous, client_id=client.id, detail={"page": "new"})
    else:
        audit.record_view("client.view", client, client_id=client.id,
                          detail={"page": "new_intake"})
    return previous


def offered_condition_types(current_id: int | None = None) -> list[ConditionType]:
    """The active condition types in the practice's order, plus the one already chosen."""
    shown = ConditionType.is_active.is_(True)
    if current_id:
        shown = or_(shown, ConditionType.id == current_id)
    return list(db.session.scalars(select(ConditionType).where(shown)
                                   .order_by(ConditionType.position, ConditionType.name)))


def missing_to_sign(intake: Intake) -> list[RequiredAnswer]:
    """What the intake must still answer before it can be signed, in form order.

    The condition profile is required while the practice offers any (``Not typed`` is one),
    and every intake goes through the precautions checklist with the client.
    """
    missing = intake.missing_answers()
    if intake.condition_type_id is None and db.session.scalar(
            select(ConditionType.id).where(ConditionType.is_active.is_(True)).limit(1)):
        missing.insert(1, CONDITION_PROFILE)
    if not intake.precautions_reviewed:
        missing.append(PRECAUTIONS_REVIEWED)
    return missing


def _in_record_order(statement):
    """Oldest first; an undated draft after the dated intakes."""
    return statement.order_by(Intake.assessed_on.is_(None), Intake.assessed_on, Intake.id)


def client_intakes(client: Client) -> list[Intake]:
    """The client's intakes, oldest first, with their condition types (one query).

    Drafts included, discarded drafts left out.
    """
    return list(db.session.scalars(_in_record_order(
        select(Intake).where(Intake.client_id == client.id, Intake.discarded_at.is_(None))
        .options(joinedload(Intake.condition_type)))))


def _before(intake: Intake):
    """SQL condition: the client's other (not discarded) intakes before ``intake`` in record
    order."""
    undated_before = and_(Intake.assessed_on.is_(None), Intake.id < intake.id)
    if intake.assessed_on is None:
        earlier = or_(Intake.assessed_on.is_not(None), undated_before)
    else:
        earlier = or_(Intake.assessed_on < intake.assessed_on,
                      and_(Intake.assessed_on == intake.assessed_on, Intake.id < intake.id))
    return and_(Intake.client_id == intake.client_id, Intake.id != intake.id,
                Intake.discarded_at.is_(None), earlier)


def is_first_intake(intake: Intake) -> bool:
    """Whether no other (not discarded) intake of the client comes before this one."""
    return db.session.scalar(select(Intake.id).where(_before(intake)).limit(1)) is None


def intake_before(intake: Intake) -> Intake | None:
    """The intake just before ``intake`` (not discarded), or None for the first: a
    re-assessment's form outlines its regions. Covered by the page's own view event."""
    latest_first = select(Intake).where(_before(intake)).order_by(
        Intake.assessed_on.is_not(None), Intake.assessed_on.desc(), Intake.id.desc())
    return db.session.scalar(latest_first.limit(1))


@overview_section("intakes", "Intakes", "intakes/_overview_section.html", order=10,
                  kept=True)
def intakes_section(client: Client) -> dict:
    """Always shown (it holds "First intake"): the latest scores and the history.

    Scores and the condition profile come from signed intakes only; drafts are
    listed as drafts, discarded ones apart. One query whatever the history; covered by the
    overview's own ``client.view``.
    """
    everything = list(db.session.scalars(_in_record_order(
        select(Intake).where(Intake.client_id == client.id)
        .options(joinedload(Intake.condition_type)))))
    intakes = [intake for intake in everything if not intake.is_discarded]
    signed = [intake for intake in intakes if intake.is_signed]
    return {"intakes": intakes, "latest": signed[-1] if signed else None,
            "discarded": [intake for intake in everything if intake.is_discarded]}

