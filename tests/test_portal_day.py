"""The portal for a tired person in pain: Today compact with the day's progress on top, what a
tap saved said on the exercise's own card, the week in plain words, charts with their tables;
Today's body kept between visits and never shown stale."""
from datetime import date, timedelta

import pytest

from practice.core import kept_renderings
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.exercises.models import DosePeriod, ExerciseLog
from practice.portal import routes
from practice.portal.summary import DayProgress, days_sentence, pain_sentence, weekly_summary
from practice.progress.baseline import daily_course
from practice.progress.models import CheckIn
from tests.counted_calls import counted_calls
from tests.factories.accounts import make_portal_client
from tests.factories.exercises import make_assignment, make_check_in, make_log, starter_exercise
from tests.html import field_value, parse, text_of


@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def rosa(practitioner):
    client_record, _user = make_portal_client(practitioner, given_name="Rosa")
    client_record.created_at = now_utc() - timedelta(days=90)
    db.session.commit()
    return client_record


@pytest.fixture
def signed_in(client, auth, rosa):
    auth.login_as(rosa.portal_user)
    return client


def _card(response, assignment):
    return parse(response).select_one(f"#assignment-{assignment.id}")


def test_today_is_compact_with_the_days_progress_on_top(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today - timedelta(days=3), times=2)
    shoulders = make_assignment(rosa, exercise=starter_exercise("Shoulder rolls"),
                                starts_on=today - timedelta(days=3))
    make_assignment(rosa, exercise=starter_exercise("Gentle walking"),
                    starts_on=today - timedelta(days=3), period=DosePeriod.WEEK, times=3)
    make_log(breathing, today)
    make_log(shoulders, today)
    response = signed_in.get("/portal/")
    html = parse(response)
    progress = html.select_one("#day-progress")
    assert progress.find_next("article") is not None  # above the exercises
    assert "2 of 3 done today." in progress.get_text()
    bar = progress.select_one("progress")
    assert (bar["value"], bar["max"]) == ("2", "3")
    assert "Gentle walking: 0 of 3 this week." in progress.get_text()
    # Each exercise compact: its steps one tap away, folded.
    for details in html.select("details.today-instructions"):
        assert not details.has_attr("open")
        assert details.select("ol.exercise-steps li")
    make_log(breathing, today)
    progress = parse(signed_in.get("/portal/")).select_one("#day-progress")
    assert "All 3 done today. Well done." in progress.get_text()


def test_done_says_so_on_the_exercises_own_card(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today, times=2)
    other = make_assignment(rosa, exercise=starter_exercise("Shoulder rolls"), starts_on=today)
    token = parse(signed_in.get("/portal/")).select_one(
        f"input[name=a{breathing.id}-form_token]")["value"]
    response = signed_in.post(f"/portal/done/{breathing.id}",
                              data={f"a{breathing.id}-form_token": token})
    assert response.headers["Location"].endswith(f"/portal/#assignment-{breathing.id}")
    page = signed_in.get("/portal/")
    feedback = _card(page, breathing).select_one(".item-feedback")
    assert feedback["role"] == "status"
    assert "Well done: “Belly breathing" in feedback.get_text()
    assert "1 of 2 done today" in feedback.get_text()
    assert _card(page, other).select(".item-feedback") == []
    assert parse(page).select("main > .alert") == []  # not at the top, out of sight
    assert "1 of 3 done today." in parse(page).select_one("#day-progress").get_text()
    # Shown once: a reload has no message.
    assert _card(signed_in.get("/portal/"), breathing).select(".item-feedback") == []
    # Sent again: said on the card as well.
    signed_in.post(f"/portal/done/{breathing.id}", data={f"a{breathing.id}-form_token": token})
    again = _card(signed_in.get("/portal/"), breathing).select_one(".item-feedback")
    assert "already recorded" in again.get_text()


def test_a_refused_done_is_explained_on_the_card(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today)
    signed_in.post(f"/portal/done/{breathing.id}",
                   data={f"a{breathing.id}-form_token": "t" * 20, f"a{breathing.id}-effort": "12"})
    feedback = _card(signed_in.get("/portal/"), breathing).select_one(".item-feedback")
    assert "alert-danger" in feedback["class"]
    assert "That did not save" in feedback.get_text()
    assert db.session.scalars(db.select(ExerciseLog)).all() == []


def test_undo_says_so_on_the_card_too(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today)
    log = make_log(breathing, today)
    signed_in.post(f"/portal/done/{breathing.id}/undo", data={"log_id": str(log.id)})
    feedback = _card(signed_in.get("/portal/"), breathing).select_one(".item-feedback")
    assert "is undone: 0 of 1 done today" in feedback.get_text()


def test_a_message_about_an_exercise_no_longer_listed_shows_at_the_top(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today)
    signed_in.post(f"/portal/done/{breathing.id}", data={f"a{breathing.id}-form_token": "t" * 20})
    breathing.stopped_on = today
    breathing.stopped_by = rosa.practitioner
    db.session.commit()
    page = signed_in.get("/portal/")
    assert "Well done" in " ".join(alert.get_text() for alert in parse(page).select("main > .alert"))


def test_the_week_in_plain_words(signed_in, rosa, today):
    breathing = make_assignment(rosa, starts_on=today - timedelta(days=40))
    for days_ago in range(30, 16, -1):  # the first two weeks: pain 6
        make_check_in(rosa, today - timedelta(days=days_ago), pain=6)
    for days_ago in (0, 1, 2, 4, 5, 6):  # the last week: pain 4, one day left out
        make_check_in(rosa, today - timedelta(days=days_ago), pain=4)
    for days_ago in (0, 1, 3, 5, 6):
        make_log(breathing, today - timedelta(days=days_ago))
    make_log(breathing, today - timedelta(days=8))  # before the week: not counted
    for path in ("/portal/", "/portal/history"):
        summary = parse(signed_in.get(path)).select_one(".week-summary")
        sentences = [item.get_text(" ", strip=True) for item in summary.select("li")]
        assert sentences == ["Pain 6 → 4 since you started (down; lower is better).",
                             "Exercises on 5 of 7 days.", "Check-ins on 6 of 7 days."], path


def _course(values):
    start = date(2026, 3, 1)
    return daily_course([CheckIn(checked_on=start + timedelta(days=offset), pain=pain)
                         for offset, pain in values])


def test_pain_in_plain_words():
    assert pain_sentence(None) is None
    assert pain_sentence(_course([(0, 6), (3, 6)])).startswith("Keep checking in")
    assert pain_sentence(_course([(0, 6), (20, 7)])) == (
        "Pain 6 → 7 since you started (up; lower is better).")
    assert pain_sentence(_course([(0, 5.6), (20, 5.8)])) == (
        "Pain about the same as when you started (about 6 out of 10).")


def test_days_in_plain_words():
    week = {date(2026, 3, day) for day in range(1, 8)}
    assert days_sentence("Exercises", {date(2026, 3, 2), date(2026, 2, 1)}, week) == (
        "Exercises on 1 of 7 days.")
    assert days_sentence("Exercises", set(), set()) is None
    assert days_sentence("Check-ins", set(), {date(2026, 3, 7)}) == "Check-ins on 0 of 1 day."
    # A record started two days ago is not counted against the days before it.
    assert weekly_summary(None, set(), set(), {date(2026, 3, 7)}, date(2026, 3, 7),
                          started_on=date(2026, 3, 6)) == ["Check-ins on 1 of 2 days."]


def test_day_progress_words():
    assert DayProgress(0, 0).text == "Nothing is due every day on your program."
    assert DayProgress(1, 4).text == "1 of 4 done today."
    assert DayProgress(4, 4).all_done


def test_every_chart_has_its_table_beside_it(signed_in, rosa, today):
    for days_ago in range(20):
        make_check_in(rosa, today - timedelta(days=days_ago), pain=3 + days_ago % 4,
                      fatigue=None if days_ago < 7 else 5)
    html = parse(signed_in.get("/portal/history?weeks=4"))
    blocks = html.select(".chart-block")
    assert len(blocks) == 5
    for block in blocks:
        assert block.select_one("svg.chart-svg")
        assert len(block.select(".chart-table tbody tr")) == 4  # one row a week
    pain_rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
                 for row in blocks[0].select(".chart-table tbody tr")]
    assert pain_rows[0][1:] == ["7", "4.3", "3–6"]  # the last 7 days: 3, 4, 5, 6, 3, 4, 5
    assert pain_rows[-1][1:] == ["0", "no ratings"]
    fatigue_rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
                    for row in blocks[2].select(".chart-table tbody tr")]
    assert fatigue_rows[0][1:] == ["0", "no ratings"]  # skipped all week


def test_today_and_history_take_fixed_queries_at_10_and_1000_records(signed_in, rosa, today,
                                                                      count_queries):
    def grow(assignment, days):
        db.session.add_all(
            [CheckIn(client_id=rosa.id, checked_on=today - timedelta(days=day), pain=day % 10,
                     recorded_by_id=rosa.portal_user_id) for day in days] +
            [ExerciseLog(assignment_id=assignment.id, client_id=rosa.id,
                         logged_on=today - timedelta(days=day), slot=1,
                         form_token=f"grow-{day:06d}") for day in days])
        db.session.commit()

    assignment = make_assignment(rosa, starts_on=today - timedelta(days=1200))
    grow(assignment, range(1, 11))
    counts = {}
    for size, days in (("10", None), ("1000", range(11, 1001))):
        if days:
            grow(assignment, days)
        for path in ("/portal/", "/portal/history"):
            with count_queries() as statements:
                assert signed_in.get(path).status_code == 200
            counts[path, size] = len(statements)
    assert counts["/portal/", "10"] == counts["/portal/", "1000"]
    assert counts["/portal/history", "10"] == counts["/portal/history", "1000"]


# --- the body kept between visits (practice/core/kept_renderings.py) ----------------------

@pytest.fixture
def drawn(monkeypatch):
    yield from counted_calls(monkeypatch, routes, "_draw_today", kept_renderings.kept.clear)


def _tokens(page, *assignments) -> list[str]:
    return [field_value(page, f"a{assignment.id}-form_token") for assignment in assignments]


def test_a_second_visit_draws_nothing_and_takes_fewer_statements(signed_in, rosa, today, drawn,
                                                                 count_queries):
    make_assignment(rosa, starts_on=today - timedelta(days=2), notes="Lying down is fine.")
    make_check_in(rosa, today - timedelta(days=1), pain=4)
    with count_queries() as first_statements:
        first = signed_in.get("/portal/")
    with count_queries() as second_statements:
        second = signed_in.get("/portal/")
    assert len(drawn) == 1
    assert text_of(first) == text_of(second)
    assert "Lying down is fine." in text_of(second)
    assert len(second_statements) < len(first_statements)


def test_every_visit_gets_new_form_tokens_and_a_kept_form_records(signed_in, rosa, today, drawn):
    breathing = make_assignment(rosa, starts_on=today - timedelta(days=2), times=2)
    walking = make_assignment(rosa, exercise=starter_exercise("Gentle walking"),
                              starts_on=today, period=DosePeriod.WEEK, times=3)
    first = signed_in.get("/portal/").get_data(as_text=True)
    second = signed_in.get("/portal/").get_data(as_text=True)
    assert len(drawn) == 1
    tokens = _tokens(first, breathing, walking) + _tokens(second, breathing, walking)
    assert all(token and len(token) == 32 and "kept" not in token for token in tokens)
    assert len(set(tokens)) == 4
    # Two tabs of the kept page: each tap is its own "Done".
    for token in _tokens(first, breathing)[0], _tokens(second, breathing)[0]:
        page = signed_in.post(f"/portal/done/{breathing.id}",
                              data={f"a{breathing.id}-form_token": token}, follow_redirects=True)
        assert "is recorded" in text_of(page)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(ExerciseLog)) == 2


def test_each_sign_in_gets_its_own_csrf_token(app, rosa, today, drawn, monkeypatch):
    from tests.conftest import TEST_PASSWORD

    make_assignment(rosa, starts_on=today)
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        browser.post("/auth/login", data={"email": rosa.portal_user.email,
                                          "password": TEST_PASSWORD})
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the forms carry their token
    tokens = set()
    for browser in browsers:
        page = parse(browser.get("/portal/"))
        [token] = {field["value"] for field in page.select('main input[name$="csrf_token"]')}
        assert token == page.select_one('meta[name="csrf-token"]')["content"]
        tokens.add(token)
    assert len(tokens) == 2
    assert len(drawn) == 1


def test_a_tap_a_check_in_or_a_renamed_exercise_shows_at_once(signed_in, rosa, practitioner,
                                                               today, drawn):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=2), times=2)
    page = signed_in.get("/portal/").get_data(as_text=True)
    assert "0 of 2 done today" in page
    done = signed_in.post(f"/portal/done/{assignment.id}",
                          data={f"a{assignment.id}-form_token": _tokens(page, assignment)[0]},
                          follow_redirects=True)
    assert "is recorded" in text_of(done)  # the answer on the card, drawn for itself
    assert "1 of 2 done today" in text_of(signed_in.get("/portal/"))
    kept_visit = text_of(signed_in.get("/portal/"))
    assert "1 of 2 done today" in kept_visit
    assert "is recorded" not in kept_visit  # the answer is shown once
    drawn_so_far = len(drawn)
    make_check_in(rosa, today, pain=3)
    assert "You have checked in today" in text_of(signed_in.get("/portal/"))
    assignment.exercise.name = "Slow belly breathing"
    db.session.commit()
    assert "Slow belly breathing" in text_of(signed_in.get("/portal/"))
    practitioner.display_name = "Dr Renamed"
    db.session.commit()
    assert "Dr Renamed reads them" in text_of(signed_in.get("/portal/"))
    assert len(drawn) == drawn_so_far + 3


def test_the_next_day_is_drawn_for_itself(signed_in, rosa, today, drawn, monkeypatch):
    make_assignment(rosa, starts_on=today - timedelta(days=2), ends_on=today)
    assert "Belly breathing" in text_of(signed_in.get("/portal/"))
    monkeypatch.setattr(routes, "local_today", lambda: today + timedelta(days=1))
    assert "Nothing is on your program for today" in text_of(signed_in.get("/portal/"))
    assert len(drawn) == 2
