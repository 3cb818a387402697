"""Check-ins: the client's own and the practitioner's entry for a day are two rows

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 22:30:00

Until now a day held one check-in per client, so a practitioner saving a check-in for a day
the client had already checked in replaced the client's ratings and note. Each check-in now
says whose it is (`source`: client or practitioner) and the key is one per client, day and
source. Existing rows are the client's own when the client's portal account entered them,
else the practitioner's.

The table is rebuilt on SQLite (to change its unique key); check_ins has no triggers or
expression indexes to re-create. Downgrading refuses while a day holds both entries: the
earlier schema can keep only one, and which one to drop is not the migration's to decide.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD_KEY = 'uq_check_ins_client_id_checked_on'
NEW_KEY = 'uq_check_ins_client_id_checked_on_source'


def upgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'source', sa.Enum('client', 'practitioner', name='check_in_source', native_enum=False,
                              create_constraint=True, length=12),
            nullable=False, server_default='client'))
    op.execute(
        "UPDATE check_ins SET source = 'practitioner' WHERE NOT EXISTS (SELECT 1 FROM clients "
        "WHERE clients.id = check_ins.client_id AND clients.portal_user_id = check_ins.recorded_by_id)")
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.alter_column('source', server_default=None)
        batch_op.drop_constraint(OLD_KEY, type_='unique')
        batch_op.create_unique_constraint(NEW_KEY, ['client_id', 'checked_on', 'source'])


def downgrade():
    both = op.get_bind().scalar(sa.text(
        "SELECT count(*) FROM (SELECT client_id, checked_on FROM check_ins "
        "GROUP BY client_id, checked_on HAVING count(*) > 1) AS days"))
    if both:
        raise RuntimeError(
            f"{both} day(s) hold both the client's own check-in and their practitioner's entry; "
            "the earlier schema keeps one per day. Export the practice, then remove one of "
            "each pair before downgrading.")
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_constraint(NEW_KEY, type_='unique')
        batch_op.create_unique_constraint(OLD_KEY, ['client_id', 'checked_on'])
        batch_op.drop_constraint(op.f('ck_check_ins_check_in_source'), type_='check')
        batch_op.drop_column('source')
