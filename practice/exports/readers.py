"""How each exporter's rows are read and turned into values, decided once per table.

Most of a practice's rows (check-ins, sessions, exercise logs) belong to record types whose
every column is a column of their own table. Those are read as plain tuples from a Core
select, and each column is converted as a whole list, by a conversion chosen once from the
column's type: whole numbers and text pass through, enums are read as their stored value,
and on SQLite dates and UTC times are read as the stored text and rewritten to ISO 8601 by
slicing (what parsing them into ``datetime`` objects and printing them again would give).
Derived columns (intake scores, a dose in words, the name of the exercise an assignment
prescribes) are read so too where their declaration says what they are worked out from
(``base.Derived``): the select adds those sources, typed as the ORM reads them (dates,
enums, parsed JSON) and joined where they belong to a record the row refers to, and the
column's function runs on them. Record types with other columns worked out by a function
are read as ORM objects, and ``Exporter.row_values`` runs their column functions row by row.

Both give exactly the values ``Exporter.row_values`` gives: ``json_rows`` the plain
(JSON-ready) values, ``csv_rows`` the spreadsheet cells (``csv_cell`` of those values).
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Integer,
    String,
    Text,
    inspect,
    null,
    type_coerce,
)
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


def _parsed_values(parse: Callable, *, json: bool = False) -> Callable[[Sequence], list]:
    """Structured values as JSON has them; parsed JSON is that already (``plain`` of it would
    copy it, at the cost of a call for every list, dict and item in it)."""
    def convert(values: Sequence) -> list:
        if json:
            return [parse(value) for value in values]
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
        return _Plan(type_coerce(column, String), _parsed_values(parse, json=type(kind) is JSON),
                     _parsed_cells(parse))
    return _Plan(column, None if type(kind) is JSON else _plain_values, _plain_cells)


def _own_column(model, name: str) -> Any:
    """The column of ``model``'s own table mapped to the attribute ``name``, or ``None``."""
    prop = inspect(model).attrs.get(name)
    if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1:
        return None
    column = prop.columns[0]
    return column if getattr(column, "table", None) is model.__table__ else None


def _table_column(exporter: Exporter, read) -> Any:
    """The column of the exporter's own table that ``read`` reads as it is, or ``None``."""
    if not isinstance(read, attrgetter):
        return None
    return _own_column(exporter.model, repr(read).removeprefix("operator.attrgetter(")[1:-2])


def _source(exporter: Exporter, source: str) -> tuple[Any, Any] | None:
    """(the column a ``Derived`` source reads, the relationship joined to reach it or
    ``None``), or ``None`` where it is neither a column of the record nor of a record it
    refers to (one at most: a many-to-one relationship of another table)."""
    name, _, attribute = source.rpartition(".")
    if not name:
        return _own_column(exporter.model, attribute), None
    relationship = inspect(exporter.model).relationships.get(name)
    if relationship is None or relationship.uselist or \
            relationship.mapper.local_table is exporter.model.__table__:
        return None
    column = _own_column(relationship.mapper.class_, attribute)
    return (column, getattr(exporter.model, name)) if column is not None else None


@dataclass(frozen=True)
class Reader:
    """An exporter's rows as values: from tuples (``plain``) or from ORM objects."""

    exporter: Exporter
    #: The Core select's columns, one per exported column (an empty one for a derived
    #: column), then the derived columns' sources; empty when the rows are ORM objects.
    expressions: tuple = ()
    #: The relationships the sources are reached through, joined to the select.
    joins: tuple = ()
    #: (column index, the column's value from a row of the select), for derived columns.
    derived: tuple = ()
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
        return self._converted(rows, self.json_converts)

    def csv_rows(self, rows: Sequence) -> list[Sequence]:
        """Each row's spreadsheet cells (``None`` for an empty one), in column order."""
        return self._converted(rows, self.csv_converts)

    def _converted(self, rows: Sequence, converts: tuple) -> list:
        """The rows as lists, the converted columns replaced.

        Columns are gathered as lists, never as tuples as long as a page: CPython keeps freed
        tuples shorter than 20 for reuse, and pages of every length would pile them up.
        """
        if not self.plain:
            reads = [col.read for col in self.exporter.columns]
            rows = [[read(row) for read in reads] for row in rows]
        if not converts and not self.derived:
            return rows
        converted = rows if rows and isinstance(rows[0], list) else [list(row) for row in rows]
        for index, value_of in self.derived:
            for row, values in zip(converted, rows, strict=True):
                row[index] = value_of(values)
        for index, convert in converts:
            for row, value in zip(converted, convert([row[index] for row in converted]),
                                  strict=True):
                row[index] = value
        if self.derived:  # the sources follow the exported columns
            width = len(self.exporter.columns)
            for row in converted:
                del row[width:]
        return converted


def _derived_value(function: Callable, indexes: list[int]) -> Callable[[Sequence], Any]:
    """A derived column's value from a row of the select: ``function`` of its sources."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: function(row[index])
    get = itemgetter(*indexes)
    return lambda row: function(*get(row))


def reader(exporter: Exporter, dialect) -> Reader:
    """The way ``exporter``'s rows are read on ``dialect``: as tuples when each column is a
    column of its own table or derived from such columns and those of the records it refers
    to (and one of them is its id), else as ORM objects."""
    return _reader(exporter.key, dialect.name, dialect)


@cache
def _reader(key: str, _dialect_name: str, dialect) -> Reader:
    exporter = registry.exporter(key)
    columns = [_table_column(exporter, col.read) for col in exporter.columns]
    sources = {source: _source(exporter, source) for col in exporter.columns if col.derived
               for source in col.derived.sources}
    id_column = exporter.model.__table__.c.id
    ids = [index for index, column in enumerate(columns) if column is id_column]
    as_tuples = bool(ids) and all(
        column is not None or col.derived is not None
        and all(sources[source] is not None for source in col.derived.sources)
        for column, col in zip(columns, exporter.columns, strict=True))
    derived = _Plan(null(), _plain_values, _plain_cells)
    plans = [_plan(column, dialect, sqlite_text=as_tuples) if column is not None else derived
             for column in columns]
    if not as_tuples:
        return Reader(exporter, **_converts(plans))
    # Each source is read once, typed as the record holds it, after the exported columns.
    source_index = {source: len(columns) + n for n, source in enumerate(sources)}
    joins = {sources[source][1] for source in sources} - {None} - set(exporter.joins)
    return Reader(
        exporter,
        expressions=(*(plan.expression for plan in plans),
                     *(column for column, _join in sources.values())),
        joins=tuple(sorted(joins, key=str)),
        derived=tuple((index, _derived_value(col.derived.function,
                                             [source_index[s] for s in col.derived.sources]))
                      for index, (column, col) in enumerate(zip(columns, exporter.columns,
                                                                strict=True))
                      if column is None),
        id_index=ids[0], **_converts(plans))


def _converts(plans: list[_Plan]) -> dict[str, tuple]:
    return {"json_converts": tuple((index, plan.json) for index, plan in enumerate(plans)
                                   if plan.json),
            "csv_converts": tuple((index, plan.csv) for index, plan in enumerate(plans)
                                  if plan.csv)}
