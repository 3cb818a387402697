"""Progress: adherence numbers, check-in charts, the practitioner's progress page, overview."""
from datetime import date, timedelta

import pytest

from practice.core import kept_renderings
from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.adherence import adherence_for_client, window_adherence
from practice.exercises.models import Assignment, DosePeriod
from practice.progress.charts import (
    HEIGHT,
    LEFT,
    PLOT_HEIGHT,
    PLOT_WIDTH,
    TOP,
    build_charts,
    describe_change,
    trend,
)
from practice.progress.models import LOWER_IS_BETTER, MEASURE_NAMES, MEASURES, CheckIn, scale_ends
from tests.commits import count_commits
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.exercises import make_assignment, make_check_in, make_log, starter_exercise
from tests.html import field_value, links, parse, text_of


@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def rosa(practitioner):
    return make_portal_client(practitioner, given_name="Rosa")[0]


def _days(today, *offsets):
    return [today - timedelta(days=offset) for offset in offsets]


def _log_on(assignment, days):
    for day in days:
        make_log(assignment, day)


def _by_exercise_start(results):
    return {(row.assignment.exercise.name.split()[0], row.assignment.starts_on): row for row in results}


def test_adherence_is_exact_for_a_constructed_history(rosa, practitioner):
    today = WEDNESDAY
    # A: twice a day for weeks. Last 7 days: two logs on five days, one on another -> 11 of 14.
    twice = make_assignment(rosa, starts_on=today - timedelta(days=40), times=2)
    for day in _days(today, 0, 1, 2, 4, 5):
        make_log(twice, day)
        make_log(twice, day)
    make_log(twice, today - timedelta(days=3))
    _log_on(twice, _days(today, *range(8, 28, 2)))  # ten more in days 8..26 -> 21 of 56
    make_log(twice, today - timedelta(days=30))  # outside the 28 days: not counted
    # B: three times a week, started 13 days ago: 7 days -> 3 due; 14 days -> 6 due.
    weekly = make_assignment(rosa, exercise=starter_exercise("Gentle walking"), period=DosePeriod.WEEK,
                             times=3, starts_on=today - timedelta(days=13))
    _log_on(weekly, _days(today, 1, 4, 9, 12))
    # C: daily, stopped: applied from 20 to 10 days ago (11 days), nothing due this week.
    stopped = make_assignment(rosa, exercise=starter_exercise("Kidney"), starts_on=today - timedelta(days=20),
                              stopped_on=today - timedelta(days=9))
    _log_on(stopped, _days(today, *range(10, 18)))
    # D: a dose change 14 days ago: the old one applied for 13 of the 28 days.
    old = make_assignment(rosa, exercise=starter_exercise("Eight Brocades"),
                          starts_on=today - timedelta(days=30), stopped_on=today - timedelta(days=14))
    new = make_assignment(rosa, exercise=old.exercise, starts_on=today - timedelta(days=14), times=2,
                          replaces=old)
    _log_on(old, _days(today, 15, 16, 20))
    _log_on(new, _days(today, 0, 0, 1, 6, 10))
    # E: starts in three days. F: ended long ago. G: stopped before it started.
    make_assignment(rosa, exercise=starter_exercise("Whole-body"), starts_on=today + timedelta(days=3))
    make_assignment(rosa, exercise=starter_exercise("Patting"), starts_on=today - timedelta(days=60),
                    ends_on=today - timedelta(days=40))
    make_assignment(rosa, exercise=starter_exercise("Warmth"), starts_on=today + timedelta(days=5),
                    stopped_on=today)
    # Another client's logs never count.
    other = make_client(practitioner)
    _log_on(make_assignment(other, starts_on=today - timedelta(days=10)), _days(today, 0, 1, 2))

    rows = _by_exercise_start(adherence_for_client(rosa.id, today))
    figures = {key: [(row.windows[days].done, row.windows[days].prescribed) for days in (7, 28)]
               for key, row in rows.items()}
    assert figures == {
        ("Belly", twice.starts_on): [(11, 14), (21, 56)],
        ("Gentle", weekly.starts_on): [(2, 3), (4, 6)],
        ("Kidney-area", stopped.starts_on): [(0, 0), (8, 11)],
        ("Eight", old.starts_on): [(0, 0), (3, 13)],
        ("Eight", new.starts_on): [(4, 14), (5, 30)],
        ("Whole-body", today + timedelta(days=3)): [(0, 0), (0, 0)],
    }
    belly = rows[("Belly", twice.starts_on)]
    assert [belly.windows[7].percent, belly.windows[28].percent] == [79, 38]
    assert rows[("Kidney-area", stopped.starts_on)].windows[7].percent is None
    # Current prescriptions first, then the stopped ones.
    ordered = [row.assignment.is_stopped for row in adherence_for_client(rosa.id, today)]
    assert ordered == sorted(ordered)


WEDNESDAY = date(2025, 3, 12)


def _dose(times=1, period=DosePeriod.DAY, starts_on=WEDNESDAY - timedelta(days=60), **dates):
    return Assignment(times=times, period=period, starts_on=starts_on, **dates)


def _logs(*days_ago, today=WEDNESDAY):
    counts = {}
    for offset in days_ago:
        day = today - timedelta(days=offset)
        counts[day] = counts.get(day, 0) + 1
    return counts


def _figures(window):
    return window.done, window.prescribed, window.extra, window.percent


def test_today_asks_only_for_what_is_done_so_far():
    twice_from_today = _dose(2, starts_on=WEDNESDAY)
    assert _figures(window_adherence(twice_from_today, {}, WEDNESDAY, 7)) == (0, 0, 0, None)
    assert _figures(window_adherence(twice_from_today, _logs(0), WEDNESDAY, 7)) == (1, 1, 0, 100)
    # Yesterday is over: it asked for its two.
    since_yesterday = _dose(2, starts_on=WEDNESDAY - timedelta(days=1))
    assert _figures(window_adherence(since_yesterday, _logs(0, 1), WEDNESDAY, 7)) == (2, 3, 0, 67)


def test_extra_times_are_shown_apart_and_never_pass_100_percent():
    daily = _dose(1)
    # Three times yesterday, twice today, nothing on the five days before.
    window = window_adherence(daily, _logs(1, 1, 1, 0, 0), WEDNESDAY, 7)
    assert _figures(window) == (2, 7, 3, 29)
    stopped = _dose(1, starts_on=WEDNESDAY, stopped_on=WEDNESDAY)
    assert _figures(window_adherence(stopped, _logs(0), WEDNESDAY, 7)) == (0, 0, 1, None)


def test_weekly_items_are_counted_per_week():
    from_24_february = _dose(3, DosePeriod.WEEK, starts_on=date(2025, 2, 24))
    # Six times in the week of 24 Feb, none in the week of 3 Mar: 3 of 6 and 3 extra, not 6 of 6.
    logs = {date(2025, 2, 24) + timedelta(days=offset): 1 for offset in range(6)}
    window = window_adherence(from_24_february, logs, date(2025, 3, 10), 15)
    assert _figures(window) == (3, 6, 3, 50)
    three_a_week = _dose(3, DosePeriod.WEEK)
    # This week (from Monday 10 Mar) asks only for what is done so far; last week is over.
    logs = _logs(1, 4, 5, 6)  # Tue 11, Sat 8, Fri 7, Thu 6 Mar
    window = window_adherence(three_a_week, logs, WEDNESDAY, 7)
    # 6-9 Mar: 4 days of last week ask for 2 of the 3 (3 done there: 2 count, 1 extra).
    assert _figures(window) == (3, 3, 1, 100)
    # A week the assignment cuts short asks for its share: from Saturday, 1 of 3.
    late_start = _dose(3, DosePeriod.WEEK, starts_on=date(2025, 3, 8))
    assert _figures(window_adherence(late_start, {}, WEDNESDAY, 7)) == (0, 1, 0, 0)


def test_adherence_takes_two_queries_whatever_the_history(rosa, today, count_queries):
    make_assignment(rosa, starts_on=today - timedelta(days=3))
    client_id = rosa.id
    db.session.expire_all()
    with count_queries() as few:
        adherence_for_client(client_id, today)
    for index in range(30):
        assignment = make_assignment(rosa, starts_on=today - timedelta(days=index), times=2)
        _log_on(assignment, _days(today, *range(0, index, 3)))
    db.session.expire_all()
    with count_queries() as many:
        rows = adherence_for_client(client_id, today)
    assert len(rows) == 31
    assert len(few) == len(many) == 2


def test_done_shows_up_in_the_practitioners_adherence_at_once(client, auth, practitioner, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=6))
    auth.login_as(practitioner)
    # Today asks only for what is done so far: six days behind, today not yet.
    assert "0 of 6" in client.get(f"/exercises/program/{rosa.id}").get_data(as_text=True)
    auth.logout()
    auth.login_as(rosa.portal_user)
    client.post(f"/portal/done/{assignment.id}", data={f"a{assignment.id}-form_token": "t" * 20})
    auth.logout()
    auth.login_as(practitioner)
    assert "1 of 7" in client.get(f"/exercises/program/{rosa.id}").get_data(as_text=True)


def _check_ins(rosa, today, values):
    for offset, pain in values:
        make_check_in(rosa, today - timedelta(days=offset), pain=pain, sleep_problems=pain)
    db.session.expire_all()
    return db.session.scalars(db.select(CheckIn).order_by(CheckIn.checked_on)).all()


def test_charts_place_points_by_day_and_value(rosa, today):
    check_ins = _check_ins(rosa, today, [(27, 10), (14, 5), (0, 0)])
    first = today - timedelta(days=27)
    pain, _neck, _fatigue, sleep, _fog = build_charts(check_ins, first, today)
    middle = TOP + PLOT_HEIGHT / 2
    assert [(point.x, point.y, point.value) for point in pain.points] == [
        (LEFT, TOP, 10), (round(LEFT + PLOT_WIDTH * 13 / 27, 1), middle, 5),
        (LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT, 0)]
    # Days 14 apart: no smoothing.
    assert pain.trend_path == (f"M{LEFT:.1f} {TOP:.1f} L{pain.points[1].x} {middle:.1f} "
                               f"L{LEFT + PLOT_WIDTH:.1f} {TOP + PLOT_HEIGHT:.1f}")
    assert _neck.points == []
    assert "no ratings" in _neck.summary
    assert pain.latest.value == 0
    assert HEIGHT > TOP + PLOT_HEIGHT
    assert "Average 10.0 in the first week rated and 0.0 in the last (down 10.0, better)" in pain.summary
    assert "(down 10.0, better)" in sleep.summary  # sleep problems run like pain


def test_trend_averages_the_last_seven_days_present():
    days = [(date(2026, 3, day), value) for day, value in [(1, 6), (2, 4), (8, 2), (9, 0)]]
    assert trend(days) == [(date(2026, 3, 1), 6), (date(2026, 3, 2), 5), (date(2026, 3, 8), 3),
                           (date(2026, 3, 9), 1)]


def test_trend_is_the_plain_average_of_every_window_over_months_of_ratings():
    import random
    import statistics

    rated = random.Random(7)
    days = sorted(rated.sample(range(120), 70))
    values = [(date(2026, 1, 1) + timedelta(days=day), rated.randint(0, 10)) for day in days]
    expected = [(day, statistics.mean([value for other, value in values
                                       if 0 <= (day - other).days < 7])) for day, _ in values]
    assert trend(values) == expected
    assert [type(average) for _day, average in trend(values)] == \
        [type(average) for _day, average in expected]  # 5, not 5.0, on a whole average


@pytest.mark.parametrize(("name", "change", "text"), [
    ("pain", -2.0, "down 2.0, better"), ("pain", 1.0, "up 1.0, worse"), ("fog", 0.3, "about the same"),
    ("sleep_problems", -1.5, "down 1.5, better")])
def test_changes_are_described_in_words(name, change, text):
    assert describe_change(name, change) == text


def test_progress_page_has_charts_with_text_and_is_audited(client, auth, practitioner, rosa, today):
    make_check_in(rosa, today - timedelta(days=2), pain=6, fog=4, note="Foggy after a bad night.")
    make_check_in(rosa, today, pain=4, fog=3)
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{rosa.id}?weeks=4")
    page = response.get_data(as_text=True)
    html = parse(response)
    assert len(html.select("svg.chart-svg")) == 5
    assert all(svg.select_one("desc[id]") for svg in html.select("svg.chart-svg"))
    assert "Pain overall: 2 ratings from" in page
    assert "Foggy after a bad night." in page  # the data table is the full text alternative
    assert [link.get_text(strip=True) for link in html.select('[aria-current="true"]')] == ["4 weeks"]
    assert html.select("[style]") == []
    assert [script for script in html.find_all("script") if not script.get("src")] == []
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "progress.view")).all()
    assert (event.client_id, event.actor_id, event.detail_dict) == (rosa.id, practitioner.id, {"weeks": 4})
    assert client.get(f"/progress/client/{rosa.id}?weeks=1000").status_code == 200


def test_client_overview_has_home_program_and_progress_sections(client, auth, practitioner, rosa, today):
    assignment = make_assignment(rosa, starts_on=today - timedelta(days=6), times=2)
    _log_on(assignment, _days(today, 0, 1, 2))
    make_check_in(rosa, today - timedelta(days=1), pain=5, neck_shoulder_pain=6, fatigue=4,
                  sleep_problems=7, fog=2)
    auth.login_as(practitioner)
    response = client.get(f"/clients/{rosa.id}")
    page = response.get_data(as_text=True)
    assert "Home program" in page
    assert f"/exercises/assign/{rosa.id}" in links(response)
    assert "3 of 13" in page  # today: 1 done of 2, so 1 due so far
    assert "Latest check-in" in page
    assert len(parse(response).select("svg.chart-svg")) == 5
    assert f"/exercises/program/{rosa.id}/print" in links(response)
    # The overview's one view event covers its sections.
    db.session.expire_all()
    assert db.session.scalars(db.select(AuditEvent.action)
                              .where(AuditEvent.client_id == rosa.id)).all() == ["client.view"]


def test_overview_sections_take_fixed_queries(app, practitioner, rosa, today, count_queries):
    from practice.exercises.queries import home_program_section
    from practice.progress.queries import progress_section

    with app.test_request_context():
        local_today()
        make_assignment(rosa, starts_on=today)
        make_check_in(rosa, today, pain=3)
        db.session.expire_all()
        with count_queries() as few:
            home_program_section(rosa)
            progress_section(rosa)
        for index in range(15):
            assignment = make_assignment(rosa, starts_on=today - timedelta(days=index + 1))
            _log_on(assignment, _days(today, *range(index)))
            make_check_in(rosa, today - timedelta(days=index + 1), pain=index % 10)
        db.session.expire_all()
        with count_queries() as many:
            home_program_section(rosa)
            progress_section(rosa)
    assert len(many) == len(few)


def test_a_practitioner_records_a_check_in_for_a_paper_client(client, auth, practitioner, today):
    paper = make_client(practitioner, given_name="Margaret")
    auth.login_as(practitioner)
    page = client.get(f"/progress/client/{paper.id}/check-in")
    assert field_value(page, "checked_on") == today.isoformat()
    day = (today - timedelta(days=2)).isoformat()
    response = client.post(f"/progress/client/{paper.id}/check-in", data={
        "checked_on": day, "pain": "6", "fatigue": "7", "note": "Told me at the session."})
    assert response.status_code == 302
    again = client.get(f"/progress/client/{paper.id}/check-in?day={day}").get_data(as_text=True)
    assert "There is already a check-in" in again
    client.post(f"/progress/client/{paper.id}/check-in", data={"checked_on": day, "pain": "5"})
    db.session.expire_all()
    [check_in] = db.session.scalars(db.select(CheckIn).where(CheckIn.client_id == paper.id)).all()
    assert (check_in.checked_on.isoformat(), check_in.pain, check_in.fatigue) == (day, 5, None)
    assert check_in.recorded_by_id == practitioner.id
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.client_id == paper.id, AuditEvent.action.like("check_in.%"))
        .order_by(AuditEvent.id)).all()
    assert actions == ["check_in.view", "check_in.create", "check_in.view", "check_in.update"]
    assert "entered by the practitioner" in client.get(f"/progress/client/{paper.id}").get_data(as_text=True)


def test_practitioner_check_ins_are_not_for_the_future_nor_for_others(client, auth, practitioner,
                                                                      other_practitioner, today):
    from practice.core.database import now_utc

    mine = make_client(practitioner)
    theirs = make_client(other_practitioner)
    auth.login_as(practitioner)
    response = client.post(f"/progress/client/{mine.id}/check-in", data={
        "checked_on": (today + timedelta(days=1)).isoformat(), "pain": "3"})
    assert "A check-in cannot be for a day still to come." in response.get_data(as_text=True)
    assert client.post(f"/progress/client/{theirs.id}/check-in", data={
        "checked_on": today.isoformat(), "pain": "3"}).status_code == 404
    mine.archived_at = now_utc()
    db.session.commit()
    response = client.post(f"/progress/client/{mine.id}/check-in", data={
        "checked_on": today.isoformat(), "pain": "3"})
    assert response.status_code == 409
    assert "This client's record is archived" in text_of(response)
    assert db.session.scalars(db.select(CheckIn)).all() == []
    assert client.get(f"/progress/client/{mine.id}").status_code == 200  # still readable


def test_progress_page_takes_fixed_queries(client, auth, practitioner, rosa, today, count_queries):
    auth.login_as(practitioner)
    page = f"/progress/client/{rosa.id}"
    make_check_in(rosa, today, pain=3)
    client.get(page)
    kept_renderings.kept.clear()  # both counts are of a page drawn afresh
    with count_queries() as few:
        assert client.get(page).status_code == 200
    for index in range(1, 30):
        make_check_in(rosa, today - timedelta(days=index), pain=index % 10, fatigue=5)
    kept_renderings.kept.clear()
    with count_queries() as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few)


def _client_events(client_id):
    db.session.expire_all()
    return db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.client_id == client_id)
                              .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize(("path", "action"), [("/progress/client/{id}", "progress.view"),
                                              ("/progress/client/{id}/check-in", "check_in.view")])
def test_each_visit_to_a_progress_page_leaves_one_view_event(client, auth, practitioner, rosa, today,
                                                             path, action):
    make_check_in(rosa, today, pain=4)
    make_assignment(rosa, starts_on=today - timedelta(days=3))
    auth.login_as(practitioner)
    for visits in (1, 2):
        assert client.get(path.format(id=rosa.id)).status_code == 200
        assert _client_events(rosa.id) == [action] * visits


def test_saving_a_check_in_is_one_commit_and_records_no_view(client, auth, practitioner, rosa, today):
    auth.login_as(practitioner)
    with count_commits() as commits:
        response = client.post(f"/progress/client/{rosa.id}/check-in",
                               data={"checked_on": today.isoformat(), "fog": "2"})
    assert response.status_code == 302
    assert len(commits) == 1
    assert _client_events(rosa.id) == ["check_in.create"]


# A practitioner's entry beside the client's own ----------------------------------------

CLIENTS_OWN = {"pain": "6", "neck_shoulder_pain": "7", "fatigue": "5", "sleep_problems": "3",
               "fog": "4", "note": "Bad night, stiff neck."}


def _stored_check_ins(client_id):
    db.session.expire_all()
    return db.session.scalars(db.select(CheckIn).where(CheckIn.client_id == client_id)
                              .order_by(CheckIn.id)).all()


def test_a_practitioners_entry_never_overwrites_the_clients_own_check_in(client, auth, practitioner,
                                                                         rosa, today):
    auth.login_as(practitioner)
    form_page = client.get(f"/progress/client/{rosa.id}/check-in")  # opened before the client saves
    assert field_value(form_page, "checked_on") == today.isoformat()
    auth.logout()
    auth.login_as(rosa.portal_user)
    assert client.post("/portal/checkin", data=CLIENTS_OWN).status_code == 302
    auth.logout()
    auth.login_as(practitioner)
    response = client.post(f"/progress/client/{rosa.id}/check-in",
                           data={"checked_on": today.isoformat(), "pain": "3"})
    assert response.status_code == 302
    own, entered = _stored_check_ins(rosa.id)
    assert (own.pain, own.neck_shoulder_pain, own.fatigue, own.sleep_problems, own.fog, own.note) == (
        6, 7, 5, 3, 4, "Bad night, stiff neck.")
    assert own.recorded_by_id == rosa.portal_user_id
    assert (entered.pain, entered.fatigue, entered.note, entered.recorded_by_id) == (
        3, None, None, practitioner.id)
    assert (own.source.value, entered.source.value) == ("client", "practitioner")
    # Both in the table, labelled; the client's own counts in the charts.
    page = client.get(f"/progress/client/{rosa.id}")
    rows = parse(page).select("table.checkin-table tbody tr")
    assert len(rows) == 2
    labels = [" ".join(row.th.get_text(" ").split()) for row in rows]
    assert "entered by Rosa" in labels[0]
    assert "entered by the practitioner" in labels[1]
    assert "Pain overall: one rating from" in text_of(page)
    assert "Latest 6 out of 10" in text_of(page)
    overview = client.get(f"/clients/{rosa.id}")
    assert [dd.get_text(strip=True) for dd in parse(overview).select("dl.latest-ratings dd")] == [
        "6", "7", "5", "3", "4"]
    # The practitioner's form for that day shows the client's own entry and keeps to its own.
    again = client.get(f"/progress/client/{rosa.id}/check-in?day={today.isoformat()}")
    assert "Rosa checked in" in text_of(again)
    assert [radio["id"] for radio in parse(again).select("input.btn-check[checked]")
                if radio["value"]] == ["pain-3"]
    client.post(f"/progress/client/{rosa.id}/check-in",
                data={"checked_on": today.isoformat(), "pain": "2", "note": "At the session."})
    own, entered = _stored_check_ins(rosa.id)
    assert (own.pain, own.note) == (6, "Bad night, stiff neck.")
    assert (entered.pain, entered.note) == (2, "At the session.")


def test_the_clients_portal_does_not_count_the_practitioners_entry_as_theirs(client, auth,
                                                                             practitioner, rosa,
                                                                             today):
    auth.login_as(practitioner)
    client.post(f"/progress/client/{rosa.id}/check-in",
                data={"checked_on": today.isoformat(), "pain": "8", "note": "Said at the session."})
    auth.logout()
    auth.login_as(rosa.portal_user)
    home = client.get("/portal/")
    assert "You have checked in today" not in text_of(home)
    assert "Do today's check-in" in text_of(home)
    form = client.get("/portal/checkin")
    assert "You checked in today" not in text_of(form)
    assert [radio["value"] for radio in parse(form).select("input.btn-check[checked]")] == [
        ""] * 5  # every scale on "Skip": not the practitioner's ratings
    assert client.post("/portal/checkin", data={"pain": "4"}).status_code == 302
    assert "You have checked in today" in text_of(client.get("/portal/"))
    entered, own = _stored_check_ins(rosa.id)
    assert (entered.pain, entered.note, own.pain) == (8, "Said at the session.", 4)
    history = text_of(client.get("/portal/history"))
    assert "Said at the session." in history
    assert "Entered by your practitioner" in history


def test_one_check_in_per_client_day_and_source(rosa, practitioner, today):
    from sqlalchemy.exc import IntegrityError

    from practice.progress.models import CheckInSource

    make_check_in(rosa, today, pain=3, source=CheckInSource.CLIENT)
    make_check_in(rosa, today, pain=5, recorded_by=practitioner, source=CheckInSource.PRACTITIONER)
    with pytest.raises(IntegrityError):
        make_check_in(rosa, today, pain=4, recorded_by=practitioner,
                      source=CheckInSource.PRACTITIONER)
    db.session.rollback()


def test_charts_count_the_clients_own_rating_on_a_day_with_both(rosa, practitioner, today):
    from practice.progress.models import CheckInSource, one_per_day

    make_check_in(rosa, today - timedelta(days=1), pain=2, recorded_by=practitioner,
                  source=CheckInSource.PRACTITIONER)
    make_check_in(rosa, today, pain=7, recorded_by=practitioner, source=CheckInSource.PRACTITIONER)
    make_check_in(rosa, today, pain=5, source=CheckInSource.CLIENT)
    kept = one_per_day(_stored_check_ins(rosa.id))
    assert [(check_in.checked_on, check_in.pain) for check_in in kept] == [
        (today - timedelta(days=1), 2), (today, 5)]
    [pain, *_rest] = build_charts(kept, today - timedelta(days=6), today)
    assert [point.value for point in pain.points] == [2, 5]


# Hostile query strings -----------------------------------------------------------------

@pytest.mark.parametrize("weeks", ["-8", "0", "abc", "9" * 30, ""])
def test_the_progress_page_answers_any_weeks(client, auth, practitioner, rosa, weeks):
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{rosa.id}?weeks={weeks}")
    assert response.status_code == 200
    assert [link.get_text(strip=True) for link in
            parse(response).select('[aria-current="true"]')] == ["8 weeks"]


@pytest.mark.parametrize(("day", "shown"), [("0001-01-01", "1900-01-01"), ("9999-12-31", "today"),
                                            ("garbage", "today"), ("2026-02-30", "today"),
                                            ("", "today")])
def test_the_check_in_form_answers_any_day(client, auth, practitioner, rosa, today, day, shown):
    auth.login_as(practitioner)
    response = client.get(f"/progress/client/{rosa.id}/check-in?day={day}")
    assert response.status_code == 200
    assert field_value(response, "checked_on") == (today.isoformat() if shown == "today" else shown)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "99999-01-01", "garbage"])
def test_a_check_in_for_an_impossible_day_is_explained_and_nothing_is_stored(client, auth,
                                                                             practitioner, rosa,
                                                                             day):
    auth.login_as(practitioner)
    response = client.post(f"/progress/client/{rosa.id}/check-in",
                           data={"checked_on": day, "pain": "4", "note": "Typed at the session."})
    assert response.status_code == 200
    assert parse(response).select_one("#checked_on-error, .invalid-feedback")
    assert field_value(response, "note").strip() == "Typed at the session."  # what was typed stays
    assert _stored_check_ins(rosa.id) == []


def test_every_rating_runs_the_same_way_ten_is_the_worst():
    assert set(MEASURE_NAMES) == LOWER_IS_BETTER
    ends = {name: scale_ends(scale) for name, _label, scale in MEASURES}
    assert ends["sleep_problems"] == ("slept well", "slept very badly")
    assert ends["pain"] == ("no pain", "worst imaginable")


def test_the_check_in_asks_about_sleep_problems_with_both_ends_in_words(client, auth, rosa):
    auth.login_as(rosa.portal_user)
    page = client.get("/portal/checkin")
    html = parse(page)
    scale = next(fieldset for fieldset in html.select("fieldset.rating-scale")
                 if fieldset.legend.get_text(strip=True) == "Sleep problems")
    help_text = html.select_one(f"#{scale['aria-describedby']}").get_text(strip=True)
    assert help_text == "0 = slept well, 10 = slept very badly"
    assert [label.get_text(strip=True) for label in scale.select("label")] == [
        *map(str, range(11)), "Skip"]
    assert "except sleep" not in text_of(page)


def test_a_skipped_rating_is_shown_as_skipped(client, auth, practitioner, rosa, today):
    make_check_in(rosa, today, pain=4, fatigue=None, sleep_problems=6, fog=3)
    auth.login_as(practitioner)
    row = parse(client.get(f"/progress/client/{rosa.id}")).select_one("table.checkin-table tbody tr")
    assert [cell.get_text(strip=True) for cell in row.select("td")][:5] == [
        "4", "skipped", "skipped", "6", "3"]
    auth.logout()
    auth.login_as(rosa.portal_user)
    assert "Pain 4 · sleep problems 6 · fatigue skipped" in text_of(client.get("/portal/"))
    history = text_of(client.get("/portal/history"))
    assert "Pain 4 · neck/shoulders skipped · fatigue skipped · sleep problems 6 · fog 3" in history


@pytest.mark.parametrize("path", ["/exercises/program/{id}", "/clients/{id}",
                                  "/progress/client/{id}"])
def test_adherence_pages_take_the_same_queries_at_10_and_1000_logs(client, auth, practitioner,
                                                                  today, count_queries, path):
    from practice.exercises.models import ExerciseLog

    auth.login_as(practitioner)
    counts = []
    for logs in (10, 1_000):
        person = make_portal_client(practitioner, given_name=f"Logs{logs}")[0]
        assignments = [make_assignment(person, starts_on=today - timedelta(days=logs), times=2),
                       make_assignment(person, exercise=starter_exercise("Gentle walking"),
                                       period=DosePeriod.WEEK, times=3,
                                       starts_on=today - timedelta(days=logs))]
        db.session.add_all(
            ExerciseLog(assignment_id=assignments[number % 2].id, client_id=person.id,
                        logged_on=today - timedelta(days=number // 2), slot=1 + number % 2,
                        form_token=f"bulk-{logs}-{number}")
            for number in range(logs))
        db.session.commit()
        url = path.format(id=person.id)
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
