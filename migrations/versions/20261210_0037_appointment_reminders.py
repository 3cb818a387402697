"""Appointment reminders: when the day-before reminder was queued, so it is sent once

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-10 17:00:00

`send-reminders` claims an appointment by setting `reminder_queued_at` only where it is still
empty, so runs from cron (even two at once) queue each reminder once.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_queued_at', practice.core.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_column('reminder_queued_at')

