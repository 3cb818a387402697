"""The fast readers give exactly what the exporters declare: every CSV cell and JSON value of
an export equals ``csv_cell`` / ``row_values`` of the record read as an ORM object, whatever
the column type (times with and without a fraction, dates, enums, lists, JSON, formulas)."""
import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from practice.core.extensions import db
from practice.core.spreadsheets import csv_cell
from practice.exercises.models import Assignment, DosePeriod, DoseUnit, Exercise
from practice.exports import readers
from practice.exports.base import ExportScope
from practice.exports.collect import iter_rows, value_batches
from practice.exports.operations import start_export
from practice.exports.registry import csv_exporters, exporter, exporters
from practice.intakes.models import ConditionType, Intake
from practice.progress.models import CheckIn
from tests.factories.exports import make_full_record

pytestmark = pytest.mark.real_commits


@pytest.fixture
def records(practitioner, other_practitioner):
    client = make_full_record(practitioner, "Alpha")
    make_full_record(other_practitioner, "Bravo", portal=False)
    add_derived_cases(practitioner, client)
    db.session.flush()
    # Values the fast paths treat specially: a time with a fraction, one without, a formula.
    db.session.execute(update(CheckIn).values(
        created_at=datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC),
        updated_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC), note="=SUM(A1:A9) \u00e9t\u00e9"))
    db.session.commit()


def add_derived_cases(practitioner, client) -> None:
    """Intakes and assignments whose derived columns take each of their branches."""
    today = date.today()
    condition = db.session.scalars(select(ConditionType).order_by(ConditionType.id)).first()
    exercise = db.session.scalars(select(Exercise).order_by(Exercise.id.desc())).first()
    answered = {"symptoms_3_months": False, "painful_regions": ["neck"], "fatigue": 3,
                "waking_unrefreshed": 3, "cognitive_symptoms": 3, "headaches": 1,
                "lower_abdominal_pain": 1, "depression": 1}
    draft = Intake(client=client, author_id=practitioner.id, condition_type=condition, **answered)
    unanswered = Intake(client=client, author_id=practitioner.id, painful_regions=[],
                        fatigue=1)  # no condition type, scores left out
    renamed = Intake(client=client, author_id=practitioner.id, condition_type=condition,
                     assessed_on=today, chief_complaint="-", pain_overall=2,
                     pain_neck_shoulders=2, **answered)
    dose = {"client": client, "exercise": exercise, "prescribed_by_id": practitioner.id,
            "amount": 1, "unit": DoseUnit.REPETITIONS, "times": 1, "period": DosePeriod.WEEK}
    db.session.add_all([
        draft, unanswered, renamed,
        Assignment(**dose, starts_on=today, stopped_on=today - timedelta(days=1)),
        Assignment(**dose, starts_on=today, stopped_on=today),
        Assignment(**dose, starts_on=today, ends_on=today + timedelta(days=9),
                   stopped_on=today + timedelta(days=3)),
        Assignment(**dose, starts_on=today, ends_on=today + timedelta(days=2),
                   stopped_on=today + timedelta(days=5)),
    ])
    db.session.flush()
    renamed.sign(practitioner)
    db.session.flush()
    condition.name = "Renamed after signing"


def declared(key: str) -> list[list]:
    """The exporter's rows as its column functions give them, from ORM objects."""
    found = exporter(key)
    return [list(found.row_values(row).values()) for row in iter_rows(found, ExportScope())]


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("key", [found.key for found in exporters()])
def test_every_value_is_what_the_columns_declare(key):
    expected = declared(key)
    assert [list(row) for rows in value_batches(exporter(key), ExportScope()) for row in rows] \
        == expected
    # As csv.writer writes them: None empty, numbers as text.
    cells = [["" if cell is None else str(cell) for cell in row]
             for rows in value_batches(exporter(key), ExportScope(), cells=True) for row in rows]
    assert cells == [[csv_cell(value) for value in row] for row in expected]


@pytest.mark.parametrize("key", ["clients", "intakes", "intake_addenda", "plans", "sessions",
                                 "session_addenda", "check_ins", "assignments", "exercise_logs"])
def test_the_large_tables_are_read_as_plain_rows(key):
    """Their derived columns are worked out from plain values: no ORM record is loaded."""
    assert readers.reader(exporter(key), db.session.get_bind().dialect).plain


@pytest.mark.usefixtures("records")
def test_derived_columns_take_every_branch():
    intakes = declared("intakes")
    assert {row[5] for row in intakes} >= {None, "Renamed after signing"}  # condition_type
    wpi = [row[11] for row in intakes]
    assert None in wpi
    assert 1 in wpi
    last_days = {(row[9], row[12], row[13]) for row in declared("assignments")}
    today = date.today()
    assert {("1 repetition, once a week", today - timedelta(days=2), True),
            ("1 repetition, once a week", today, False),
            ("1 repetition, once a week", today + timedelta(days=2), False)} <= {
        (dose, None if day is None else date.fromisoformat(day), cancelled)
        for dose, day, cancelled in last_days}


@pytest.mark.usefixtures("records")
def test_the_files_hold_the_declared_values():
    expected = {found.key: declared(found.key) for found in csv_exporters()}
    export = start_export("csv")
    db.session.commit()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks)))
    for found in csv_exporters():
        text = archive.read(found.file_name).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == list(found.column_names)
        assert rows[1:] == [[csv_cell(value) for value in row] for row in expected[found.key]]
    check_ins = archive.read("check_ins.csv").decode("utf-8-sig")
    assert ",2026-03-01T09:30:00.123456+00:00,2026-03-01T09:30:00+00:00" in check_ins
    assert "'=SUM(A1:A9) \u00e9t\u00e9" in check_ins

    export = start_export("json")
    db.session.commit()
    document = json.loads(b"".join(export.chunks))
    check_in = document["clients"][0]["check_ins"][0]
    assert check_in["created_at"] == "2026-03-01T09:30:00.123456+00:00"
    assert check_in["note"] == "=SUM(A1:A9) \u00e9t\u00e9"
    assert list(check_in.values())[:len(expected["check_ins"][0])] == expected["check_ins"][0]
