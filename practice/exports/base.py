"""The pieces an exporter is declared with: columns, the exporter itself, and the scope."""
import enum
from collections.abc import Callable, MutableSequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, bindparam, select


@dataclass(frozen=True)
class Derived:
    """How a column read by a function is worked out from plain values, without the record.

    ``function`` of the values of ``sources``, as the record holds them: attribute names of
    the record's own columns, or ``relationship.attribute`` for a column of the record it
    refers to (``None`` when there is none). It must give what the column's ``read`` gives
    (``tests/test_exports_readers.py`` checks it on every kind of record).
    """

    sources: tuple[str, ...]
    function: Callable[..., Any] = lambda value: value


@dataclass(frozen=True)
class Column:
    """One exported field: its name, what it means, and how it is read from a row."""

    name: str
    description: str
    read: Callable[[Any], Any]
    #: The same value from plain values (see ``readers``), for a column read by a function.
    derived: Derived | None = None


def column(name: str, description: str, read: str | Callable[[Any], Any] | None = None, *,
           derived: Derived | None = None) -> Column:
    """A column read from the attribute ``read`` (default: ``name``) or by a function."""
    getter = read if callable(read) else attrgetter(read or name)
    return Column(name, description, getter, derived)


def plain(value: Any) -> Any:
    """A value as JSON has it: enums by value, dates and times in ISO 8601, lists and dicts inside."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class ExportScope:
    """What an export covers: the whole practice, or one client.

    ``allowed_ids`` is filled in by ``collect.resolve_scope`` for a one-client export: for
    each reference type (users, exercises, ...) the ids the client's records refer to.
    ``written_client_ids``, when given, is told (``extend``) the id of each client as the
    export reads it: who the export covered, for its audit event.
    """

    client_id: int | None = None
    allowed_ids: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)
    written_client_ids: MutableSequence[int] | None = field(default=None, compare=False,
                                                            repr=False)

    @property
    def is_practice(self) -> bool:
        return self.client_id is None

    @property
    def label(self) -> str:
        return "practice" if self.is_practice else f"client {self.client_id}"


@dataclass(frozen=True)
class Exporter:
    """One record type as it is exported.

    A *client record* type names ``client_column`` (reached through ``joins`` when the
    model has no client key of its own); a one-client export keeps its rows of that
    client. A *reference* type (no ``client_column``) is exported whole for the practice,
    and for one client only as far as that client's records refer to it.

    ``parent`` / ``parent_column`` nest the rows in the JSON document under the parent
    type's rows (as ``json_key``); types without a parent are top-level lists.
    """

    key: str
    title: str
    description: str
    model: type
    columns: tuple[Column, ...]
    client_column: Any = None
    joins: tuple = ()
    where: tuple = ()
    options: tuple = ()
    parent: str | None = None
    parent_column: Any = None
    json_key: str | None = None
    #: Where a top-level list comes in the JSON document: the reference lists (0) before the
    #: clients (1) that refer to them, the audit trail (2) last, so ``import`` can insert
    #: every row as it reads it.
    section_order: int = 0
    #: Written to the CSV zip too (the audit trail is not: it has a CSV download of its own).
    in_csv: bool = True

    @property
    def is_client_record(self) -> bool:
        return self.client_column is not None

    @property
    def nested_key(self) -> str:
        return self.json_key or self.key

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        """Worked out once: a tuple built from a generator is grown by reallocation, and
        CPython keeps each one freed for reuse, so rebuilding it for every batch of clients
        would add to the memory an export holds as the practice grows."""
        return tuple(col.name for col in self.columns)

    @property
    def file_name(self) -> str:
        return f"{self.key}.csv"

    def base_select(self, *entities) -> Select:
        statement = select(*(entities or (self.model,)))
        if not entities:
            statement = statement.options(*self.options)
        for target in self.joins:
            statement = statement.join(target)
        return statement.where(*self.where)

    def scope_condition(self, scope: ExportScope):
        """The condition keeping the rows of ``scope`` (``None`` for the whole practice).

        Written with bound parameters (see ``scope_params``), so one statement serves
        every page of every export and SQLAlchemy compiles it once.
        """
        if scope.is_practice:
            return None
        if self.is_client_record:
            return self.client_column == bindparam("scope_client_id")
        return self.model.id.in_(bindparam("scope_ids", expanding=True))

    def scope_params(self, scope: ExportScope) -> dict[str, Any]:
        if scope.is_practice:
            return {}
        if self.is_client_record:
            return {"scope_client_id": scope.client_id}
        return {"scope_ids": sorted(scope.allowed_ids.get(self.key, ()))}

    def scoped_select(self, scope: ExportScope, *entities) -> Select:
        """Rows (or the given columns of rows) that belong in an export of ``scope``."""
        statement = self.base_select(*entities)
        condition = self.scope_condition(scope)
        if condition is None:
            return statement
        return statement.where(condition).params(self.scope_params(scope))

    def row_values(self, row) -> dict[str, Any]:
        """The row as an ordered dict of plain (JSON-ready) values."""
        return {col.name: plain(col.read(row)) for col in self.columns}
