"""Outcomes by protocol: per plan template and condition type over a period, the clients who
followed it, sessions given, median course changes and adherence with n beside each, a chart,
a streamed and audited CSV; a practitioner's own clients, an admin's whole practice."""
import csv
import io
from datetime import timedelta

import pytest

from practice.clients.models import Client
from practice.core.audit import AuditEvent
from practice.core.clock import local_today, start_of_local_day
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, ExerciseLog
from practice.intakes.models import Intake
from practice.outcomes.figures import (
    NO_TEMPLATE,
    NOT_RECORDED,
    ClientCourse,
    FollowedPlan,
    Grouping,
    group_outcomes,
    median_of,
)
from practice.plans.models import PlanStatus, SessionPlan
from practice.progress.baseline import CourseChange
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.clients import INTAKE_DEFAULTS, condition_type, make_intake
from tests.factories.exercises import make_assignment, make_log, starter_exercise
from tests.factories.plans import make_plan, make_session, starter_template
from tests.html import parse, text_of

LYMPH = "Lymph flow - neck and shoulders"
SLEEP = "Sleep and nervous system settling"
TYPE_1 = "Type 1 - Immune hypersensitivity"


@pytest.fixture
def today(app):
    return local_today()


def _course(client, template, *, pains, plan_start=60, sessions=0, condition=TYPE_1, **plan):
    """A client's plan from ``template``, intakes with ``pains`` (first to latest), sessions."""
    for index, pain in enumerate(pains):
        make_intake(client, signed=True, days_ago=90 - 40 * index, pain_overall=pain,
                    pain_neck_shoulders=pain, condition_type_id=condition_type(condition).id)
    course_plan = make_plan(client, template=template, name=template.name,
                            start_date=local_today() - timedelta(days=plan_start), **plan)
    for number in range(sessions):
        make_session(client, plan=course_plan, signed=True,
                     started_at=now_utc() - timedelta(days=number * 7 + 1))
    return course_plan


@pytest.fixture
def practice(practitioner, other_practitioner, today):
    lymph, sleep = starter_template(LYMPH), starter_template(SLEEP)
    anna = make_client(practitioner, given_name="Anna")
    plan = _course(anna, lymph, pains=(8, 4), sessions=3)
    make_session(anna, plan=plan, signed=False)  # a draft: not given yet
    make_session(anna, plan=plan, signed=True,
                 started_at=start_of_local_day(today - timedelta(days=400)))  # before the period
    ben = make_client(practitioner, given_name="Ben")
    _course(ben, lymph, pains=(6, 5), sessions=1)
    breathing = make_assignment(ben, starts_on=today - timedelta(days=9))
    for days_ago in range(0, 10, 2):  # 5 of the 10 days
        make_log(breathing, today - timedelta(days=days_ago))
    cara = make_client(practitioner, given_name="Cara")
    _course(cara, sleep, pains=(7,), sessions=2, condition="Not typed")
    ended = make_client(practitioner, given_name="Eve")  # her plan ended before the period
    _course(ended, lymph, pains=(9, 1), plan_start=800, status=PlanStatus.COMPLETED,
            end_date=today - timedelta(days=500))
    dora = make_client(other_practitioner, given_name="Dora")
    _course(dora, lymph, pains=(9, 2), sessions=4)
    return {"anna": anna, "ben": ben, "cara": cara, "dora": dora}


def _rows(response):
    html = parse(response)
    return {row.select_one("th").get_text(strip=True):
            [" ".join(cell.get_text(" ").split()) for cell in row.select("td")]
            for row in html.select("table.outcomes-table tbody tr")}


def test_a_practitioner_sees_each_template_with_its_figures(client, auth, practitioner, practice):
    auth.login_as(practitioner)
    response = client.get("/outcomes/")
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows) == [LYMPH, SLEEP]
    clients, sessions, pain, neck, wpi, sss, improved, adherence = rows[LYMPH]
    assert (clients, sessions) == ("2", "4")  # Anna's 3 and Ben's 1: no draft, nothing older
    assert pain == "-2.5 (n=2)"  # the median of -4 and -1
    assert neck == "-2.5 (n=2)"
    assert (wpi, sss) == ("0 (n=2)", "0 (n=2)")  # the same regions and symptoms
    assert improved == "50% (1 of 2)"  # Anna 8 -> 4; Ben 6 -> 5 is not important
    assert adherence == "50% (n=1)"  # Ben did 5 of 10 doses; Anna had nothing prescribed
    clients, sessions, pain, *_rest, improved, adherence = rows[SLEEP]
    assert (clients, sessions, pain) == ("1", "2", "– (n=0)")  # one signed intake: no change yet
    assert improved == "– (n=0)"
    assert "Dora" not in text_of(response)
    caveat = parse(response).select_one(".outcomes-caveat").get_text(" ")
    assert "no comparison group" in caveat
    [chart] = parse(response).select("svg.chart-svg[role=img]")
    assert len(chart.select("rect.outcome-bar")) == 1  # the sleep group has no change to draw
    assert "(n=2)" in chart.select_one("desc").get_text()
    [event] = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "outcomes.view")).all()
    assert event.client_id is None
    assert event.detail_dict["clients"] == 3
    assert event.detail_dict["whole_practice"] is False


def test_an_admin_sees_the_whole_practice(client, auth, admin_user, practice):
    auth.login_as(admin_user)
    rows = _rows(client.get("/outcomes/"))
    clients, sessions, pain, *_rest = rows[LYMPH]
    assert (clients, sessions, pain) == ("3", "8", "-4.0 (n=3)")  # Dora's -7 too


def test_grouped_by_condition_type_and_by_both(client, auth, practitioner, practice):
    auth.login_as(practitioner)
    rows = _rows(client.get("/outcomes/?group=condition"))
    assert list(rows) == ["Not typed", TYPE_1]
    assert rows[TYPE_1][:3] == ["2", "4", "-2.5 (n=2)"]
    html = parse(client.get("/outcomes/?group=both"))
    labels = [[cell.get_text(strip=True) for cell in row.select("th, td")][:2]
              for row in html.select("table.outcomes-table tbody tr")]
    assert labels == [[LYMPH, TYPE_1], [SLEEP, "Not typed"]]


def test_the_period_chooses_the_plans_and_sessions(client, auth, practitioner, practice, today):
    auth.login_as(practitioner)
    rows = _rows(client.get(f"/outcomes/?date_from={(today - timedelta(days=900)).isoformat()}"
                            f"&date_to={today.isoformat()}"))
    assert rows[LYMPH][:2] == ["3", "5"]  # Eve's course and Anna's older session come in
    response = client.get(f"/outcomes/?date_from={(today - timedelta(days=3)).isoformat()}"
                          f"&date_to={(today - timedelta(days=2)).isoformat()}")
    assert _rows(response)[LYMPH][:2] == ["2", "0"]  # running, but no session in those days


def test_the_csv_download_is_streamed_and_audited(client, auth, practitioner, practice, today):
    auth.login_as(practitioner)
    first = (today - timedelta(days=364)).isoformat()
    response = client.post("/outcomes/export", data={"date_from": first,
                                                     "date_to": today.isoformat(),
                                                     "group": "template"})
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, lymph = rows[0], dict(zip(rows[0], rows[1], strict=False))
    assert header[:6] == ["template", "condition_type", "period_from", "period_to", "clients",
                          "sessions"]
    assert (lymph["template"], lymph["clients"], lymph["sessions"]) == (LYMPH, "2", "4")
    assert (lymph["median_change_pain_overall"], lymph["n_pain_overall"]) == ("-2.5", "2")
    assert (lymph["important_improvement_percent"], lymph["n_important_improvement"]) == ("50", "2")
    assert (lymph["median_adherence_percent"], lymph["n_adherence"]) == ("50.0", "1")
    assert rows[-1][0].startswith("Note: Observational")
    [event] = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "outcomes.export")).all()
    assert event.detail_dict["from"] == first
    assert event.detail_dict["format"] == "csv"


def test_a_template_named_like_a_formula_stays_text_in_the_csv(client, auth, practitioner, today):
    from tests.factories.plans import make_template

    risky = make_template(practitioner, name="=HYPERLINK(\"x\")")
    _course(make_client(practitioner), risky, pains=(5, 3))
    auth.login_as(practitioner)
    body = client.post("/outcomes/export", data={"group": "template"}).get_data(as_text=True)
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize(("query", "message"), [
    ("date_from=2026-05-01&date_to=2026-04-01", "The end is before the start."),
    ("date_from=abc", "Not a valid date value."),
    ("date_from=0001-01-01", "Choose a day from 01 January 1900 to today."),
    ("date_to=9999-12-31", "Choose a day from 01 January 1900 to today."),
    ("group=everything", "Not a valid choice."),
])
def test_impossible_choices_are_explained(client, auth, practitioner, query, message):
    auth.login_as(practitioner)
    response = client.get(f"/outcomes/?{query}")
    assert response.status_code == 200
    assert message in text_of(response)
    assert parse(response).select("table.outcomes-table") == []
    assert client.post("/outcomes/export", data=dict(
        pair.split("=") for pair in query.split("&"))).status_code == 400


def test_no_plans_in_the_period_says_so(client, auth, practitioner):
    auth.login_as(practitioner)
    assert "No client followed a plan between" in text_of(client.get("/outcomes/"))


def test_a_plan_without_a_template_and_a_client_without_a_condition_come_last():
    change = CourseChange("pain_overall", "Pain overall", 6, 3, 10, is_rating=True)
    courses = {1: ClientCourse(1, NOT_RECORDED, {"pain_overall": change}),
               2: ClientCourse(2, "Type 2", {}), 3: ClientCourse(3, "Type 2", {})}
    plans = [FollowedPlan(1, None, NO_TEMPLATE, 2), FollowedPlan(2, 7, "Zen walk", 1),
             FollowedPlan(3, 5, "Anchor", 0), FollowedPlan(3, 7, "Zen walk", 4)]
    rows = group_outcomes(plans, courses, Grouping.TEMPLATE)
    assert [(row.template, row.clients, row.sessions) for row in rows] == [
        ("Anchor", 1, 0), ("Zen walk", 2, 5), (NO_TEMPLATE, 1, 2)]
    rows = group_outcomes(plans, courses, Grouping.CONDITION)
    assert [(row.condition, row.clients) for row in rows] == [("Type 2", 2), (NOT_RECORDED, 1)]
    assert rows[1].changes["pain_overall"].value == -3
    assert rows[1].improved.percent == 100
    assert median_of([None, 1, 3, None]).n == 2


def _bulk_clients(practitioner, template, count: int, logs_each: int, today):
    """``count`` clients following ``template``, each with two signed intakes, a signed
    session, a prescription and ``logs_each`` logs, added in bulk (one commit)."""
    type_id, breathing = condition_type(TYPE_1).id, starter_exercise("Belly breathing")
    for number in range(count):
        someone = Client(practitioner=practitioner, given_name="Bulk", family_name=f"N{number}")
        plan = SessionPlan(client=someone, template=template, created_by_id=practitioner.id,
                           name=template.name, start_date=today - timedelta(days=60))
        db.session.add_all([someone, plan])
        for days, pain in ((90, 7), (20, 4)):
            intake = Intake(client=someone, author=practitioner, systems_review={},
                            assessed_on=today - timedelta(days=days),
                            condition_type_id=type_id,
                            **{**INTAKE_DEFAULTS, "pain_overall": pain})
            intake.signed_at, intake.signed_by_id = now_utc(), practitioner.id
            intake.condition_type_name = TYPE_1
            db.session.add(intake)
        session = TreatmentSession(client=someone, practitioner_id=practitioner.id, plan=plan,
                                   started_at=now_utc() - timedelta(days=2), steps=[])
        session.signed_at, session.signed_by_id = now_utc(), practitioner.id
        assignment = Assignment(client=someone, exercise=breathing,
                                prescribed_by=practitioner, amount=5, unit=DoseUnit.MINUTES,
                                times=1, period=DosePeriod.DAY,
                                starts_on=today - timedelta(days=logs_each + 5))
        db.session.add_all([session, assignment])
        db.session.flush()
        db.session.add_all(ExerciseLog(assignment_id=assignment.id, client_id=someone.id,
                                       logged_on=today - timedelta(days=day), slot=1,
                                       form_token=f"bulk-{someone.id}-{day}")
                           for day in range(logs_each))
    db.session.commit()


def test_the_page_takes_a_fixed_number_of_queries_at_10_and_1000_records(
        client, auth, practitioner, today, count_queries):
    lymph = starter_template(LYMPH)
    _bulk_clients(practitioner, lymph, 10, 1, today)  # 10 clients, 10 logs
    auth.login_as(practitioner)
    client.get("/outcomes/")
    with count_queries() as few:
        client.get("/outcomes/?group=both")
    _bulk_clients(practitioner, lymph, 90, 11, today)  # 100 clients, 1,000 logs
    with count_queries() as many:
        response = client.get("/outcomes/?group=both")
    assert _rows(response)[LYMPH][:3] == [TYPE_1, "100", "100"]
    assert len(few) == len(many)
