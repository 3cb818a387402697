"""Signed sessions keep their plan's name

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 23:00:00

A signed session shows and exports the plan's name as it was when the session was signed
(`plan_name`), so renaming a plan later never changes a signed note; its steps (techniques,
body regions) are already the session's own copy. Filled here for the sessions signed
before this migration; drafts keep it empty and show the plan's name as it is.

The fill is an UPDATE of signed rows, which the guards of migration 0008 refuse: on both
SQLite and PostgreSQL the guards of `treatment_sessions` are dropped just before it and
re-created just after, with the same SQL. The column itself is added in place (no table
rebuild), so nothing else of 0008 is touched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


# --- the guards of migration 0008 on treatment_sessions (same SQL) -------------------------

def _drop_guards(dialect: str) -> None:
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS treatment_sessions_signed_lock ON treatment_sessions")
        return
    for event in ('update', 'delete'):
        op.execute(f"DROP TRIGGER IF EXISTS treatment_sessions_signed_no_{event}")


def _create_guards(dialect: str) -> None:
    if dialect == 'postgresql':
        op.execute("CREATE TRIGGER treatment_sessions_signed_lock BEFORE UPDATE OR DELETE ON "
                   "treatment_sessions FOR EACH ROW EXECUTE FUNCTION "
                   "refuse_change_to_signed_record()")
        return
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER treatment_sessions_signed_no_{event.lower()} BEFORE {event} "
                   f"ON treatment_sessions WHEN OLD.signed_at IS NOT NULL BEGIN SELECT "
                   f"RAISE(ABORT, 'treatment_sessions row is signed and cannot change; add an "
                   f"addendum'); END")


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column('treatment_sessions', sa.Column('plan_name', sa.String(length=120),
                                                  nullable=True))
    _drop_guards(dialect)
    op.execute("UPDATE treatment_sessions SET plan_name = (SELECT session_plans.name FROM "
               "session_plans WHERE session_plans.id = treatment_sessions.plan_id) "
               "WHERE signed_at IS NOT NULL AND plan_id IS NOT NULL")
    _create_guards(dialect)


def downgrade():
    # Dropping a column rewrites no row through the guards (ALTER TABLE, in place on both).
    op.drop_column('treatment_sessions', 'plan_name')
