"""An archived client's record is read-only: every change path of sessions and plans refuses,
says why, and stores nothing.

Each change is sent the way a person sends it: from the page it is on (a Referer, so the
reason is flashed there), straight to the URL (the error page with the reason), or by the
autosave script (JSON with the reason). The list is checked against the URL map, so a new
change route cannot be left out.
"""
import re

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.plans.models import PlanStatus, SessionPlan
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session, make_template
from tests.html import text_of
from tests.test_plans_client_plans import plan_form
from tests.test_treatments import session_form

ARCHIVED = "record is archived"

#: Every change route under a client, with what a person would send: (path, data, answer).
CHANGES = [
    ("/sessions/clients/{client}/new", session_form(), "page"),
    ("/sessions/clients/{client}/new", session_form(sign="1"), "page"),
    ("/sessions/clients/{client}/autosave", session_form(form_key="k-1"), "json"),
    ("/sessions/{draft}/edit", session_form(version="1", assessment="Changed"), "page"),
    ("/sessions/{draft}/edit", session_form(version="1", sign="1"), "page"),
    ("/sessions/{draft}/autosave", session_form(version="1", assessment="Changed"), "json"),
    ("/sessions/{draft}/sign", {"version": "1"}, "page"),
    ("/sessions/{draft}/discard", {"version": "1"}, "page"),
    ("/sessions/{signed}/addenda", {"body": "Late note.", "form_key": "k-2"}, "page"),
    ("/plans/clients/{client}/new", plan_form(focus_systems=["endocrine"]), "page"),
    ("/plans/{plan}/edit", plan_form(name="Changed"), "page"),
    ("/plans/{plan}/status/paused", {}, "page"),
    ("/plans/{plan}/status/completed", {}, "page"),
    ("/plans/{paused}/status/active", {}, "page"),
]


@pytest.fixture
def archived(practitioner):
    """An archived client with a draft, a signed session, an active and a paused plan."""
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    records = {"client": hannah, "plan": make_plan(hannah),
               "paused": make_plan(hannah, name="Endocrine", focus=("endocrine",),
                                   status=PlanStatus.PAUSED)}
    records["draft"] = make_session(hannah, plan=records["plan"], assessment="As it was.")
    records["signed"] = make_session(hannah, signed=True)
    hannah.archived_at = now_utc()
    db.session.commit()
    return records


def snapshot(client_id: int) -> tuple:
    db.session.expire_all()
    sessions = db.session.execute(select(TreatmentSession.id, TreatmentSession.version,
                                         TreatmentSession.signed_at, TreatmentSession.discarded_at,
                                         TreatmentSession.assessment)
                                  .where(TreatmentSession.client_id == client_id)
                                  .order_by(TreatmentSession.id)).all()
    plans = db.session.execute(select(SessionPlan.id, SessionPlan.name, SessionPlan.status,
                                      SessionPlan.updated_at)
                               .where(SessionPlan.client_id == client_id)
                               .order_by(SessionPlan.id)).all()
    addenda = db.session.scalar(select(func.count(SessionAddendum.id)))
    return sessions, plans, addenda


def change_events() -> list[str]:
    return db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("session.%") | AuditEvent.action.like("plan.%"),
        AuditEvent.action.not_in(("session.view", "session.list", "plan.view",
                                  "plan.list")))).all()


def _path(template: str, records: dict) -> str:
    return template.format(**{name: record.id for name, record in records.items()})


@pytest.mark.parametrize(("path", "data", "answer"), CHANGES,
                         ids=[f"{path} {sorted(data)[-1:] if data else ''}" for path, data, _ in CHANGES])
@pytest.mark.parametrize("from_page", [True, False], ids=["from its page", "straight"])
def test_every_change_to_an_archived_clients_record_is_refused_with_the_reason(
        client, auth, practitioner, archived, path, data, answer, from_page):
    data = dict(data)
    if path.startswith("/plans/{plan}/edit"):
        data["version"] = archived["plan"].updated_at.isoformat()
    before = snapshot(archived["client"].id)
    events_before = change_events()
    auth.login_as(practitioner)
    overview = f"http://localhost/clients/{archived['client'].id}"
    headers = {"Referer": overview} if from_page else {}
    response = client.post(_path(path, archived), data=data, headers=headers)
    if answer == "json":
        assert response.status_code == 409
        assert ARCHIVED in response.get_json()["message"]
    elif response.status_code == 302:
        assert response.headers["Location"] == f"/clients/{archived['client'].id}"
        assert ARCHIVED in text_of(client.get(response.headers["Location"]))
    else:
        assert response.status_code == 409
        assert ARCHIVED in text_of(response)
    assert snapshot(archived["client"].id) == before
    assert change_events() == events_before


def _shape(path: str) -> str:
    """A path with its record numbers and status left out, to compare with the URL map."""
    path = re.sub(r"\{\w+\}|<int:\w+>", "{}", path)
    return re.sub(r"/status/[^/]+$", "/status/<status>", path)


def test_the_list_covers_every_change_route_under_a_client(app):
    routes = {_shape(rule.rule) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith(("treatments.", "plans.")) and "POST" in rule.methods
              and {"client_id", "session_id", "plan_id"} & set(rule.arguments)}
    covered = {_shape(path) for path, _data, _answer in CHANGES}
    assert routes <= covered, routes - covered


@pytest.mark.parametrize("path", ["/sessions/clients/{client}/new", "/sessions/{draft}/edit",
                                  "/plans/clients/{client}/new", "/plans/{plan}/edit"])
def test_no_form_is_offered_for_an_archived_clients_record(client, auth, practitioner, archived,
                                                           path):
    auth.login_as(practitioner)
    response = client.get(_path(path, archived))
    assert response.status_code == 409
    assert ARCHIVED in text_of(response)
    assert "<form method=\"post\" novalidate" not in response.get_data(as_text=True)


def test_a_template_cannot_start_a_plan_for_an_archived_client(client, auth, practitioner,
                                                               archived):
    template = make_template(practitioner)
    auth.login_as(practitioner)
    page = client.get(f"/plans/templates/{template.id}")
    assert "Hannah Price" not in text_of(page)  # not offered
    response = client.get(f"/plans/templates/{template.id}/start?client_id={archived['client'].id}",
                          follow_redirects=True)
    assert response.status_code == 409
    assert ARCHIVED in text_of(response)
