"""Clients ask from the portal to cancel or move an appointment

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-10 15:00:00

An appointment keeps the client's open request (cancel or move), their few words and when they
asked, until the practitioner answers it (reschedule, cancel, or keep as booked).
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appointments', schema=None, recreate='always') as batch_op:
        batch_op.add_column(sa.Column('change_request', sa.Enum('cancel', 'move', name='appointment_change_request', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('change_request_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('change_requested_at', practice.core.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('appointments', schema=None, recreate='always') as batch_op:
        batch_op.drop_constraint(op.f('ck_appointments_appointment_change_request'), type_='check')
        batch_op.drop_column('change_requested_at')
        batch_op.drop_column('change_request_note')
        batch_op.drop_column('change_request')

