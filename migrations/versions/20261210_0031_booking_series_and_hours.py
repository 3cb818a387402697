"""Booking a plan's series, within the practice's opening hours and outside its holidays

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-10 13:00:00

Appointments booked together from a plan share a `series_key` (to cancel the rest of a
series). `opening_hours` holds the practice's booking days and times (one row, id 1; until
an admin saves it, Monday to Friday 08:00-20:00 apply), `practice_holidays` the days it is
closed.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_practice_holidays_day'))
    )
    op.create_table('opening_hours',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('weekdays', sa.String(length=20), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_opening_hours_closes_after_opening')),
    sa.CheckConstraint('id = 1', name=op.f('ck_opening_hours_single_row')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_opening_hours_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_hours'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_key', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_appointments_series_key'), ['series_key'], unique=False)


def downgrade():
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_series_key'))
        batch_op.drop_column('series_key')

    op.drop_table('opening_hours')
    op.drop_table('practice_holidays')
