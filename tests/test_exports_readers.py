"""The fast readers give exactly what the exporters declare: every CSV cell and JSON value of
an export equals ``csv_cell`` / ``row_values`` of the record read as an ORM object, whatever
the column type (times with and without a fraction, dates, enums, lists, JSON, formulas)."""
import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from practice.core.extensions import db
from practice.core.spreadsheets import csv_cell
from practice.exports.base import ExportScope
from practice.exports.collect import iter_rows, value_batches
from practice.exports.operations import start_export
from practice.exports.registry import csv_exporters, exporter, exporters
from practice.progress.models import CheckIn
from tests.factories.exports import make_full_record

pytestmark = pytest.mark.real_commits


@pytest.fixture
def records(practitioner, other_practitioner):
    make_full_record(practitioner, "Alpha")
    make_full_record(other_practitioner, "Bravo", portal=False)
    db.session.flush()
    # Values the fast paths treat specially: a time with a fraction, one without, a formula.
    db.session.execute(update(CheckIn).values(
        created_at=datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC),
        updated_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC), note="=SUM(A1:A9) \u00e9t\u00e9"))
    db.session.commit()


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
