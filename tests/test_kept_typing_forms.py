"""Every form with free text keeps what was typed when the sign-in ends before Save.

Each form is filled in as its page offers it, one text field typed into, then the sign-in
ends (signed out elsewhere) and the browser's cookies are cleared. Its Save leads through
sign-in to the kept text, and *Save it now* stores it where the form would have.
"""
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from practice.clients.models import Client
from practice.core.extensions import db
from practice.core.kept_forms import KeptForm
from practice.core.settings import PracticeSettings
from practice.exercises.models import Assignment, Exercise
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.plans.models import PlanTemplate, SessionPlan
from practice.progress.models import CheckIn
from practice.treatments.models import SessionAddendum, TreatmentSession
from tests.conftest import TEST_PASSWORD
from tests.factories.accounts import make_client
from tests.factories.clients import make_intake
from tests.factories.exercises import make_exercise, starter_exercise
from tests.factories.plans import make_session, make_template
from tests.html import form_fields, parse, text_of
from tests.test_two_factor import _enable_with_codes, _next_code

NOTE = "Typed just before the sign-in ended: tender left collarbone."


@dataclass(frozen=True)
class Case:
    #: The page with the form, from the records made for the test.
    page: object
    #: The text field typed into.
    field: str
    #: The column the saved text lands in.
    column: object
    role: str = "practitioner"
    #: The other answers a new record needs, typed too.
    also: tuple = ()


#: A plan's or template's one step.
STEP = (("steps-0-technique", "Belly breathing"), ("steps-0-minutes", "5"))

CASES = {
    "record a session": Case(lambda r: f"/sessions/clients/{r['client'].id}/new", "assessment",
                             TreatmentSession.assessment),
    "session draft": Case(lambda r: f"/sessions/{r['draft_session'].id}/edit", "subjective",
                          TreatmentSession.subjective),
    "session addendum": Case(lambda r: f"/sessions/{r['signed_session'].id}", "body",
                             SessionAddendum.body),
    "new intake": Case(lambda r: f"/clients/{r['client'].id}/intakes/new", "chief_complaint",
                       Intake.chief_complaint),
    "intake draft": Case(lambda r: f"/clients/{r['client'].id}/intakes/{r['draft_intake'].id}/edit",
                         "notes", Intake.notes),
    "intake addendum": Case(
        lambda r: f"/clients/{r['client'].id}/intakes/{r['signed_intake'].id}", "body",
        IntakeAddendum.body),
    "new client": Case(lambda r: "/clients/new", "notes", Client.notes,
                       also=(("given_name", "Rosa"), ("family_name", "Martinez"))),
    "client record": Case(lambda r: f"/clients/{r['client'].id}/edit", "address",
                          Client.address),
    "new template": Case(lambda r: "/plans/templates/new", "goals", PlanTemplate.goals,
                         also=(("name", "Evening routine"), ("focus_systems", "lymphatic"),
                               *STEP)),
    "template": Case(lambda r: f"/plans/templates/{r['template'].id}/edit", "description",
                     PlanTemplate.description),
    "new plan": Case(lambda r: f"/plans/clients/{r['client'].id}/new", "goals", SessionPlan.goals,
                     also=(("name", "Neck course"), ("focus_systems", "lymphatic"),
                           ("sessions_per_week", "1"), ("weeks", "4"), *STEP)),
    "new exercise": Case(lambda r: "/exercises/new", "instructions", Exercise.instructions,
                         also=(("name", "Evening shaking"), ("focus_systems", "lymphatic"))),
    "exercise": Case(lambda r: f"/exercises/{r['exercise'].id}/edit", "precautions",
                     Exercise.precautions),
    "assignment": Case(lambda r: f"/exercises/assign/{r['client'].id}"
                                 f"?exercise_id={starter_exercise('Belly breathing').id}",
                       "items-0-notes", Assignment.notes),  # the exercise opened, ticked
    "check-in": Case(lambda r: f"/progress/client/{r['client'].id}/check-in", "note",
                     CheckIn.note),
    "settings": Case(lambda r: "/admin/settings", "address", PracticeSettings.address,
                     role="admin"),
    "condition type": Case(lambda r: "/admin/settings", "description", ConditionType.description,
                           role="admin", also=(("name", "Post-viral fatigue"),)),
}


@pytest.fixture
def records(practitioner):
    client = make_client(practitioner, given_name="Hannah", family_name="Price")
    return {
        "client": client,
        "draft_session": make_session(client),
        "signed_session": make_session(client, signed=True),
        "draft_intake": make_intake(client),
        "signed_intake": make_intake(client, signed=True, days_ago=40),
        "template": make_template(practitioner),
        "exercise": make_exercise(practitioner, name="Evening shaking"),
    }


def _typed_form(client, url: str, case: Case):
    """The form holding the case's field on the page at ``url``, as the browser would send it
    with NOTE (and the case's other answers) typed in, where it is sent, and whose typing it
    is (app.js adds that on submit)."""
    page = parse(client.get(url))
    form = page.find(attrs={"name": case.field}).find_parent("form")
    typed = dict(case.also) | {case.field: NOTE}
    data = MultiDict([(name, value) for name, value in form_fields(form) if name not in typed])
    for name, value in typed.items():
        data.add(name, value)
    data.add("form_owner", page.select_one('meta[name="form-owner"]')["content"])
    return form.get("action") or url, data


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_typed_text_survives_the_end_of_the_sign_in(client, auth, practitioner, admin_user,
                                                    records, case):
    person = admin_user if case.role == "admin" else practitioner
    auth.login_as(person)
    action, data = _typed_form(client, case.page(records), case)
    auth.logout()  # signed out in another tab, or the sign-in's time ran out
    client.delete_cookie("qi_typist")  # and the browser's cookies cleared

    response = client.post(action, data=data)
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=/auth/kept/")
    assert db.session.scalar(select(func.count()).where(case.column == NOTE)) == 0

    auth.login_as(person)
    kept_page = client.get(response.location.split("next=")[1])
    assert NOTE in text_of(kept_page)
    resend = parse(kept_page).find("button", string="Save it now").find_parent("form")
    saved = client.post(resend["action"], data=MultiDict(form_fields(resend)))
    assert saved.status_code == 302, text_of(saved)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(case.column == NOTE)) == 1
    assert db.session.scalar(select(func.count(KeptForm.id))) == 0  # gone once saved


def test_the_kept_text_waits_through_the_second_factor(client, auth, practitioner, records):
    """With two-factor sign-in, the code comes between the password and the kept text."""
    secret, recovery_codes = _enable_with_codes(client, auth, practitioner)
    auth.login(practitioner.email)
    assert client.post("/auth/two-factor/code",
                       data={"code": _next_code(secret)}).status_code == 302
    case = CASES["session draft"]
    action, data = _typed_form(client, case.page(records), case)
    auth.logout()
    sign_in = client.post(action, data=data).location
    kept_url = sign_in.split("next=")[1]
    asked = client.post(sign_in, data={"email": practitioner.email, "password": TEST_PASSWORD})
    assert asked.location == "/auth/two-factor/code"
    landing = client.post("/auth/two-factor/code", data={"code": recovery_codes[0]})
    assert landing.location == kept_url
    assert NOTE in text_of(client.get(landing.location))
