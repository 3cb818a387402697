"""How each exporter's rows are read and turned into values, decided once per table.

Most of a practice's rows (check-ins, sessions, exercise logs) belong to record types whose
every column is a column of their own table. Those are read as plain tuples from a Core
select, and each column is converted as a whole list, by a conversion chosen once from the
column's type: whole numbers and text pass through, enums are read as their stored value,
and on SQLite dates and UTC times are read as the stored text and rewritten to ISO 8601 by
slicing (what parsing them into ``datetime`` objects and printing them again would give).
Record types with derived columns (intake scores, a dose in words) are read as ORM objects,
and ``Exporter.row_values`` runs their column functions row by row.

Both give exactly the values ``Exporter.row_values`` gives: ``json_rows`` the plain
(JSON-ready) values, ``csv_rows`` the spreadsheet cells (``csv_cell`` of those values).
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

from sqlalchemy import Boolean, Date, Enum, Integer, String, Text, inspect, type_coerce
from sqlalchemy.orm import ColumnProperty

from practice.core.database import UTCDateTime
from practice.core.spreadsheets import FORMULA_STARTS, csv_cell
from practice.exports import registry
from practice.exports.base import Exporter, plain

#: A conversion of one column's values, a whole list at a time; ``None`` leaves them as read.
Convert = Callable[[Sequence], list] | None
_BOOLEAN_CELLS = {True: "true", False: "false", None: None}


def _guarded(values: Sequence) -> list:
    """Text cells a spreadsheet shows as typed: a leading = + - @ tab or CR gets a '."""
    return [("'" + value) if value and value.startswith(FORMULA_STARTS) else value
            for value in values]


def _enum_values(values: Sequence) -> list:
    return [None if value is None else value.value for value in values]


def _enum_cells(values: Sequence) -> list:
    return _guarded(_enum_values(values))


def _boolean_cells(values: Sequence) -> list:
    return [_BOOLEAN_CELLS[value] for value in values]


def _isoformat(values: Sequence) -> list:
    return [None if value is None else value.isoformat() for value in values]


def _plain_values(values: Sequence) -> list:
    return [plain(value) for value in values]


def _plain_cells(values: Sequence) -> list:
    return [csv_cell(plain(value)) for value in values]


def _parsed_values(parse: Callable) -> Callable[[Sequence], list]:
    def convert(values: Sequence) -> list:
        return [plain(parse(value)) for value in values]
    return convert


def _parsed_cells(parse: Callable) -> Callable[[Sequence], list]:
    """Structured values (JSON, lists) as cells, each stored text converted once a page:
    many rows hold the same (an empty list, the steps of the same plan)."""
    def convert(values: Sequence) -> list:
        cells: dict = {}
        for value in values:
            if value not in cells:
                cells[value] = csv_cell(plain(parse(value)))
        return [cells[value] for value in values]
    return convert


def _sqlite_dates(parse: Callable) -> Callable[[Sequence], list]:
    """Dates as SQLite stores them (YYYY-MM-DD, already ISO 8601); anything else parsed."""
    def convert(values: Sequence) -> list:
        return [value if value is None or len(value) == 10 else plain(parse(value))
                for value in values]
    return convert


def _sqlite_utc_times(parse: Callable) -> Callable[[Sequence], list]:
    """UTC times as SQLite stores them ("2026-03-01 09:30:00.000000") in ISO 8601 with the
    offset, as ``datetime.isoformat`` prints them (no fraction when it is zero)."""
    def convert(values: Sequence) -> list:
        return [None if value is None
                else value[:10] + "T" + value[11:19] + "+00:00" if value[19:] == ".000000"
                else value[:10] + "T" + value[11:] + "+00:00" if len(value) == 26
                and value[19] == "."
                else plain(parse(value))
                for value in values]
    return convert


@dataclass(frozen=True)
class _Plan:
    """How one column is selected and converted for JSON and for CSV."""

    expression: Any
    json: Convert
    csv: Convert


def _plan(column, dialect, *, sqlite_text: bool = True) -> _Plan:
    """``sqlite_text``: read as tuples (on SQLite dates, times and structured values as the
    stored text, enums everywhere as their value); else as ORM objects hold them."""
    kind = column.type
    sqlite = dialect.name == "sqlite" and sqlite_text
    if isinstance(kind, Enum):  # before String: an Enum is a String
        if not sqlite_text:  # an ORM object holds the member
            return _Plan(column, _enum_values, _enum_cells)
        return _Plan(type_coerce(column, String), None, _guarded)
    if isinstance(kind, Boolean):
        return _Plan(column, None, _boolean_cells)
    if isinstance(kind, Integer):
        return _Plan(column, None, None)
    if type(kind) in (String, Text):
        return _Plan(column, None, _guarded)
    if type(kind) is Date or isinstance(kind, UTCDateTime):
        if not sqlite:
            return _Plan(column, _isoformat, _isoformat)
        parse = kind.result_processor(dialect, None) or (lambda value: value)
        convert = (_sqlite_dates if type(kind) is Date else _sqlite_utc_times)(parse)
        return _Plan(type_coerce(column, String), convert, convert)
    if sqlite and kind.result_processor(dialect, None) is not None:
        parse = kind.result_processor(dialect, None)
        return _Plan(type_coerce(column, String), _parsed_values(parse), _parsed_cells(parse))
    return _Plan(column, _plain_values, _plain_cells)


def _table_column(exporter: Exporter, read) -> Any:
    """The column of the exporter's own table that ``read`` reads as it is, or ``None``."""
    if not isinstance(read, attrgetter):
        return None
    name = repr(read).removeprefix("operator.attrgetter(")[1:-2]
    prop = inspect(exporter.model).attrs.get(name)
    if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1:
        return None
    column = prop.columns[0]
    return column if getattr(column, "table", None) is exporter.model.__table__ else None


@dataclass(frozen=True)
class Reader:
    """An exporter's rows as values: from tuples (``plain``) or from ORM objects."""

    exporter: Exporter
    #: The Core select's columns; empty when the rows are read as ORM objects.
    expressions: tuple = ()
    #: (column index, conversion of that column's values), for the columns that need one.
    json_converts: tuple = ()
    csv_converts: tuple = ()
    id_index: int = 0

    @property
    def plain(self) -> bool:
        return bool(self.expressions)

    def ids(self, rows: Sequence) -> list[int]:
        if self.plain:
            return [row[self.id_index] for row in rows]
        return [row.id for row in rows]

    def json_rows(self, rows: Sequence) -> list[Sequence]:
        """Each row's plain (JSON-ready) values, in the exporter's column order."""
        return _converted(self._tuples(rows), self.json_converts)

    def csv_rows(self, rows: Sequence) -> list[Sequence]:
        """Each row's spreadsheet cells (``None`` for an empty one), in column order."""
        return _converted(self._tuples(rows), self.csv_converts)

    def _tuples(self, rows: Sequence) -> Sequence:
        if self.plain:
            return rows
        reads = [col.read for col in self.exporter.columns]
        return [[read(row) for read in reads] for row in rows]


def _converted(rows: Sequence, converts: tuple) -> list:
    """The rows as lists, the converted columns replaced.

    Columns are gathered as lists, never as tuples as long as a page: CPython keeps freed
    tuples shorter than 20 for reuse, and pages of every length would pile them up.
    """
    if not converts:
        return rows
    converted = rows if rows and isinstance(rows[0], list) else [list(row) for row in rows]
    for index, convert in converts:
        for row, value in zip(converted, convert([row[index] for row in rows]), strict=True):
            row[index] = value
    return converted


def reader(exporter: Exporter, dialect) -> Reader:
    """The way ``exporter``'s rows are read on ``dialect``: as tuples when every column is a
    column of its own table (and one of them its id), else as ORM objects."""
    return _reader(exporter.key, dialect.name, dialect)


@cache
def _reader(key: str, _dialect_name: str, dialect) -> Reader:
    exporter = registry.exporter(key)
    columns = [_table_column(exporter, col.read) for col in exporter.columns]
    id_column = exporter.model.__table__.c.id
    ids = [index for index, column in enumerate(columns) if column is id_column]
    as_tuples = all(column is not None for column in columns) and bool(ids)
    derived = _Plan(None, _plain_values, _plain_cells)
    plans = [_plan(column, dialect, sqlite_text=as_tuples) if column is not None else derived
             for column in columns]
    return Reader(
        exporter,
        expressions=tuple(plan.expression for plan in plans) if as_tuples else (),
        json_converts=tuple((index, plan.json) for index, plan in enumerate(plans) if plan.json),
        csv_converts=tuple((index, plan.csv) for index, plan in enumerate(plans) if plan.csv),
        id_index=ids[0] if ids else 0)
