"""Database guards: signed notes and the audit trail refuse changes at the database too

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 22:20:00

The models already refuse to change a signed intake or session and any audit event; these
triggers make the database refuse it as well, whatever client writes to it (a raw SQL
UPDATE, another tool). Someone who drops a trigger to tamper with the audit trail is still
caught by `flask audit verify`.

Note for later migrations: on SQLite, `batch_alter_table` rebuilds a table and loses its
triggers; re-create them after such a batch.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

SIGNED_TABLES = ('intakes', 'treatment_sessions')


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE FUNCTION refuse_change_to_signed_record() RETURNS trigger AS $$
            BEGIN
                IF OLD.signed_at IS NOT NULL THEN
                    RAISE EXCEPTION '% row % is signed and cannot change; add an addendum',
                        TG_TABLE_NAME, OLD.id;
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE FUNCTION refuse_change_to_audit_event() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit events are append-only';
            END
            $$ LANGUAGE plpgsql""")
        for table in SIGNED_TABLES:
            op.execute(f"CREATE TRIGGER {table}_signed_lock BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_signed_record()")
        op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "
                   "audit_events FOR EACH ROW EXECUTE FUNCTION refuse_change_to_audit_event()")
        return
    for table in SIGNED_TABLES:
        for event in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER {table}_signed_no_{event.lower()} BEFORE {event} ON {table} "
                       f"WHEN OLD.signed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, "
                       f"'{table} row is signed and cannot change; add an addendum'); END")
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in SIGNED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_signed_lock ON {table}")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS refuse_change_to_signed_record()")
        op.execute("DROP FUNCTION IF EXISTS refuse_change_to_audit_event()")
        return
    for table in (*SIGNED_TABLES, 'audit_events'):
        for event in ('update', 'delete'):
            name = f"{table}_no_{event}" if table == 'audit_events' else f"{table}_signed_no_{event}"
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
