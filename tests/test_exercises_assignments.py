"""Home programs, practitioner side: assign, change (history kept), stop, review and print."""
from datetime import timedelta

import pytest

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, ExerciseLog
from tests.commits import count_commits
from tests.factories.accounts import make_client
from tests.factories.exercises import make_assignment, make_exercise, make_log, starter_exercise
from tests.html import field_value, parse, text_of


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price",
                       precautions="Lymphoedema in the left arm: light strokes only.")


@pytest.fixture
def today(app):
    return local_today()


def _events(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def _assignments(client_id):
    db.session.expire_all()
    return db.session.scalars(db.select(Assignment).where(Assignment.client_id == client_id)
                              .order_by(Assignment.id)).all()


def steps_shown(response) -> list[str]:
    """The numbered instruction steps on a page."""
    return [item.get_text(" ", strip=True) for item in parse(response).select("ol.exercise-steps li")]


#: The fields of one exercise's row on the assign page (the others are the page's own).
ROW_FIELDS = ("exercise_id", "chosen", "amount", "unit", "times", "period", "notes")


def _prescription(exercise=None, **overrides):
    """The assign page sent with ``exercise`` (Belly breathing unless given) ticked."""
    exercise = exercise or starter_exercise("Belly breathing")
    fields = {"exercise_id": str(exercise.id), "chosen": "y", "amount": "5", "unit": "minutes",
              "times": "2", "period": "day", "notes": "Lying down is fine.",
              "starts_on": local_today().isoformat(), "ends_on": "", **overrides}
    return {f"items-0-{name}" if name in ROW_FIELDS else name: value
            for name, value in fields.items()}


def test_the_assign_page_lists_the_library_at_each_exercises_usual_dose(client, auth,
                                                                      practitioner, hannah,
                                                                      today):
    auth.login_as(practitioner)
    page = client.get(f"/exercises/assign/{hannah.id}?focus=lymphatic")
    shown = page.get_data(as_text=True)
    assert "Neck and collarbone lymph self-massage" in shown
    assert "Kidney-area rubbing" not in shown  # not a lymphatic exercise
    assert "Lymphoedema in the left arm" in shown  # the client's precautions banner
    walking = starter_exercise("Gentle walking")
    page = client.get(f"/exercises/assign/{hannah.id}?exercise_id={walking.id}")
    assert field_value(page, "items-0-exercise_id") == str(walking.id)
    assert field_value(page, "items-0-amount") == "15"
    assert parse(page).find("input", attrs={"name": "items-0-amount"}).has_attr("required")
    assert field_value(page, "items-0-unit") == "minutes"
    assert field_value(page, "starts_on") == today.isoformat()


def test_assign_an_exercise_with_dose_dates_and_notes(client, auth, practitioner, hannah, today):
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    response = client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}",
                           data=_prescription(ends_on=(today + timedelta(days=30)).isoformat()))
    assert response.status_code == 302
    [assignment] = _assignments(hannah.id)
    assert assignment.exercise_id == breathing.id
    assert (assignment.amount, assignment.unit, assignment.times, assignment.period) == (
        5, DoseUnit.MINUTES, 2, DosePeriod.DAY)
    assert assignment.starts_on == today
    assert assignment.ends_on == today + timedelta(days=30)
    assert assignment.notes == "Lying down is fine."
    assert assignment.prescribed_by_id == practitioner.id
    [event] = _events("assignment.create")
    assert event.client_id == hannah.id
    assert event.detail_dict["dose"] == "5 minutes, twice a day"
    assert "Lying down" not in event.detail  # no clinical free text in the trail


def test_assigning_from_a_session_record_goes_back_to_it(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    response = client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}&session_id=77",
                           data=_prescription())
    assert response.headers["Location"].endswith("/sessions/77")
    assert _events("assignment.create")[0].detail_dict["session_id"] == 77


def test_without_a_session_it_returns_to_the_client(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    response = client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}",
                           data=_prescription())
    assert response.headers["Location"].rstrip("/").endswith(str(hannah.id))


def test_assigning_from_the_exercise_page_picks_the_client(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    walking = starter_exercise("Gentle walking")
    page = client.get(f"/exercises/{walking.id}").get_data(as_text=True)
    assert "Hannah Price" in page
    response = client.get(f"/exercises/{walking.id}/assign?client_id={hannah.id}")
    assert response.headers["Location"].endswith(
        f"/exercises/assign/{hannah.id}?exercise_id={walking.id}")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"amount": "0"}, "Number must be between 1 and 600."),
    ({"times": ""}, "Enter how often."),
    ({"period": "month"}, "Not a valid choice"),
    ({"starts_on": ""}, "Enter a start date."),
    ({"starts_on": "2026-13-45"}, "Not a valid date value."),
    ({"ends_on": "2000-01-01"}, "The end date must be on or after"),
    ({"notes": "x" * 4001}, "Field cannot be longer than 4000 characters."),
])
def test_bad_prescriptions_are_explained_and_nothing_is_stored(client, auth, practitioner, hannah,
                                                              overrides, message):
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    response = client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}",
                           data=_prescription(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _assignments(hannah.id) == []


def test_archived_exercises_and_archived_clients_cannot_be_assigned(client, auth, practitioner, hannah):
    from practice.core.database import now_utc

    auth.login_as(practitioner)
    old = make_exercise(practitioner, archived=True)
    picker = f"/exercises/assign/{hannah.id}"
    response = client.post(picker, data=_prescription(old))
    assert response.status_code == 409
    assert "That exercise is archived; choose another one." in text_of(response)
    hannah.archived_at = now_utc()
    db.session.commit()
    breathing = starter_exercise("Belly breathing")
    response = client.post(f"{picker}?exercise_id={breathing.id}", data=_prescription())
    assert response.status_code == 409
    assert "This client's record is archived" in text_of(response)
    assert _assignments(hannah.id) == []
    assert _events("assignment.create") == []


def test_an_archived_clients_program_cannot_change_nor_stop(client, auth, practitioner, hannah,
                                                            today):
    from practice.core.database import now_utc

    running = make_assignment(hannah, starts_on=today - timedelta(days=3))
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = client.post(f"/exercises/assignments/{running.id}/change", data={
        "amount": "20", "unit": "repetitions", "times": "2", "period": "day", "ends_on": ""})
    assert response.status_code == 409
    overview = f"/clients/{hannah.id}"
    response = client.post(f"/exercises/assignments/{running.id}/stop",
                           headers={"Referer": f"http://localhost{overview}"})
    assert response.headers["Location"] == overview
    [assignment] = _assignments(hannah.id)
    assert (assignment.amount, assignment.stopped_on) == (10, None)
    assert _events("assignment.change") == _events("assignment.stop") == []
    # The history stays readable.
    assert client.get(f"/exercises/program/{hannah.id}").status_code == 200


def test_another_practitioners_client_and_exercise_are_not_found(client, auth, practitioner,
                                                                 other_practitioner, hannah):
    theirs = make_client(other_practitioner)
    their_exercise = make_exercise(other_practitioner)
    their_assignment = make_assignment(theirs, starts_on=local_today())
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    assert client.get(f"/exercises/assign/{theirs.id}").status_code == 404
    assert client.post(f"/exercises/assign/{theirs.id}?exercise_id={breathing.id}",
                       data=_prescription()).status_code == 404
    assert client.post(f"/exercises/assign/{hannah.id}",
                       data=_prescription(their_exercise)).status_code == 404
    assert client.get(f"/exercises/assignments/{their_assignment.id}/change").status_code == 404
    assert client.post(f"/exercises/assignments/{their_assignment.id}/stop").status_code == 404
    assert client.get(f"/exercises/program/{theirs.id}").status_code == 404
    assert client.get(f"/exercises/program/{theirs.id}/print").status_code == 404
    assert client.get(f"/progress/client/{theirs.id}").status_code == 404
    assert _assignments(hannah.id) == []
    assert _assignments(theirs.id)[0].stopped_on is None


def test_changing_the_dose_of_a_running_prescription_keeps_the_old_one(client, auth, practitioner,
                                                                       hannah, today):
    running = make_assignment(hannah, starts_on=today - timedelta(days=10), times=1,
                              notes="Morning.")
    make_log(running, today - timedelta(days=1))
    logged_today = make_log(running, today)
    auth.login_as(practitioner)
    page = client.get(f"/exercises/assignments/{running.id}/change")
    assert field_value(page, "starts_on") is None  # the start of a running prescription is history
    assert field_value(page, "amount") == "10"
    response = client.post(f"/exercises/assignments/{running.id}/change", data={
        "amount": "10", "unit": "repetitions", "times": "2", "period": "day", "ends_on": "",
        "notes": "Morning and evening."})
    assert response.status_code == 302
    old, new = _assignments(hannah.id)
    assert old.id == running.id
    assert (old.amount, old.times, old.notes) == (10, 1, "Morning.")
    assert old.stopped_on == today
    assert old.last_day == today - timedelta(days=1)
    assert (new.times, new.starts_on, new.replaces_id, new.notes) == (2, today, old.id,
                                                                      "Morning and evening.")
    # Today's log now counts towards the prescription in effect today; yesterday's stays.
    assert db.session.get(ExerciseLog, logged_today.id).assignment_id == new.id
    [event] = _events("assignment.change")
    assert event.detail_dict["replaced"] is True
    assert event.detail_dict["previous"]["dose"] == "10 repetitions, once a day"
    history = client.get(f"/exercises/program/{hannah.id}").get_data(as_text=True)
    assert "10 repetitions, once a day" in history
    assert "10 repetitions, twice a day" in history
    assert "Dose changed" in history


def test_changing_only_the_note_or_end_date_edits_in_place(client, auth, practitioner, hannah, today):
    running = make_assignment(hannah, starts_on=today - timedelta(days=3))
    auth.login_as(practitioner)
    client.post(f"/exercises/assignments/{running.id}/change", data={
        "amount": "10", "unit": "repetitions", "times": "1", "period": "day",
        "ends_on": (today + timedelta(days=14)).isoformat(), "notes": "New note"})
    [assignment] = _assignments(hannah.id)
    assert assignment.notes == "New note"
    assert assignment.ends_on == today + timedelta(days=14)
    assert assignment.stopped_on is None
    assert _events("assignment.change")[0].detail_dict["replaced"] is False


def test_a_running_prescription_cannot_end_in_the_past(client, auth, practitioner, hannah, today):
    running = make_assignment(hannah, starts_on=today - timedelta(days=3))
    auth.login_as(practitioner)
    response = client.post(f"/exercises/assignments/{running.id}/change", data={
        "amount": "10", "unit": "repetitions", "times": "1", "period": "day",
        "ends_on": (today - timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "The end date must be on or after" in response.get_data(as_text=True)
    assert _assignments(hannah.id)[0].ends_on is None


def test_a_prescription_that_has_not_started_is_simply_corrected(client, auth, practitioner, hannah,
                                                                today):
    future = make_assignment(hannah, starts_on=today + timedelta(days=7))
    auth.login_as(practitioner)
    client.post(f"/exercises/assignments/{future.id}/change", data={
        "amount": "12", "unit": "repetitions", "times": "1", "period": "week",
        "starts_on": (today + timedelta(days=3)).isoformat(), "ends_on": ""})
    [assignment] = _assignments(hannah.id)
    assert (assignment.amount, assignment.period) == (12, DosePeriod.WEEK)
    assert assignment.starts_on == today + timedelta(days=3)


def test_stop_keeps_the_history_and_ended_ones_cannot_change(client, auth, practitioner, hannah, today):
    running = make_assignment(hannah, starts_on=today - timedelta(days=5))
    auth.login_as(practitioner)
    response = client.post(f"/exercises/assignments/{running.id}/stop")
    assert response.status_code == 302
    [assignment] = _assignments(hannah.id)
    assert assignment.stopped_on == today
    assert assignment.stopped_by_id == practitioner.id
    assert len(_events("assignment.stop")) == 1
    client.post(f"/exercises/assignments/{running.id}/stop")  # a second tap changes nothing
    assert len(_events("assignment.stop")) == 1
    response = client.get(f"/exercises/assignments/{running.id}/change", follow_redirects=True)
    assert "This prescription has ended" in response.get_data(as_text=True)
    page = client.get(f"/exercises/program/{hannah.id}").get_data(as_text=True)
    assert f"Stopped {today:%d %b %Y}" in page


def test_stop_from_the_program_page_returns_there(client, auth, practitioner, hannah, today):
    running = make_assignment(hannah, starts_on=today)
    auth.login_as(practitioner)
    response = client.post(f"/exercises/assignments/{running.id}/stop?from=program")
    assert response.headers["Location"].endswith(f"/exercises/program/{hannah.id}")


def test_program_page_shows_adherence_and_is_audited(client, auth, practitioner, hannah, today,
                                                    count_queries):
    assignment = make_assignment(hannah, starts_on=today - timedelta(days=30), times=2)
    for days_ago in range(7):
        make_log(assignment, today - timedelta(days=days_ago))
    auth.login_as(practitioner)
    with count_queries() as few:
        page = client.get(f"/exercises/program/{hannah.id}").get_data(as_text=True)
    assert "7 of 13" in page  # today asks only for what is done so far
    assert "7 of 55" in page
    assert _events("home_program.view")[0].client_id == hannah.id
    for _ in range(9):
        other = make_assignment(hannah, starts_on=today - timedelta(days=40),
                                exercise=starter_exercise("Gentle walking"))
        for days_ago in range(0, 40, 3):
            make_log(other, today - timedelta(days=days_ago))
    with count_queries() as many:
        assert client.get(f"/exercises/program/{hannah.id}").status_code == 200
    assert len(many) == len(few)


def test_printable_program_has_everything_the_client_needs(client, auth, practitioner, hannah, today):
    from practice.core.settings import SETTINGS_ID, PracticeSettings

    db.session.add(PracticeSettings(id=SETTINGS_ID, practice_name="Riverside Qigong",
                                    timezone="Europe/London", phone="+44 20 7946 0000",
                                    address="1 Mill Lane\nBristol"))
    db.session.commit()
    make_assignment(hannah, starts_on=today - timedelta(days=3), times=2, amount=5,
                    unit=DoseUnit.MINUTES, notes="Lying down is fine.")
    make_assignment(hannah, exercise=starter_exercise("Kidney-area"), starts_on=today - timedelta(days=20),
                    stopped_on=today - timedelta(days=2))
    auth.login_as(practitioner)
    response = client.get(f"/exercises/program/{hannah.id}/print")
    page = response.get_data(as_text=True)
    html = parse(response)
    assert "Home program for Hannah Price" in page
    assert "Belly breathing" in page
    assert "5 minutes, twice a day" in page
    assert "Lying down is fine." in page
    assert "Put one hand on your chest" in steps_shown(response)[1]  # numbered steps
    assert "never force the breath" in page  # precautions
    assert practitioner.display_name in page
    assert practitioner.email in page
    assert "Riverside Qigong · 1 Mill Lane · Bristol · +44 20 7946 0000" in page
    assert "Kidney-area" not in page  # stopped: not on the current program
    assert any(link["href"].endswith("exercises-print.css")
               for link in html.select("link[rel=stylesheet]"))
    assert html.select("[data-print-page]")
    assert html.select("[style]") == []
    assert _events("home_program.print")[0].client_id == hannah.id


def _client_events(client_id):
    db.session.expire_all()
    return db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.client_id == client_id)
                              .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize(("path", "action"), [
    ("/exercises/program/{client}", "home_program.view"),
    ("/exercises/program/{client}/print", "home_program.print"),
    ("/exercises/assignments/{assignment}/change", "assignment.view"),
])
def test_each_visit_to_a_program_page_leaves_one_view_event(client, auth, practitioner, hannah,
                                                            today, path, action):
    assignment = make_assignment(hannah, starts_on=today - timedelta(days=2), notes="Gently.")
    auth.login_as(practitioner)
    url = path.format(client=hannah.id, assignment=assignment.id)
    for visits in (1, 2):
        assert client.get(url).status_code == 200
        assert _client_events(hannah.id) == [action] * visits


def test_a_change_is_one_commit_with_its_event_and_no_view_event(client, auth, practitioner, hannah,
                                                                 today):
    running = make_assignment(hannah, starts_on=today - timedelta(days=3))
    auth.login_as(practitioner)
    with count_commits() as commits:
        response = client.post(f"/exercises/assignments/{running.id}/change", data={
            "amount": "20", "unit": "repetitions", "times": "1", "period": "day", "ends_on": ""})
    assert response.status_code == 302
    assert len(commits) == 1
    assert _client_events(hannah.id) == ["assignment.change"]
    replacement = _assignments(hannah.id)[-1]
    breathing = starter_exercise("Belly breathing")
    with count_commits() as commits:
        client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}", data=_prescription())
        client.post(f"/exercises/assignments/{replacement.id}/stop")
    assert len(commits) == 2
    assert _client_events(hannah.id) == ["assignment.change", "assignment.create", "assignment.stop"]


def test_a_refused_change_commits_nothing(client, auth, practitioner, hannah, today):
    from practice.core.database import now_utc

    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    with count_commits() as commits:
        response = client.post(f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}",
                               data=_prescription())
    assert response.status_code == 409
    assert commits == []


def _history_rows(response):
    """``{exercise name: dates and status text}`` of the program page's history table."""
    rows = parse(response).select("#history-heading ~ div table tbody tr")
    return {row.select("td")[0].get_text(strip=True): " ".join(row.select("td")[2].get_text(" ").split())
            for row in rows}


def test_stopping_an_exercise_on_its_first_day_reads_as_one_day_it_ran(client, auth, practitioner,
                                                                       hannah, today):
    started_today = make_assignment(hannah, starts_on=today)
    make_log(started_today, today)  # done in the morning, stopped at the session
    later = make_assignment(hannah, exercise=starter_exercise("Gentle walking"),
                            starts_on=today + timedelta(days=4))
    auth.login_as(practitioner)
    for assignment in (started_today, later):
        client.post(f"/exercises/assignments/{assignment.id}/stop?from=program")
    response = client.get(f"/exercises/program/{hannah.id}")
    rows = _history_rows(response)
    on_the_day = next(text for name, text in rows.items() if name.startswith("Belly"))
    assert on_the_day.startswith(f"{today:%d %b %Y} – {today:%d %b %Y}")
    assert f"Stopped {today:%d %b %Y}" in on_the_day
    assert "Cancelled" not in on_the_day
    assert f"{today - timedelta(days=1):%d %b %Y}" not in on_the_day
    cancelled = next(text for name, text in rows.items() if name.startswith("Gentle"))
    assert "Cancelled before it started" in cancelled
    assert f"{today + timedelta(days=4):%d %b %Y}" in cancelled
    assert f"{today - timedelta(days=1):%d %b %Y}" not in cancelled
    # The morning's log still counts where the home program is reviewed.
    adherence = text_of(response, "table.adherence-table")
    assert "Belly" in adherence
    assert "1 done" in adherence


@pytest.mark.parametrize("path", ["/exercises/assign/{client}",
                                  "/exercises/assign/{client}?exercise_id={exercise}",
                                  "/exercises/assignments/{assignment}/change",
                                  "/progress/client/{client}/check-in"])
def test_an_archived_clients_forms_say_why_instead_of_offering_a_save(client, auth, practitioner,
                                                                       hannah, today, path):
    from practice.core.database import now_utc

    running = make_assignment(hannah, starts_on=today - timedelta(days=3))
    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = client.get(path.format(client=hannah.id, assignment=running.id,
                                      exercise=running.exercise_id), follow_redirects=True)
    assert response.status_code == 200
    assert "archived" in text_of(response)
    assert parse(response).select("main form[method=post] button[type=submit].btn-primary") == []


def test_an_archived_clients_check_in_is_refused_with_the_reason(client, auth, practitioner, hannah,
                                                                 today):
    from practice.core.database import now_utc
    from practice.progress.models import CheckIn

    hannah.archived_at = now_utc()
    db.session.commit()
    auth.login_as(practitioner)
    response = client.post(f"/progress/client/{hannah.id}/check-in",
                           data={"checked_on": today.isoformat(), "pain": "3"})
    assert response.status_code == 409
    assert "archived" in text_of(response)
    assert db.session.scalars(db.select(CheckIn)).all() == []
    assert _events("check_in.create") == []


HUGE_ID = "9" * 25


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/exercises/{huge}"), ("GET", "/exercises/assign/{client}?exercise_id={huge}"),
    ("GET", "/exercises/assignments/{huge}/change"), ("POST", "/exercises/assignments/{huge}/stop"),
    ("POST", "/exercises/{huge}/copy"), ("GET", "/exercises/{exercise}/assign?client_id={huge}")])
def test_record_numbers_too_large_to_exist_are_not_found(client, auth, practitioner, hannah,
                                                         method, path):
    auth.login_as(practitioner)
    breathing = starter_exercise("Belly breathing")
    response = client.open(path.format(huge=HUGE_ID, client=hannah.id, exercise=breathing.id),
                           method=method)
    assert response.status_code == 404
