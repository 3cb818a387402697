"""Working hours per practitioner: per weekday one or more ranges, or off

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-10 18:00:00

`working_schedules` (one per practitioner, with the lock column) says the practitioner has set
their own hours; `working_ranges` holds them (weekday, start, end in the practice's zone). A
practitioner with no schedule books within the practice's opening hours alone.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('working_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'], name=op.f('fk_working_schedules_practitioner_id_users')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_working_schedules_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_schedules')),
    sa.UniqueConstraint('practitioner_id', name=op.f('uq_working_schedules_practitioner_id'))
    )
    op.create_index('ix_working_schedules_updated_by_id', 'working_schedules', ['updated_by_id'], unique=False)
    op.create_table('working_ranges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_working_ranges_ends_after_start')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_working_ranges_weekday_range')),
    sa.ForeignKeyConstraint(['schedule_id'], ['working_schedules.id'], name=op.f('fk_working_ranges_schedule_id_working_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_ranges'))
    )
    op.create_index(op.f('ix_working_ranges_schedule_id'), 'working_ranges', ['schedule_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_working_ranges_schedule_id'), table_name='working_ranges')
    op.drop_table('working_ranges')
    op.drop_index('ix_working_schedules_updated_by_id', table_name='working_schedules')
    op.drop_table('working_schedules')
