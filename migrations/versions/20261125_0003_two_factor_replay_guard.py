"""Two-factor sign-in: remember the last accepted code's time step

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:40:26.080925

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: a batch rebuild on SQLite would lose the lower(email) index.
    op.add_column('users', sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
    if op.get_bind().dialect.name == 'sqlite':
        # The batch rebuild cannot carry expression indexes over: put it back.
        op.create_index('uq_users_email_lower', 'users', [sa.text('lower(email)')], unique=True)
