"""Loading what a printout shows, scoped to its owner, in a fixed number of queries.

These loaders do not record a view: the printout's own audit event (``operations``) is the
one event of the request.
"""
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from practice.clients.models import Client
from practice.core.access import one_or_404
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.models import Assignment
from practice.intakes.models import Intake, IntakeAddendum
from practice.plans.models import SessionPlan
from practice.precautions.queries import active_precautions
from practice.precautions.wording import client_caution, summary
from practice.progress.models import CheckIn
from practice.treatments.models import SessionAddendum, TreatmentSession


def precaution_lines(client: Client, *, for_client: bool = False) -> list[str]:
    """The precautions that apply now, as the banner says them (in plain words for the client)."""
    today = local_today()
    return [client_caution(item) if for_client else summary(item, today)
            for item in active_precautions(client.id)]


@dataclass
class Chart:
    client: Client
    precautions: list[str]
    intakes: list[Intake]
    sessions: list[TreatmentSession]
    plans: list[SessionPlan]
    assignments: list[Assignment]
    check_ins: list[CheckIn]


def own_client_or_404(client_id: int) -> Client:
    return one_or_404(select(Client).where(Client.id == client_id,
                                           Client.practitioner_id == current_user.id))


def portal_client_or_404() -> Client:
    return one_or_404(select(Client).where(Client.portal_user_id == current_user.id))


def own_intake_or_404(client: Client, intake_id: int) -> Intake:
    return one_or_404(select(Intake).where(Intake.id == intake_id, Intake.client_id == client.id,
                                           Intake.discarded_at.is_(None))
                      .options(selectinload(Intake.addenda).selectinload(IntakeAddendum.author)))


def own_session_or_404(session_id: int) -> TreatmentSession:
    return one_or_404(
        select(TreatmentSession).join(Client, Client.id == TreatmentSession.client_id)
        .where(TreatmentSession.id == session_id, TreatmentSession.discarded_at.is_(None),
               Client.practitioner_id == current_user.id)
        .options(selectinload(TreatmentSession.addenda).selectinload(SessionAddendum.author)))


def chart(client: Client, *, signed_only: bool = False) -> Chart:
    """Everything recorded about ``client``, oldest first; with ``signed_only`` (the client's
    own copy) only signed intakes and sessions, and the practitioner's plans left out."""
    intakes = select(Intake).where(Intake.client_id == client.id, Intake.discarded_at.is_(None))
    sessions = select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                              TreatmentSession.discarded_at.is_(None))
    if signed_only:
        intakes = intakes.where(Intake.signed_at.is_not(None))
        sessions = sessions.where(TreatmentSession.signed_at.is_not(None))
    plans = [] if signed_only else list(db.session.scalars(
        select(SessionPlan).where(SessionPlan.client_id == client.id)
        .options(selectinload(SessionPlan.steps), selectinload(SessionPlan.sessions))
        .order_by(SessionPlan.start_date, SessionPlan.id)))
    return Chart(
        client=client,
        precautions=precaution_lines(client, for_client=signed_only),
        intakes=list(db.session.scalars(intakes.options(
            selectinload(Intake.addenda).selectinload(IntakeAddendum.author),
            selectinload(Intake.signed_by), selectinload(Intake.condition_type))
            .order_by(Intake.assessed_on, Intake.id))),
        sessions=list(db.session.scalars(sessions.options(
            selectinload(TreatmentSession.addenda).selectinload(SessionAddendum.author),
            selectinload(TreatmentSession.signed_by), selectinload(TreatmentSession.plan),
            selectinload(TreatmentSession.practitioner))
            .order_by(TreatmentSession.started_at, TreatmentSession.id))),
        plans=plans,
        assignments=list(db.session.scalars(
            select(Assignment).where(Assignment.client_id == client.id)
            .options(selectinload(Assignment.exercise))
            .order_by(Assignment.starts_on, Assignment.id))),
        check_ins=list(db.session.scalars(
            select(CheckIn).where(CheckIn.client_id == client.id)
            .order_by(CheckIn.checked_on, CheckIn.id))),
    )
