"""Check-ins: sleep asked as sleep problems (0 slept well, 10 slept very badly)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 09:00:00

Every other check-in rating runs 0 none at all to 10 the worst; sleep quality ran the other
way (0 very poor, 10 very good), which a tired person reading five scales in a row misreads.
The question is now "sleep problems", and each stored sleep-quality rating is turned round
(problems = 10 - quality): the same answer on the new scale, never a changed one. Downgrading
turns them back.

The table is rebuilt on SQLite (to drop the old column and its check); check_ins has no
triggers or expression indexes to re-create.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _turn_round(old: str, new: str) -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.add_column(sa.Column(new, sa.Integer(), nullable=True))
    op.execute(f"UPDATE check_ins SET {new} = 10 - {old} WHERE {old} IS NOT NULL")
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_check_ins_{old}_range'), type_='check')
        batch_op.drop_column(old)
        batch_op.create_check_constraint(op.f(f'ck_check_ins_{new}_range'),
                                         f'{new} IS NULL OR {new} BETWEEN 0 AND 10')


def upgrade():
    _turn_round('sleep_quality', 'sleep_problems')


def downgrade():
    _turn_round('sleep_problems', 'sleep_quality')
