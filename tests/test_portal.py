"""The client portal: today's exercises, "done" exactly once, the daily check-in, history."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from practice.auth.models import Role
from practice.core import kept_renderings
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.models import DosePeriod, ExerciseLog
from practice.portal.operations import DoneResult, record_done
from practice.portal.queries import week_start
from practice.progress.models import CheckIn
from tests.commits import count_commits
from tests.factories.accounts import make_portal_client, make_user
from tests.factories.exercises import make_assignment, make_check_in, make_log, starter_exercise
from tests.html import field_value, links, parse, text_of
from tests.test_exercises_assignments import steps_shown


@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def rosa(practitioner):
    client_record, user = make_portal_client(practitioner, given_name="Rosa")
    return client_record


@pytest.fixture
def signed_in(client, auth, rosa):
    auth.login_as(rosa.portal_user)
    return client


def _logs(assignment_id=None):
    db.session.expire_all()
    statement = db.select(ExerciseLog).order_by(ExerciseLog.id)
    if assignment_id:
        statement = statement.where(ExerciseLog.assignment_id == assignment_id)
    return db.session.scalars(statement).all()


def _token(page: str, assignment_id: int) -> str:
    token = field_value(page, f"a{assignment_id}-form_token")
    assert token, f"no done form for assignment {assignment_id}"
    return token


def _done(client, assignment_id, token, **fields):
    data = {f"a{assignment_id}-form_token": token}
    data.update({f"a{assignment_id}-{name}": value for name, value in fields.items()})
    return client.post(f"/portal/done/{assignment_id}", data=data, follow_redirects=True)


def test_today_shows_the_exercises_due_with_instructions_and_notes(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today - timedelta(days=2), times=2,
                                notes="Lying down is fine.")
    make_assignment(rosa, exercise=starter_exercise("Gentle walking"), starts_on=today,
                    period=DosePeriod.WEEK, times=3)
    make_assignment(rosa, exercise=starter_exercise("Kidney-area"), starts_on=today + timedelta(days=1))
    make_assignment(rosa, exercise=starter_exercise("Eight Brocades"), starts_on=today - timedelta(days=9),
                    stopped_on=today)
    make_assignment(rosa, exercise=starter_exercise("Whole-body"), starts_on=today - timedelta(days=9),
                    ends_on=today - timedelta(days=1))
    page = signed_in.get("/portal/").get_data(as_text=True)
    assert "Belly breathing" in page
    assert "5 minutes, twice a day" not in page  # the factory's dose is 10 repetitions
    assert "10 repetitions, twice a day" in page
    assert "0 of 2 done today" in page
    assert "Lying down is fine." in page
    assert any(step.startswith("Put one hand on your chest") for step in steps_shown(page))
    assert "never force the breath" in page
    assert "Gentle walking" in page
    assert "0 of 3 done this week" in page
    for not_today in ("Kidney-area", "Eight Brocades", "Whole-body"):
        assert not_today not in page
    assert _token(page, breathing.id)
    assert "Do today's check-in" in page
    assert "/auth/password" in links(page)  # their account


def test_done_is_recorded_once_however_often_the_form_comes_in(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=1))
    token = _token(signed_in.get("/portal/").get_data(as_text=True), assignment.id)
    first = _done(signed_in, assignment.id, token, effort="4", pain_after="3", note="Felt looser.")
    assert "is recorded" in first.get_data(as_text=True)
    again = _done(signed_in, assignment.id, token)
    assert "already recorded" in again.get_data(as_text=True)
    [log] = _logs()
    assert (log.logged_on, log.slot, log.effort, log.pain_after, log.note) == (today, 1, 4, 3,
                                                                              "Felt looser.")
    assert log.client_id == rosa.id
    page = signed_in.get("/portal/").get_data(as_text=True)
    assert "All done for today" in page
    assert field_value(page, f"a{assignment.id}-form_token") is None
    late = _done(signed_in, assignment.id, "a-fresh-token-from-another-tab")
    assert "already done for today" in late.get_data(as_text=True)
    assert len(_logs()) == 1
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "exercise_log.create")).all()
    assert len(events) == 1
    assert events[0].actor_id == rosa.portal_user_id
    assert events[0].client_id == rosa.id
    assert "looser" not in events[0].detail


def test_an_item_prescribed_three_times_a_day_is_logged_three_times(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today, times=3)
    for number in (1, 2, 3):
        page = signed_in.get("/portal/").get_data(as_text=True)
        assert f"Done ({number} of 3)" in page
        _done(signed_in, assignment.id, _token(page, assignment.id))
    assert [log.slot for log in _logs()] == [1, 2, 3]
    assert "3 of 3 done today" in signed_in.get("/portal/").get_data(as_text=True)
    _done(signed_in, assignment.id, "one-more-token-than-prescribed")
    assert len(_logs()) == 3


def test_a_weekly_item_is_logged_at_most_once_a_day(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=10), times=3,
                                 period=DosePeriod.WEEK)
    if today != week_start(today):
        make_log(assignment, today - timedelta(days=1))
    page = signed_in.get("/portal/").get_data(as_text=True)
    done_this_week = 0 if today == week_start(today) else 1
    assert f"{done_this_week} of 3 done this week" in page
    _done(signed_in, assignment.id, _token(page, assignment.id))
    _done(signed_in, assignment.id, "second-tap-with-a-new-form")
    assert len(_logs(assignment.id)) == done_this_week + 1


def test_bad_ratings_store_nothing(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today)
    token = _token(signed_in.get("/portal/").get_data(as_text=True), assignment.id)
    response = _done(signed_in, assignment.id, token, effort="11")
    assert "did not save" in response.get_data(as_text=True)
    response = _done(signed_in, assignment.id, "", effort="3")
    assert "did not save" in response.get_data(as_text=True)
    assert _logs() == []


def test_racing_taps_never_store_two_logs_in_one_slot(app, rosa, today):
    assignment = make_assignment(rosa, starts_on=today, times=2)
    make_log(assignment, today, slot=2)  # another request took slot 2 a moment ago
    with app.test_request_context():
        result, _log = record_done(rosa, assignment, today, form_token="racing-token-0001")
        db.session.commit()
    assert result is DoneResult.ALL_DONE
    assert [log.slot for log in _logs()] == [2]
    with pytest.raises(IntegrityError):
        make_log(assignment, today, slot=2)
    db.session.rollback()


def test_not_due_today_is_refused(signed_in, rosa, today):
    future = make_assignment(rosa, starts_on=today + timedelta(days=2))
    response = _done(signed_in, future.id, "token-for-a-future-item")
    assert "not on your program today" in response.get_data(as_text=True)
    assert _logs() == []


def test_another_clients_records_are_not_found(signed_in, practitioner, rosa, today):
    other, _user = make_portal_client(practitioner, given_name="Sam")
    theirs = make_assignment(other, starts_on=today, notes="Sam's private note")
    make_check_in(other, today - timedelta(days=1), pain=9, note="Sam's check-in note")
    make_log(theirs, today - timedelta(days=1), note="Sam's log note")
    assert signed_in.post(f"/portal/done/{theirs.id}", data={
        f"a{theirs.id}-form_token": "x" * 20}).status_code == 404
    assert len(_logs(theirs.id)) == 1
    for path in ("/portal/", "/portal/history", "/portal/program", "/portal/checkin"):
        page = signed_in.get(path).get_data(as_text=True)
        assert "Sam&#39;s" not in page, path
        assert "Sam's" not in page, path


@pytest.mark.parametrize("path", ["/portal/", "/portal/checkin", "/portal/history", "/portal/program"])
def test_practitioners_and_admins_get_403_in_the_portal(client, auth, practitioner, admin_user, path):
    for user in (practitioner, admin_user):
        auth.login_as(user)
        assert client.get(path).status_code == 403
        auth.logout()


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/assign/{id}", "/exercises/program/{id}",
                                  "/progress/client/{id}"])
def test_clients_get_403_on_practitioner_pages(signed_in, rosa, path):
    assert signed_in.get(path.format(id=rosa.id)).status_code == 403


def test_a_client_account_without_a_record_finds_nothing(client, auth):
    auth.login_as(make_user(Role.CLIENT))
    assert client.get("/portal/").status_code == 404
    assert client.get("/portal/checkin").status_code == 404


def test_home_sends_clients_to_today(signed_in):
    assert signed_in.get("/").headers["Location"].endswith("/portal/")


def test_the_daily_check_in_is_one_per_day_and_editable_that_day(signed_in, rosa, today):
    page = signed_in.get("/portal/checkin").get_data(as_text=True)
    assert "Sleep problems" in page
    assert len(parse(page).select("input[type=radio]")) == 5 * 12  # 0-10 and Skip
    response = signed_in.post("/portal/checkin", data={
        "pain": "6", "neck_shoulder_pain": "7", "fatigue": "5", "sleep_problems": "3", "fog": "4",
        "note": "Bad night."})
    assert response.status_code == 302
    response = signed_in.post("/portal/checkin", data={"pain": "5", "sleep_problems": "4",
                                                        "fatigue": ""})
    assert response.status_code == 302
    db.session.expire_all()
    [check_in] = db.session.scalars(db.select(CheckIn)).all()
    assert (check_in.checked_on, check_in.pain, check_in.sleep_problems) == (today, 5, 4)
    assert check_in.neck_shoulder_pain is None  # the update is the whole day's answer
    assert check_in.fatigue is None  # "Skip"
    assert check_in.recorded_by_id == rosa.portal_user_id
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.action.like("check_in.%")).order_by(AuditEvent.id)).all()
    assert actions == ["check_in.create", "check_in.update"]
    page = signed_in.get("/portal/checkin").get_data(as_text=True)
    assert "You checked in today" in page
    assert [(radio["id"], radio["value"]) for radio in parse(page).select(
        "input.btn-check[checked]")] == [("pain-5", "5"), ("neck_shoulder_pain-11", ""),
                                         ("fatigue-11", ""), ("sleep_problems-4", "4"),
                                         ("fog-11", "")]
    assert "You have checked in today" in signed_in.get("/portal/").get_data(as_text=True)


def test_the_database_refuses_a_second_check_in_for_the_same_day(rosa, today):
    make_check_in(rosa, today, pain=3)
    with pytest.raises(IntegrityError):
        make_check_in(rosa, today, pain=4)
    db.session.rollback()


@pytest.mark.parametrize(("data", "message"), [
    ({"pain": "11"}, "Not a valid choice"),
    ({"fog": "-1"}, "Not a valid choice"),
    ({}, "Rate at least one thing, or write a note."),
])
def test_bad_check_ins_are_explained_and_nothing_is_stored(signed_in, data, message):
    response = signed_in.post("/portal/checkin", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(CheckIn)).all() == []


def test_history_shows_logs_check_ins_and_charts(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=20))
    for days_ago in range(0, 20, 2):
        make_check_in(rosa, today - timedelta(days=days_ago), pain=8 - days_ago // 4, sleep_problems=5,
                      note="Woke at 3." if days_ago == 4 else None)
        make_log(assignment, today - timedelta(days=days_ago), effort=3, pain_after=2)
    page = signed_in.get("/portal/history").get_data(as_text=True)
    html = parse(page)
    assert len(html.select("svg.chart-svg")) == 5
    assert len(html.select("svg.chart-svg[role=img]")) == 5
    assert "Pain overall: 10 ratings from" in page
    assert "Woke at 3." in page
    assert "effort 3" in page
    assert "pain after 2" in page
    assert "No check-in." in page  # the odd days
    assert html.select("[style]") == []
    assert [script for script in html.find_all("script") if not script.get("src")] == []
    assert "Earlier" in page
    earlier = signed_in.get(f"/portal/history?until={(today - timedelta(days=14)).isoformat()}&weeks=8")
    assert earlier.status_code == 200
    assert "Later" in earlier.get_data(as_text=True)
    assert signed_in.get("/portal/history?until=garbage&weeks=999").status_code == 200


def test_today_and_history_take_the_same_queries_for_few_or_many_items(signed_in, rosa, today,
                                                                       count_queries):
    make_assignment(rosa, starts_on=today - timedelta(days=5))
    # One check-in to start from (with none, the course's second query is not needed at all).
    make_check_in(rosa, today - timedelta(days=20), pain=6)
    signed_in.get("/portal/")
    kept_renderings.kept.clear()  # both counts of Today are of a page drawn afresh
    with count_queries() as few_today:
        signed_in.get("/portal/")
    with count_queries() as few_history:
        signed_in.get("/portal/history")
    for index in range(12):
        assignment = make_assignment(rosa, starts_on=today - timedelta(days=30), times=2,
                                     exercise=starter_exercise("Gentle walking" if index % 2 else "Kidney"))
        for days_ago in range(0, 14, 2):
            make_log(assignment, today - timedelta(days=days_ago))
    for days_ago in range(1, 14):
        make_check_in(rosa, today - timedelta(days=days_ago), pain=5)
    kept_renderings.kept.clear()
    with count_queries() as many_today:
        signed_in.get("/portal/")
    with count_queries() as many_history:
        signed_in.get("/portal/history")
    assert len(many_today) == len(few_today)
    assert len(many_history) == len(few_history)


def test_my_program_is_printable_with_my_practitioners_contact(signed_in, rosa, practitioner, today):
    make_assignment(rosa, starts_on=today - timedelta(days=3), notes="Gently!")
    page = signed_in.get("/portal/program").get_data(as_text=True)
    assert "Home program for Rosa" in page
    assert "Gently!" in page
    assert practitioner.display_name in page
    assert practitioner.email in page
    html = parse(page)
    assert any(link["href"].endswith("exercises-print.css")
               for link in html.select("link[rel=stylesheet]"))
    assert html.select("[data-print-page]")


@pytest.fixture
def archived_rosa(rosa):
    from practice.core.database import now_utc

    rosa.archived_at = now_utc()
    db.session.commit()
    return rosa


def test_an_archived_record_stays_readable_from_the_clients_own_account(signed_in, archived_rosa,
                                                                        today):
    assignment = make_assignment(archived_rosa, starts_on=today - timedelta(days=10),
                                 notes="Lying down is fine.")
    make_log(assignment, today - timedelta(days=1), note="Felt looser.")
    make_check_in(archived_rosa, today - timedelta(days=1), pain=4, note="Calm day.")
    page = signed_in.get("/portal/")
    assert page.status_code == 200
    assert "archived your record" in text_of(page)
    assert "Lying down is fine." in text_of(page)
    assert field_value(page, f"a{assignment.id}-form_token") is None  # no Done button
    assert "/portal/checkin" not in [anchor["href"] for anchor in parse(page).select("main a[href]")]
    history = signed_in.get("/portal/history")
    assert "Felt looser." in text_of(history)
    assert "Calm day." in text_of(history)
    assert "Lying down is fine." in text_of(signed_in.get("/portal/program"))
    checkin = signed_in.get("/portal/checkin")
    assert "archived your record" in text_of(checkin)
    assert parse(checkin).select("form.checkin-form") == []


def test_an_archived_record_takes_no_new_entries(signed_in, archived_rosa, today):
    assignment = make_assignment(archived_rosa, starts_on=today - timedelta(days=1))
    response = signed_in.post(f"/portal/done/{assignment.id}",
                              data={f"a{assignment.id}-form_token": "t" * 20},
                              headers={"Referer": "http://localhost/portal/"})
    assert response.headers["Location"] == "/portal/"
    assert "archived your record" in text_of(signed_in.get("/portal/"))  # the flash, then the notice
    response = signed_in.post("/portal/checkin", data={"pain": "3"})
    assert response.status_code == 409
    assert "archived your record" in text_of(response)
    assert _logs() == []
    assert db.session.scalars(db.select(CheckIn)).all() == []
    assert db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action.in_(["exercise_log.create", "check_in.create"]))).all() == []


def test_done_and_check_in_are_one_commit_each_with_their_event(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today)
    token = _token(signed_in.get("/portal/").get_data(as_text=True), assignment.id)
    with count_commits() as commits:
        signed_in.post(f"/portal/done/{assignment.id}", data={f"a{assignment.id}-form_token": token})
        signed_in.post("/portal/checkin", data={"pain": "3"})
    assert len(commits) == 2
    db.session.expire_all()
    assert db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.client_id == rosa.id)
                              .order_by(AuditEvent.id)).all() == ["exercise_log.create",
                                                                  "check_in.create"]


# Undo, and where the client stands after each tap ----------------------------------------

def _undo_forms(page):
    """``(action, log id)`` of each Undo form on the Today page."""
    return [(form["action"], form.find("input", attrs={"name": "log_id"})["value"])
            for form in parse(page).select("form.undo-form")]


def test_done_can_be_undone_the_same_day(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=1), times=2)
    page = signed_in.get("/portal/")
    assert _undo_forms(page) == []
    response = signed_in.post(f"/portal/done/{assignment.id}",
                              data={f"a{assignment.id}-form_token": _token(page.get_data(as_text=True),
                                                                           assignment.id)})
    assert response.headers["Location"].endswith(f"/portal/#assignment-{assignment.id}")
    page = signed_in.get("/portal/")
    assert "1 of 2 done today" in text_of(page, f"#assignment-{assignment.id}")
    assert "is recorded: 1 of 2 done today" in text_of(page)
    _done(signed_in, assignment.id, _token(page.get_data(as_text=True), assignment.id))
    first, second = _logs()
    page = signed_in.get("/portal/")
    assert "2 of 2 done today" in text_of(page, f"#assignment-{assignment.id}")
    # Only the latest of the day is offered, as a small form of its own (CSRF like any form).
    [(action, log_id)] = _undo_forms(page)
    assert (action, log_id) == (f"/portal/done/{assignment.id}/undo", str(second.id))
    # An Undo from a page that is no longer the latest (another tab tapped Done since)
    # takes nothing back.
    stale = signed_in.post(action, data={"log_id": str(first.id)}, follow_redirects=True)
    assert "no longer the latest" in text_of(stale)
    assert len(_logs()) == 2
    response = signed_in.post(action, data={"log_id": log_id})
    assert response.headers["Location"].endswith(f"/portal/#assignment-{assignment.id}")
    page = signed_in.get("/portal/")
    assert "is undone: 1 of 2 done today" in text_of(page)
    assert "1 of 2 done today" in text_of(page, f"#assignment-{assignment.id}")
    assert [log.id for log in _logs()] == [first.id]
    # The same Undo sent again (Back, then resubmit) removes nothing more.
    again = signed_in.post(action, data={"log_id": log_id}, follow_redirects=True)
    assert "already undone" in text_of(again)
    assert [log.id for log in _logs()] == [first.id]
    assert _undo_forms(signed_in.get("/portal/")) == [(action, str(first.id))]
    [event] = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "exercise_log.undo")).all()
    assert (event.actor_id, event.client_id) == (rosa.portal_user_id, rosa.id)
    assert event.detail_dict["assignment_id"] == assignment.id
    # Done again after Undo takes the free slot.
    _done(signed_in, assignment.id, _token(signed_in.get("/portal/").get_data(as_text=True),
                                           assignment.id))
    assert sorted(log.slot for log in _logs()) == [1, 2]


def test_only_todays_own_logs_can_be_undone(signed_in, practitioner, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=3))
    yesterday = make_log(assignment, today - timedelta(days=1))
    other, _user = make_portal_client(practitioner, given_name="Sam")
    theirs = make_log(make_assignment(other, starts_on=today), today)
    undo = f"/portal/done/{assignment.id}/undo"
    response = signed_in.post(undo, data={"log_id": str(yesterday.id)},
                              headers={"Referer": "http://localhost/portal/"})
    assert response.status_code == 302
    assert "Only today's" in text_of(signed_in.get("/portal/"))
    assert signed_in.post(f"/portal/done/{theirs.assignment_id}/undo",
                          data={"log_id": str(theirs.id)}).status_code == 404
    # Their log through my exercise: not mine to take back, and nothing happens.
    assert "already undone" in text_of(signed_in.post(undo, data={"log_id": str(theirs.id)},
                                                      follow_redirects=True))
    for garbage in ("garbage", "", "9" * 30):
        assert signed_in.post(undo, data={"log_id": garbage}).status_code == 302
    assert len(_logs()) == 2


def test_undo_is_one_commit_with_its_event(signed_in, rosa, today):
    assignment = make_assignment(rosa, starts_on=today)
    log = make_log(assignment, today)
    with count_commits() as commits:
        signed_in.post(f"/portal/done/{assignment.id}/undo", data={"log_id": str(log.id)})
    assert len(commits) == 1
    assert _logs() == []


def test_the_items_keep_their_place_after_each_tap(signed_in, rosa, today):
    first = make_assignment(rosa, starts_on=today - timedelta(days=2))
    second = make_assignment(rosa, exercise=starter_exercise("Gentle walking"), starts_on=today)

    def order():
        return [article["id"] for article in
                parse(signed_in.get("/portal/")).select("article.today-item")]

    assert order() == [f"assignment-{first.id}", f"assignment-{second.id}"]
    _done(signed_in, first.id, _token(signed_in.get("/portal/").get_data(as_text=True), first.id))
    assert order() == [f"assignment-{first.id}", f"assignment-{second.id}"]


# Hostile query strings ---------------------------------------------------------------------

@pytest.mark.parametrize("query", ["until=0001-01-01", "until=0001-01-14", "until=9999-12-31",
                                   "until=garbage", "until=", "weeks=-4", "weeks=" + "9" * 30,
                                   "until=0001-01-01&weeks=26"])
def test_history_answers_any_until_and_weeks(signed_in, rosa, today, query):
    make_check_in(rosa, today - timedelta(days=3), pain=4, note="Calm day.")
    response = signed_in.get(f"/portal/history?{query}")
    assert response.status_code == 200
    days = parse(response).select("li.history-day")
    assert days  # the nearest page that can be shown


def test_history_goes_no_further_back_than_the_record(signed_in, rosa, today):
    assert "Earlier" not in text_of(signed_in.get("/portal/history"))  # the record began today
    first = today - timedelta(days=30)
    make_check_in(rosa, first, pain=5, note="The first one.")
    response = signed_in.get("/portal/history?until=0001-01-01")
    assert "Earlier" not in text_of(response)
    assert "Later" in text_of(response)
    assert parse(response).select("li.history-day h3")[0].get_text(strip=True) == \
        f"{first:%A %d %B}"
    assert "The first one." in text_of(response)


@pytest.mark.parametrize("page_number", ["-3", "0", "abc", "9" * 30])
def test_who_saw_my_record_answers_any_page_number(signed_in, rosa, practitioner, page_number):
    from practice.core import audit

    with signed_in.application.test_request_context():
        audit.record("client.view", rosa, client_id=rosa.id)
        db.session.commit()
    assert signed_in.get(f"/portal/access/?page={page_number}").status_code == 200


# An archived record: read, never written ---------------------------------------------------

def test_an_archived_record_takes_no_undo_and_says_why(signed_in, rosa, today):
    from practice.core.database import now_utc

    assignment = make_assignment(rosa, starts_on=today)
    log = make_log(assignment, today)
    rosa.archived_at = now_utc()
    db.session.commit()
    page = signed_in.get("/portal/")
    assert _undo_forms(page) == []
    assert "archived your record" in text_of(page)
    response = signed_in.post(f"/portal/done/{assignment.id}/undo", data={"log_id": str(log.id)},
                              headers={"Referer": "http://localhost/portal/"})
    assert response.status_code == 302
    assert "archived your record" in text_of(signed_in.get("/portal/"))
    assert [stored.id for stored in _logs()] == [log.id]
    assert db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "exercise_log.undo")).all() == []


def test_an_archived_record_says_why_on_every_refused_entry(signed_in, archived_rosa, today):
    assignment = make_assignment(archived_rosa, starts_on=today)
    done = signed_in.post(f"/portal/done/{assignment.id}",
                          data={f"a{assignment.id}-form_token": "t" * 20}, follow_redirects=True)
    assert "archived your record, so nothing new can be saved" in text_of(done)
    check_in = signed_in.post("/portal/checkin", data={"pain": "3"}, follow_redirects=True)
    assert "archived your record, so nothing new can be saved" in text_of(check_in)
    assert _logs() == []


@pytest.mark.parametrize("path", ["/portal/done/{huge}", "/portal/done/{huge}/undo"])
def test_record_numbers_too_large_to_exist_are_not_found_in_the_portal(signed_in, path):
    assert signed_in.post(path.format(huge="9" * 25), data={"log_id": "1"}).status_code == 404
