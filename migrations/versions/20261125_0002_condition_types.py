"""Condition types, with the practice's starter list

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:37:12.318416

"""
from alembic import op
import sqlalchemy as sa

from practice.intakes.starter import STARTER_CONDITION_TYPES


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    condition_types = op.create_table('condition_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_types')),
    sa.UniqueConstraint('name', name=op.f('uq_condition_types_name'))
    )
    op.bulk_insert(condition_types, [dict(row, is_active=True) for row in STARTER_CONDITION_TYPES])


def downgrade():
    op.drop_table('condition_types')
