"""When an invitation link was made

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-10 12:00:00

`users.invitation_issued_at`: an invitation link is signed with this time, so the open link
can be shown and copied again from the account or client page until it is used, expires or
is replaced by a new one (which voids it). Empty for invitations made before: their pages
offer a new link.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('invitation_issued_at',
                                     practice.core.database.UTCDateTime(timezone=True),
                                     nullable=True))


def downgrade():
    op.drop_column('users', 'invitation_issued_at')
