"""An appointment's place is an explicit choice: a room, or an online meeting link

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-10 19:00:00

`place_kind` says what `place` holds (room | online). Existing places are sorted the way the
app used to tell them apart: one with "://" in it is an online link, any other a room.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appointments', schema=None, recreate='always') as batch_op:
        batch_op.add_column(sa.Column('place_kind', sa.Enum('room', 'online', name='appointment_place_kind', native_enum=False, create_constraint=True), nullable=True))
    op.execute("UPDATE appointments SET place_kind = CASE WHEN place LIKE '%://%' THEN 'online' "
               "ELSE 'room' END WHERE place IS NOT NULL")


def downgrade():
    with op.batch_alter_table('appointments', schema=None, recreate='always') as batch_op:
        batch_op.drop_constraint(op.f('ck_appointments_appointment_place_kind'), type_='check')
        batch_op.drop_column('place_kind')
