"""Data stamps: a token per client and one for the practice, changed with the data

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-10 19:00:00

`clients.data_stamp` changes in the same commit as anything stored under the client;
`data_stamps` (one row) changes with everything else. Pages key what they keep between
requests by them (practice/core/data_stamps.py).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_stamps',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_stamps'))
    )
    op.add_column('clients', sa.Column('data_stamp', sa.String(length=32), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('data_stamp')
    op.drop_table('data_stamps')
