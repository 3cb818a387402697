"""Appointments: a client booked with their practitioner, from booked to attended, cancelled
or missed

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-10 11:00:00

Each appointment keeps its start and end in UTC (the end, start plus duration, so overlaps are
one comparison), the place, a note, the plan it belongs to, its status with who cancelled and
why, the session recorded for it, and a version for the optimistic lock.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('ends_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('booked', 'attended', 'cancelled', 'no_show', name='appointment_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cancelled_by', sa.Enum('practitioner', 'client', name='appointment_cancelled_by', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes BETWEEN 5 AND 600', name=op.f('ck_appointments_duration_range')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_appointments_ends_after_start')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_appointments_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_appointments_created_by_id_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['session_plans.id'], name=op.f('fk_appointments_plan_id_session_plans')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'], name=op.f('fk_appointments_practitioner_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['treatment_sessions.id'], name=op.f('fk_appointments_session_id_treatment_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_client_id_starts_at', ['client_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_appointments_practitioner_id_starts_at', ['practitioner_id', 'starts_at'], unique=False)



def downgrade():
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_practitioner_id_starts_at')
        batch_op.drop_index('ix_appointments_client_id_starts_at')

    op.drop_table('appointments')
