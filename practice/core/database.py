"""The declarative base and column types every model shares."""
import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, Index, MetaData, PrimaryKeyConstraint, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase

#: Constraint names Alembic reproduces the same way on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now_utc() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A VARCHAR column of the enum's values with a CHECK constraint named ``name``."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def index_foreign_keys(metadata: MetaData) -> list[Index]:
    """Give every foreign key column that leads no index, unique constraint or primary key an
    index of its own (``ix_<table>_<column>``): the lookups behind a join, a cascade or a
    "who recorded it" list then never read the whole table. Called once every model is
    imported; a new foreign key makes Alembic's comparison ask for its index in a migration.
    """
    added = []
    for table in metadata.tables.values():
        leading = {next(iter(index.expressions)).name for index in table.indexes
                   if getattr(next(iter(index.expressions), None), "name", None)}
        leading |= {next(iter(constraint.columns)).name for constraint in table.constraints
                    if isinstance(constraint, (PrimaryKeyConstraint, UniqueConstraint))
                    and constraint.columns}
        for column in table.columns:
            if column.foreign_keys and column.name not in leading:
                added.append(Index(f"ix_{table.name}_{column.name}", column))
    return added
