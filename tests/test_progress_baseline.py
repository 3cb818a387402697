"""Baseline and course change: the pure rules, and the client's overview and progress pages."""
from datetime import UTC, date, datetime, timedelta

import pytest

from practice.core.clock import local_today
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.progress.baseline import (
    Mark,
    change_mark,
    daily_course,
    intake_changes,
    is_important_improvement,
    is_important_worsening,
    signed_in_order,
)
from practice.progress.models import CheckIn, CheckInSource
from tests.factories.accounts import make_client
from tests.factories.clients import make_intake
from tests.factories.exercises import make_check_in
from tests.html import parse, text_of

START = date(2025, 3, 3)
SIGNED = datetime(2025, 3, 3, 12, tzinfo=UTC)


# --- the marks --------------------------------------------------------------------------------

@pytest.mark.parametrize(("baseline", "current", "mark"), [
    (6, 4, Mark.IMPORTANT),      # 2 points, 33 %
    (10, 8, Mark.IMPORTANT),     # 2 points, only 20 %
    (3, 2, Mark.IMPORTANT),      # 1 point, but 33 %
    (10, 9, None),
    (9, 8, None),
    (8, 4, Mark.SUBSTANTIAL),
    (4, 6, Mark.SUBSTANTIAL),    # 50 % worse
    (5, 5, None),
    (0, 1, None),                # from 0 only the points count
    (0, 2, Mark.IMPORTANT),
    (6.0, 4.3, None),            # 1.7 points, 28 %: not yet ...
    (6.0, 4.2, Mark.IMPORTANT),  # ... 30 %
    (6.4, 4.6, None),            # 1.8 points, 28 %
])
def test_change_marks(baseline, current, mark):
    assert change_mark(baseline, current) is mark


def test_improvement_and_worsening_follow_the_scale_direction():
    assert is_important_improvement(6, 3)
    assert not is_important_improvement(3, 6)
    assert is_important_worsening(3, 6)
    # On a scale where higher is better.
    assert is_important_improvement(3, 6, lower_is_better=False)
    assert is_important_worsening(6, 3, lower_is_better=False)
    assert not is_important_worsening(6, 5.5, lower_is_better=False)


# --- intakes ----------------------------------------------------------------------------------

def _intake(day, *, signed=True, wpi_regions=("neck", "upper_back"), pain=6, neck=7,
            identifier=None, discarded=False):
    intake = Intake(id=identifier, assessed_on=day, painful_regions=list(wpi_regions),
                    fatigue=2, waking_unrefreshed=2, cognitive_symptoms=1, headaches=1,
                    lower_abdominal_pain=0, depression=0, symptoms_3_months=True,
                    pain_overall=pain, pain_neck_shoulders=neck)
    intake.signed_at = SIGNED if signed else None
    intake.discarded_at = SIGNED if discarded else None
    return intake


def test_only_signed_intakes_count_and_the_first_is_the_baseline():
    draft_first = _intake(START - timedelta(days=30), signed=False, pain=10, identifier=1)
    discarded = _intake(START - timedelta(days=20), signed=False, discarded=True, identifier=2)
    first = _intake(START, pain=8, neck=9, identifier=3,
                    wpi_regions=("neck", "upper_back", "lower_back", "chest"))
    latest = _intake(START + timedelta(days=90), pain=4, neck=8, identifier=4)
    later_draft = _intake(START + timedelta(days=100), signed=False, pain=1, identifier=5)
    signed = signed_in_order([latest, later_draft, draft_first, first, discarded])
    assert signed == [first, latest]
    changes = {change.key: change for change in intake_changes(signed[0], signed[-1])}
    assert (changes["wpi"].baseline, changes["wpi"].current, changes["wpi"].change) == (4, 2, -2)
    assert changes["wpi"].mark is None  # an index score
    assert changes["wpi"].reading is None
    assert changes["psd"].mark is None
    assert changes["pain_overall"].mark is Mark.SUBSTANTIAL
    assert changes["pain_overall"].reading == "substantial improvement (50% or more)"
    assert changes["pain_neck_shoulders"].mark is None  # 9 -> 8
    assert changes["pain_neck_shoulders"].direction == "better"


# --- daily check-ins --------------------------------------------------------------------------

def _check_in(day, source=CheckInSource.CLIENT, **ratings):
    return CheckIn(checked_on=day, source=source, **ratings)


def test_daily_baseline_is_the_first_two_weeks_and_the_client_s_own_counts():
    check_ins = [_check_in(START + timedelta(days=offset), pain=6, sleep_problems=6)
                 for offset in range(14)]
    # The practitioner's entry on a day the client checked in too is not counted ...
    check_ins.append(_check_in(START, CheckInSource.PRACTITIONER, pain=10, sleep_problems=10))
    # ... but on a day with no check-in of the client's own it is.
    check_ins.append(_check_in(START + timedelta(days=30), CheckInSource.PRACTITIONER, pain=3,
                               sleep_problems=3))
    check_ins.append(_check_in(START + timedelta(days=31), pain=4, sleep_problems=4, fog=5))
    course = daily_course(check_ins)
    assert (course.baseline.first_day, course.baseline.last_day) == (START,
                                                                     START + timedelta(days=13))
    assert course.baseline.days_with_check_ins == 14
    assert course.baseline.means["pain"] == 6.0
    assert (course.recent.first_day, course.recent.last_day) == (START + timedelta(days=25),
                                                                 START + timedelta(days=31))
    changes = {change.key: change for change in course.changes}
    assert set(changes) == {"pain", "sleep_problems"}  # fog has no baseline, the others no ratings
    assert (changes["pain"].baseline, changes["pain"].current) == (6.0, 3.5)
    assert changes["pain"].reading == "clinically important improvement (30% or 2 points)"
    assert changes["sleep_problems"].direction == "better"  # 6 -> 3.5
    assert changes["sleep_problems"].mark is Mark.IMPORTANT  # 2.5 points, 42 %


def test_no_course_change_until_the_baseline_period_is_over():
    check_ins = [_check_in(START + timedelta(days=offset), pain=6) for offset in range(10)]
    course = daily_course(check_ins)
    assert course.baseline.days_with_check_ins == 10
    assert course.recent is None
    assert course.changes == []
    assert daily_course([]) is None


def test_the_latest_week_does_not_reach_into_the_baseline():
    check_ins = [_check_in(START + timedelta(days=offset), pain=8) for offset in range(14)]
    check_ins.append(_check_in(START + timedelta(days=15), pain=2))
    course = daily_course(check_ins)
    assert course.recent.first_day == START + timedelta(days=14)
    assert [(change.key, change.current) for change in course.changes] == [("pain", 2.0)]


# --- on the pages -----------------------------------------------------------------------------

@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def rosa(practitioner):
    return make_client(practitioner, given_name="Rosa", family_name="Martinez")


def _daily_history(client, today, days):
    """``days`` days of check-ins ending today: pain 7 at first, 4 in the latest week."""
    db.session.add_all(CheckIn(client_id=client.id, checked_on=today - timedelta(days=offset),
                               recorded_by_id=client.practitioner_id, pain=7 if offset >= 7 else 4,
                               fatigue=6, source=CheckInSource.CLIENT)
                       for offset in range(days))
    db.session.commit()


def test_the_overview_and_progress_page_show_baseline_and_course_change(client, auth,
                                                                        practitioner, rosa,
                                                                        today):
    make_intake(rosa, days_ago=120, signed=True, pain_overall=8, pain_neck_shoulders=8)
    make_intake(rosa, days_ago=10, signed=True, pain_overall=5, pain_neck_shoulders=7)
    make_intake(rosa, days_ago=2, pain_overall=1)  # a draft: not counted
    _daily_history(rosa, today, 40)
    auth.login_as(practitioner)
    for path in (f"/clients/{rosa.id}", f"/progress/client/{rosa.id}"):
        response = client.get(path)
        page = text_of(response)
        assert "Baseline and course change" in page
        intakes = parse(response).select_one(".course-intakes")
        pain = " ".join(intakes.select_one(".course-pain_overall").get_text(" ").split())
        assert pain == ("Pain overall 8/10 5/10 -3 (-38%) · better "
                        "clinically important improvement (30% or 2 points)")
        neck = " ".join(intakes.select_one(".course-pain_neck_shoulders").get_text(" ").split())
        assert neck == "Neck and shoulder pain 8/10 7/10 -1 (-12%) · better"
        daily = parse(response).select_one(".course-daily")
        assert "mean of 14 day(s) of check-ins" in daily.get_text(" ")
        pain = " ".join(daily.select_one(".course-pain").get_text(" ").split())
        assert pain == ("Pain overall 7.0/10 4.0/10 -3.0 (-43%) · better "
                        "clinically important improvement (30% or 2 points)")
        fatigue = " ".join(daily.select_one(".course-fatigue").get_text(" ").split())
        assert fatigue == "Fatigue 6.0/10 6.0/10 no change"


def test_a_client_without_a_signed_intake_or_check_in_has_no_course_section(client, auth,
                                                                            practitioner, rosa):
    make_intake(rosa, days_ago=3)
    auth.login_as(practitioner)
    assert "Baseline and course change" not in text_of(client.get(f"/clients/{rosa.id}"))
    progress = text_of(client.get(f"/progress/client/{rosa.id}"))
    assert "No baseline yet" in progress


@pytest.mark.parametrize("path", ["/clients/{id}", "/progress/client/{id}"])
def test_course_change_takes_a_fixed_number_of_queries(client, auth, practitioner, rosa, today,
                                                       count_queries, path):
    """At 10 and at 1,000 days of check-ins and intakes behind it, the same queries."""
    auth.login_as(practitioner)
    counts = []
    for days, intakes in ((10, 2), (1_000, 30)):
        other = make_client(practitioner, given_name=f"Client{days}")
        for number in range(intakes):
            make_intake(other, days_ago=days - number, signed=True)
        _daily_history(other, today, days)
        url = path.format(id=other.id)
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_course_check_ins_reads_only_the_two_periods(app, practitioner, rosa, today):
    from practice.progress.queries import course_check_ins

    _daily_history(rosa, today, 1_000)
    make_check_in(rosa, today, recorded_by=practitioner, pain=1,
                  source=CheckInSource.PRACTITIONER)
    loaded = course_check_ins(rosa.id)
    assert len(loaded) == 14 + 7 + 1
