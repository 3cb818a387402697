"""Loading what the outcomes are worked out from, in a fixed number of queries however large
the practice: the plans that ran in the period, the sessions given under them, the clients'
signed intakes, and their home-exercise prescriptions and logs."""
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select, true

from practice.auth.models import Role
from practice.clients.models import Client
from practice.core import audit
from practice.core.clock import end_of_local_day, local_today, start_of_local_day
from practice.core.extensions import db
from practice.exercises.adherence import logs_per_day, window_adherence
from practice.exercises.models import Assignment
from practice.intakes.models import Intake
from practice.outcomes.figures import (
    MEASURES,
    NO_TEMPLATE,
    NOT_RECORDED,
    ClientCourse,
    FollowedPlan,
    Grouping,
    GroupOutcome,
    group_outcomes,
)
from practice.outcomes.forms import Period
from practice.plans.models import PlanTemplate, SessionPlan
from practice.progress.baseline import intake_changes, signed_in_order
from practice.treatments.models import TreatmentSession


@dataclass(frozen=True)
class OutcomesReport:
    period: Period
    grouping: Grouping
    whole_practice: bool
    rows: list[GroupOutcome]
    #: Clients who followed any plan in the period.
    clients: int


def _in_scope(user):
    """A practitioner's own clients; an admin's whole practice."""
    return true() if user.role is Role.ADMIN else Client.practitioner_id == user.id


def _template_label(name: str | None, owner_id: int | None) -> str:
    if name is None:
        return NO_TEMPLATE
    return name if owner_id is None else f"{name} (personal template)"


def _plans_in(user, period: Period):
    return (select(SessionPlan.id, SessionPlan.client_id, SessionPlan.template_id,
                   PlanTemplate.name, PlanTemplate.practitioner_id)
            .join(Client, Client.id == SessionPlan.client_id)
            .outerjoin(PlanTemplate, PlanTemplate.id == SessionPlan.template_id)
            .where(_in_scope(user), SessionPlan.start_date <= period.last,
                   or_(SessionPlan.end_date.is_(None), SessionPlan.end_date >= period.first)))


def followed_plans(user, period: Period) -> list[FollowedPlan]:
    """The plans that ran in the period (two queries): whose, which template, sessions given."""
    plans = db.session.execute(_plans_in(user, period).order_by(SessionPlan.id)).all()
    plan_ids = _plans_in(user, period).with_only_columns(SessionPlan.id).scalar_subquery()
    given = dict(db.session.execute(
        select(TreatmentSession.plan_id, func.count(TreatmentSession.id))
        .where(TreatmentSession.plan_id.in_(plan_ids), TreatmentSession.signed_at.is_not(None),
               TreatmentSession.discarded_at.is_(None),
               TreatmentSession.started_at >= start_of_local_day(period.first),
               TreatmentSession.started_at <= end_of_local_day(period.last))
        .group_by(TreatmentSession.plan_id)).all())
    return [FollowedPlan(client_id, template_id, _template_label(name, owner_id),
                         given.get(plan_id, 0))
            for plan_id, client_id, template_id, name, owner_id in plans]


def client_courses(client_ids: list[int], period: Period) -> dict[int, ClientCourse]:
    """Each client's condition type and course change by the period's end, and adherence in
    it (three queries)."""
    intakes = defaultdict(list)
    for intake in db.session.scalars(
            select(Intake).where(Intake.client_id.in_(client_ids), Intake.signed_at.is_not(None),
                                 Intake.assessed_on <= period.last)):
        intakes[intake.client_id].append(intake)
    end = min(period.last, local_today())
    days = (end - period.first).days + 1
    done, due = defaultdict(int), defaultdict(int)
    if days > 0:
        logs = logs_per_day(client_ids, period.first, end)
        for assignment in db.session.scalars(select(Assignment).where(
                Assignment.client_id.in_(client_ids), Assignment.starts_on <= end,
                or_(Assignment.ends_on.is_(None), Assignment.ends_on >= period.first),
                or_(Assignment.stopped_on.is_(None), Assignment.stopped_on > period.first))):
            if assignment.cancelled_before_start:
                continue
            window = window_adherence(
                assignment, logs.get(assignment.client_id, {}).get(assignment.id, {}), end, days)
            done[assignment.client_id] += window.done
            due[assignment.client_id] += window.prescribed
    courses = {}
    for client_id in client_ids:
        signed = signed_in_order(intakes[client_id])
        changes = {}
        if len(signed) >= 2:
            wanted = {key for key, _label in MEASURES}
            changes = {change.key: change for change in intake_changes(signed[0], signed[-1])
                       if change.key in wanted}
        condition = (signed[-1].condition_label if signed else None) or NOT_RECORDED
        courses[client_id] = ClientCourse(client_id, condition, changes, done[client_id],
                                          due[client_id])
    return courses


def outcomes_report(user, period: Period, grouping: Grouping) -> OutcomesReport:
    """The outcomes the user may see (their clients, or all for an admin): seven queries
    however many clients, plans, sessions and logs. The visit is audited (``outcomes.view``)."""
    plans = followed_plans(user, period)
    client_ids = sorted({plan.client_id for plan in plans})
    courses = client_courses(client_ids, period)
    report = OutcomesReport(period, grouping, user.role is Role.ADMIN,
                            group_outcomes(plans, courses, grouping), len(client_ids))
    audit.record_view("outcomes.view", client_id=None, detail=describe(report))
    return report


def describe(report: OutcomesReport) -> dict:
    """What an audit event says about a report: aggregate figures only, never a client."""
    return {"from": report.period.first, "to": report.period.last,
            "group_by": report.grouping.value, "whole_practice": report.whole_practice,
            "clients": report.clients, "rows": len(report.rows)}
