"""The practice's opening hours, holidays and practitioners' working hours are in the JSON and
CSV exports, and an import restores them as they were (exported again: the same)."""
import json
from datetime import date, time

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from practice.appointments.hours import HOURS_ID, OpeningHours, PracticeHoliday
from practice.appointments.working_hours import WorkingRange, WorkingSchedule
from practice.core.extensions import db
from tests.empty_database import app_on, empty_database
from tests.factories.accounts import make_client
from tests.test_exports import read_zip, run_export

pytestmark = pytest.mark.real_commits  # an export reads in a snapshot transaction of its own

SECTIONS = ("opening_hours", "practice_holidays", "working_schedules")


def set_the_hours(practitioner, admin_user) -> None:
    db.session.add(OpeningHours(id=HOURS_ID, weekdays="0,1,2,3,4,5", opens_at=time(7, 30),
                                closes_at=time(21, 0), updated_by_id=admin_user.id))
    db.session.add(PracticeHoliday(day=date(2030, 12, 25), name="Christmas Day"))
    db.session.add(WorkingSchedule(practitioner_id=practitioner.id, updated_by_id=practitioner.id,
                                   ranges=[WorkingRange(weekday=0, starts_at=time(9),
                                                        ends_at=time(13)),
                                           WorkingRange(weekday=0, starts_at=time(14),
                                                        ends_at=time(18, 30)),
                                           WorkingRange(weekday=3, starts_at=time(12),
                                                        ends_at=time(20))]))
    db.session.commit()


def test_hours_holidays_and_working_hours_are_exported_and_imported_back(
        practitioner, admin_user, tmp_path):
    make_client(practitioner, given_name="Hannah", family_name="Price")
    set_the_hours(practitioner, admin_user)
    first = json.loads(run_export("json"))
    [hours] = first["opening_hours"]
    assert (hours["weekdays"], hours["opens_at"], hours["closes_at"]) == ("0,1,2,3,4,5", "07:30",
                                                                          "21:00")
    assert [(h["day"], h["name"]) for h in first["practice_holidays"]] == [
        ("2030-12-25", "Christmas Day")]
    [schedule] = first["working_schedules"]
    assert schedule["practitioner_id"] == practitioner.id
    assert [(r["weekday"], r["starts_at"], r["ends_at"]) for r in schedule["ranges"]] == [
        (0, "09:00", "13:00"), (0, "14:00", "18:30"), (3, "12:00", "20:00")]
    files = read_zip(run_export("csv"))
    assert files["opening_hours"][0]["opens_at"] == "07:30"
    assert files["practice_holidays"][0]["name"] == "Christmas Day"
    assert [row["ends_at"] for row in files["working_ranges"]] == ["13:00", "18:30", "20:00"]
    exported = tmp_path / "practice.json"
    exported.write_text(json.dumps(first))

    with empty_database(tmp_path, "hours_import") as url:
        app = app_on(url)
        with app.app_context():
            upgrade()
            runner = app.test_cli_runner()
            result = runner.invoke(args=["import", str(exported)])
            assert result.exit_code == 0, result.output
            stored = db.session.get(OpeningHours, HOURS_ID)
            assert (stored.weekday_numbers, stored.opens_at, stored.closes_at) == (
                [0, 1, 2, 3, 4, 5], time(7, 30), time(21, 0))
            schedule = db.session.scalars(select(WorkingSchedule)).one()
            assert schedule.ranges_on(0) == [(time(9), time(13)), (time(14), time(18, 30))]
            again = tmp_path / "again.json"
            result = runner.invoke(args=["export", "--format", "json", "--output", str(again)])
            assert result.exit_code == 0, result.output
            second = json.loads(again.read_text())
            for key in SECTIONS:
                assert second[key] == first[key], key
            db.session.remove()
            db.engine.dispose()


def test_a_one_client_export_holds_no_practice_hours(practitioner, admin_user):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    set_the_hours(practitioner, admin_user)
    document = json.loads(run_export("json", hannah.id))
    assert all(document[key] == [] for key in SECTIONS)
