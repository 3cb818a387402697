"""Intake drafts: saved with any answers, discarded, and signed with the words they keep

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:40:00

A draft intake may now leave any answer out: the answers a signed intake must give become
nullable, and a CHECK (`signed_complete`) keeps every signed row complete. A draft can be
set aside (`discarded_at`) and stays stored. A signed intake keeps the name of its condition
profile as it was at signing (`condition_type_name`), filled here for the intakes already
signed, so renaming a type never changes a signed note.

On SQLite the table is rebuilt (a column cannot become nullable in place), which loses the
triggers of migration 0008 on `intakes`: they are dropped first and re-created after. The
UPDATE that fills `condition_type_name` touches signed rows, which those triggers refuse, so
on PostgreSQL too it runs between dropping the trigger and re-creating it.

Downgrading refuses while an intake leaves a required answer out: the earlier schema cannot
hold it, and what to answer in its place is not the migration's to decide.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

#: The answers a draft may leave out and a signed intake must give (NOT NULL until now).
REQUIRED = {
    'assessed_on': sa.Date(),
    'chief_complaint': sa.Text(),
    'symptoms_3_months': sa.Boolean(),
    'pain_overall': sa.Integer(),
    'pain_neck_shoulders': sa.Integer(),
    'fatigue': sa.Integer(),
    'waking_unrefreshed': sa.Integer(),
    'cognitive_symptoms': sa.Integer(),
    'headaches': sa.Integer(),
    'lower_abdominal_pain': sa.Integer(),
    'depression': sa.Integer(),
}
SIGNED_COMPLETE = 'signed_at IS NULL OR ({})'.format(
    ' AND '.join(f'{name} IS NOT NULL' for name in REQUIRED))


# --- the guards of migration 0008 on intakes (same SQL) ------------------------------------

def _drop_guards(dialect: str) -> None:
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS intakes_signed_lock ON intakes")
        return
    for event in ('update', 'delete'):
        op.execute(f"DROP TRIGGER IF EXISTS intakes_signed_no_{event}")


def _create_guards(dialect: str) -> None:
    if dialect == 'postgresql':
        op.execute("CREATE TRIGGER intakes_signed_lock BEFORE UPDATE OR DELETE ON intakes "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_signed_record()")
        return
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER intakes_signed_no_{event.lower()} BEFORE {event} ON intakes "
                   f"WHEN OLD.signed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, "
                   f"'intakes row is signed and cannot change; add an addendum'); END")


def upgrade():
    dialect = op.get_bind().dialect.name
    _drop_guards(dialect)
    with op.batch_alter_table('intakes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition_type_name', sa.String(length=120),
                                      nullable=True))
        batch_op.add_column(sa.Column('discarded_at',
                                      practice.core.database.UTCDateTime(timezone=True),
                                      nullable=True))
        for name, type_ in REQUIRED.items():
            batch_op.alter_column(name, existing_type=type_, nullable=True)
        batch_op.create_check_constraint(op.f('ck_intakes_signed_complete'), SIGNED_COMPLETE)
    op.execute("UPDATE intakes SET condition_type_name = (SELECT condition_types.name FROM "
               "condition_types WHERE condition_types.id = intakes.condition_type_id) "
               "WHERE signed_at IS NOT NULL AND condition_type_id IS NOT NULL")
    _create_guards(dialect)


def downgrade():
    connection = op.get_bind()
    dialect = connection.dialect.name
    intakes = sa.table('intakes', sa.column('id'), *(sa.column(name) for name in REQUIRED))
    incomplete = connection.execute(
        sa.select(intakes.c.id).where(sa.or_(*(intakes.c[name].is_(None) for name in REQUIRED)))
        .order_by(intakes.c.id)).scalars().all()
    if incomplete:
        raise RuntimeError(
            f"Cannot downgrade below 0010: intakes {', '.join(map(str, incomplete))} leave "
            "answers out, which the earlier schema cannot hold. Answer them, or keep 0010.")
    _drop_guards(dialect)
    with op.batch_alter_table('intakes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_intakes_signed_complete'), type_='check')
        for name, type_ in REQUIRED.items():
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_column('discarded_at')
        batch_op.drop_column('condition_type_name')
    _create_guards(dialect)
