"""Every page, as each role that may open it, with hostile query strings: never a 5xx.

Out-of-range page numbers and dates, garbage in every filter, and oversize text are what a
mistyped bookmark, an old link or a probing visitor sends. The answer is the nearest valid
page or a clear message, never a server error.
"""
import pytest
from sqlalchemy import select

from practice.appointments.models import Appointment
from practice.auth.models import Role, User
from practice.clients.models import Client
from practice.core.extensions import db
from practice.core.settings import PracticeSettings
from practice.demo import seed_demo
from practice.exercises.models import Assignment
from practice.intakes.models import ConditionType, Intake
from practice.plans.models import PlanTemplate, SessionPlan
from practice.snippets.models import NoteSnippet
from practice.treatments.models import TreatmentSession
from tests.conftest import AuthActions

DEMO_PASSWORD = "demo-password-1"
HOSTILE_QUERIES = [
    {"page": "100000000000000000000", "date_from": "0001-01-01", "date_to": "9999-12-31",
     "until": "0001-01-01", "since": "9999-12-31", "weeks": "100000000000000000000",
     "day": "9999-12-31", "client_id": "99999999999999999999", "actor_id": "-1",
     "plan_id": "99999999999999999999", "session_id": "abc", "status": "<script>",
     "sort": "../../etc/passwd", "focus": "nonsense", "role": "root", "format": "exe",
     "q": "%_\\" * 3000},
    {"page": "-3", "date_from": "2026-02-30", "date_to": "yesterday", "until": "9999-12-31",
     "weeks": "-8", "day": "0000-00-00", "q": "\x00", "per_page": "0", "next": "//evil.example"},
]


def _first(statement):
    return db.session.scalars(statement.limit(1)).first()


def _ids_for(user: User) -> dict:
    """One record of each kind that ``user`` may open."""
    client = _first(select(Client).where(Client.practitioner_id == user.id).order_by(Client.id))
    if client is None:
        return {}
    intake = _first(select(Intake).where(Intake.client_id == client.id))
    session = _first(select(TreatmentSession).where(TreatmentSession.client_id == client.id))
    plan = _first(select(SessionPlan).where(SessionPlan.client_id == client.id))
    assignment = _first(select(Assignment).where(Assignment.client_id == client.id))
    appointment = _first(select(Appointment).where(Appointment.client_id == client.id))
    return {"client_id": client.id, "intake_id": intake.id, "session_id": session.id,
            "plan_id": plan.id, "assignment_id": assignment.id, "appointment_id": appointment.id,
            "exercise_id": assignment.exercise_id,
            "template_id": _first(select(PlanTemplate).order_by(PlanTemplate.id)).id,
            "snippet_id": _first(select(NoteSnippet).where(NoteSnippet.practitioner_id == user.id)
                                 .order_by(NoteSnippet.id)).id}


def _client_ids(user: User) -> dict:
    """The client's own appointment (the portal's pages of one)."""
    appointment = _first(select(Appointment).join(Client, Client.id == Appointment.client_id)
                         .where(Client.portal_user_id == user.id).order_by(Appointment.id))
    return {"appointment_id": appointment.id}


def _admin_ids() -> dict:
    return {"user_id": _first(select(User).order_by(User.id)).id,
            "type_id": _first(select(ConditionType).order_by(ConditionType.id)).id}


def _get_routes(app, role: Role):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static"):
            continue
        allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        if allowed is not None and role not in allowed:
            continue
        yield rule


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CLIENT, Role.ADMIN])
def test_no_page_answers_hostile_query_strings_with_a_server_error(app, client, db, role,
                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a 500 page, as served
    seed_demo(DEMO_PASSWORD)  # with stored practice settings, as a real practice has
    db.session.commit()
    assert db.session.get(PracticeSettings, 1) is not None
    user = _first(select(User).where(User.role == role).order_by(User.id))
    AuthActions(client).login(user.email, DEMO_PASSWORD)
    values = {**(_ids_for(user) if role is Role.PRACTITIONER else {}),
              **(_admin_ids() if role is Role.ADMIN else {}),
              **(_client_ids(user) if role is Role.CLIENT else {}), "token": "not-a-token",
              "kept_id": "not-kept"}
    failures = []
    for rule in _get_routes(app, role):
        path = rule.build(values, append_unknown=False)[1]
        for query in HOSTILE_QUERIES:
            response = client.get(path, query_string=query)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {rule.rule}")
    assert not failures, "\n".join(failures)
