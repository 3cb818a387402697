"""Assignments, plans and sessions keep what they went ahead against, and why

A home exercise, a session plan or a session that conflicts with the client's precautions
is saved only with a reason: each keeps the precautions it was warned about (a JSON list,
empty by default) and the reason given.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-10 04:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

TABLES = ('assignments', 'session_plans', 'treatment_sessions')


def upgrade():
    # Plain ADD COLUMN: a batch rebuild would drop the signed-session triggers.
    for table in TABLES:
        op.add_column(table, sa.Column('precaution_overrides', sa.JSON(), server_default='[]', nullable=False))
        op.add_column(table, sa.Column('precaution_reason', sa.Text(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        op.drop_column(table, 'precaution_reason')
        op.drop_column(table, 'precaution_overrides')
