"""The attention rules as pure functions, and how their findings are scheduled over time."""
from datetime import UTC, date, datetime, timedelta

from practice.attention import rules
from practice.attention.facts import ClientFacts, RecordRef
from practice.attention.registry import schedule
from practice.exercises.models import Assignment, DosePeriod
from practice.intakes.models import Intake
from practice.plans.models import SessionPlan
from practice.progress.models import CheckIn, CheckInSource

TODAY = date(2025, 3, 12)  # a Wednesday
NOW = datetime(2025, 3, 12, 9, tzinfo=UTC)
FIRST_DAY = TODAY - timedelta(days=40)


def _at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _check_in(day, *, source=CheckInSource.CLIENT, note=None, identifier=None, **ratings):
    return CheckIn(id=identifier, checked_on=day, source=source, note=note,
                   created_at=_at(day), updated_at=_at(day), **ratings)


def _facts(**fields) -> ClientFacts:
    return ClientFacts(client_id=7, now=NOW, today=TODAY, **fields)


def _baseline_fortnight(**ratings):
    return [_check_in(FIRST_DAY + timedelta(days=offset), **ratings) for offset in range(14)]


def _findings(rule, facts, day=TODAY):
    return list(rule(facts, day))


# --- worse than baseline ----------------------------------------------------------------------

def test_a_week_worse_than_the_baseline_by_two_points_is_found():
    check_ins = _baseline_fortnight(fatigue=5, sleep_problems=4, pain=4)
    check_ins += [_check_in(TODAY - timedelta(days=offset), fatigue=7, sleep_problems=4, pain=5)
                  for offset in (0, 2, 4)]
    [finding] = _findings(rules.worse_than_baseline, _facts(check_ins=check_ins))
    assert finding.reason == ("Worse than baseline over the last 7 days (3 check-ins): "
                              "fatigue 7.0 against a baseline of 5.0.")  # pain: +1, 25 %
    assert finding.link == ("progress.client_progress", {"client_id": 7})
    assert finding.data_at == _at(TODAY)


def test_worse_is_higher_and_30_percent_counts():
    check_ins = _baseline_fortnight(sleep_problems=4, pain=3)
    check_ins += [_check_in(TODAY - timedelta(days=1), sleep_problems=6, pain=2)]
    [finding] = _findings(rules.worse_than_baseline, _facts(check_ins=check_ins))
    assert "sleep problems 6.0 against a baseline of 4.0" in finding.reason
    assert "pain" not in finding.reason  # pain fell: better
    check_ins = _baseline_fortnight(pain=3) + [_check_in(TODAY, pain=4)]  # +1, 33 %
    assert "pain overall 4.0" in _findings(rules.worse_than_baseline,
                                           _facts(check_ins=check_ins))[0].reason


def test_no_finding_while_the_baseline_forms_or_without_recent_check_ins():
    forming = [_check_in(TODAY - timedelta(days=offset), fatigue=9 if offset < 3 else 2)
               for offset in range(10)]
    assert _findings(rules.worse_than_baseline, _facts(check_ins=forming)) == []
    stale = _baseline_fortnight(fatigue=2) + [_check_in(TODAY - timedelta(days=8), fatigue=9)]
    assert _findings(rules.worse_than_baseline, _facts(check_ins=stale)) == []


def test_the_clients_own_check_in_counts_over_the_practitioners_entry():
    check_ins = _baseline_fortnight(fatigue=5)
    check_ins += [_check_in(TODAY, fatigue=5),
                  _check_in(TODAY, source=CheckInSource.PRACTITIONER, fatigue=9)]
    assert _findings(rules.worse_than_baseline, _facts(check_ins=check_ins)) == []
    assert _findings(rules.high_rating, _facts(check_ins=check_ins)) == []


# --- a high rating ----------------------------------------------------------------------------

def test_a_high_rating_worse_than_the_baseline_is_found_once_for_the_latest_day():
    check_ins = _baseline_fortnight(fatigue=5, fog=9, sleep_problems=5)
    check_ins += [_check_in(TODAY - timedelta(days=3), fatigue=9),
                  _check_in(TODAY - timedelta(days=1), fatigue=8, fog=9, sleep_problems=8)]
    [finding] = _findings(rules.high_rating, _facts(check_ins=check_ins))
    # Fog 9 is high but no worse than its baseline of 9.
    assert finding.reason == ("Check-in of Tue 11 Mar: fatigue 8 (baseline 5.0), "
                              "sleep problems 8 (baseline 5.0).")
    assert finding.subject == "check_in:2025-03-11"


def test_while_the_baseline_forms_the_intake_pain_is_the_baseline_and_others_count_alone():
    intake = Intake(pain_overall=9, pain_neck_shoulders=5)
    check_ins = [_check_in(TODAY, pain=8, neck_shoulder_pain=8, fatigue=8,
                           note="couldn't find words at work")]
    [finding] = _findings(rules.high_rating, _facts(check_ins=check_ins, baseline_intake=intake))
    assert finding.reason == ("Check-in of Wed 12 Mar: neck and shoulder pain 8 (baseline 5.0), "
                              "fatigue 8 (no baseline yet).")


# --- a note since the last session -----------------------------------------------------------

def test_a_note_since_the_last_session_is_quoted_and_the_rest_counted():
    notes = [_check_in(TODAY, note="Couldn't   find words\nat work", identifier=31),
             _check_in(TODAY - timedelta(days=1), note="Tired", identifier=30)]
    last = RecordRef(1, TODAY - timedelta(days=5), _at(TODAY), _at(TODAY))
    [finding] = _findings(rules.check_in_note, _facts(notes_since_session=notes,
                                                      notes_since_session_count=4,
                                                      last_session=last))
    assert finding.reason == ("Check-in note of Wed 12 Mar: \u201cCouldn't find words at work\u201d "
                              "(3 more notes since the last session)")
    assert finding.subject == "check_in:31"
    long_note = [_check_in(TODAY, note="x" * 400, identifier=5)]
    [finding] = _findings(rules.check_in_note, _facts(notes_since_session=long_note,
                                                      notes_since_session_count=1))
    assert len(finding.reason) < 220
    assert finding.reason.endswith("\u201d (no session yet)")
    assert _findings(rules.check_in_note, _facts()) == []


# --- adherence --------------------------------------------------------------------------------

def _assignment(identifier=1, times=1, period=DosePeriod.DAY, starts_on=FIRST_DAY):
    return Assignment(id=identifier, times=times, period=period, starts_on=starts_on,
                      updated_at=_at(starts_on))


def test_adherence_under_half_over_fourteen_days_is_found():
    daily = _assignment()
    logs = {TODAY - timedelta(days=offset): 1 for offset in (1, 2, 3, 4, 5, 6)}
    facts = _facts(assignments=[daily], logs={1: logs}, program_changed_at=_at(TODAY),
                   logs_exercises=True)
    [finding] = _findings(rules.low_adherence, facts)
    # 13 whole days asked for one each, today only for what is done (nothing yet): 6 of 13.
    assert finding.reason == "Home program: 6 of 13 times due in the 14 days to 12 Mar done (46%)."
    logs[TODAY - timedelta(days=7)] = 1
    assert _findings(rules.low_adherence, facts) == []  # 7 of 13: 54 %


def test_a_program_started_today_is_not_behind():
    facts = _facts(assignments=[_assignment(times=2, starts_on=TODAY)], logs={},
                   logs_exercises=True)
    assert _findings(rules.low_adherence, facts) == []


def test_a_paper_program_has_no_logs_to_count():
    assert _findings(rules.low_adherence, _facts(assignments=[_assignment()], logs={})) == []


# --- cadence ----------------------------------------------------------------------------------

def _plan(sessions_per_week=1, start_date=FIRST_DAY):
    return SessionPlan(id=4, name="Lymph flow", sessions_per_week=sessions_per_week,
                       start_date=start_date, updated_at=_at(start_date))


def test_no_session_for_longer_than_the_cadence_is_found():
    last = RecordRef(9, TODAY - timedelta(days=8), _at(TODAY - timedelta(days=8)),
                     _at(TODAY - timedelta(days=8)))
    [finding] = _findings(rules.session_overdue, _facts(active_plans=[_plan()], last_session=last))
    assert finding.reason == ("No session since 04 Mar 2025; \u201cLymph flow\u201d plans "
                              "once a week.")
    assert finding.link == ("plans.view_plan", {"plan_id": 4})
    week_ago = RecordRef(9, TODAY - timedelta(days=7), NOW, NOW)
    assert _findings(rules.session_overdue, _facts(active_plans=[_plan()],
                                                   last_session=week_ago)) == []
    # Twice a week: a gap of four days is too long; none since the plan began counts from it.
    [finding] = _findings(rules.session_overdue, _facts(
        active_plans=[_plan(2, start_date=TODAY - timedelta(days=5))]))
    assert finding.reason.startswith("No session since the plan began on 07 Mar 2025")


# --- drafts -----------------------------------------------------------------------------------

def test_drafts_are_found_a_day_after_they_were_made():
    session = RecordRef(3, TODAY - timedelta(days=1), _at(TODAY, 8) - timedelta(days=1), NOW)
    intake = RecordRef(5, None, _at(TODAY, 7), _at(TODAY, 7))
    found = _findings(rules.unsigned_draft, _facts(draft_sessions=[session], draft_intakes=[intake]))
    assert [(finding.subject, finding.reason, finding.not_before) for finding in found] == [
        ("session:3", "Session of 11 Mar 2025 is still a draft, not signed.", _at(TODAY, 8)),
        ("intake:5", "Intake (no date yet) is still a draft, not signed.",
         _at(TODAY, 7) + timedelta(days=1)),
    ]
    assert found[1].link == ("intakes.intake", {"client_id": 7, "intake_id": 5})


# --- over time --------------------------------------------------------------------------------

def test_schedule_finds_when_time_alone_brings_or_ends_an_item():
    last = RecordRef(9, TODAY - timedelta(days=3), NOW, NOW)
    check_ins = _baseline_fortnight(fatigue=3) + [_check_in(TODAY - timedelta(days=2), fatigue=9)]
    facts = _facts(active_plans=[_plan()], last_session=last, check_ins=check_ins)
    scheduled = {(item.rule, item.finding.subject): item for item in schedule(facts, TODAY)}
    overdue = scheduled[("session_overdue", "plan:4")]
    assert (overdue.first_day, overdue.until_day) == (TODAY + timedelta(days=5), None)
    worse = scheduled[("worse_than_baseline", "recent")]
    # The check-in of 10 Mar leaves the last 7 days on 17 Mar.
    assert (worse.first_day, worse.until_day) == (TODAY, date(2025, 3, 17))
    high = scheduled[("high_rating", "check_in:2025-03-10")]
    assert high.until_day == date(2025, 3, 17)
