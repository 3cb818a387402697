"""Every intake goes through the precautions checklist

An intake records that the checklist was gone through with the client (signing asks for
it), and keeps in words what the checklist held when the intake was signed. Intakes signed
before have neither.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-10 06:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN: a batch rebuild would drop the signed-intake triggers.
    op.add_column('intakes', sa.Column('precautions_reviewed', sa.Boolean(), nullable=True))
    op.add_column('intakes', sa.Column('precautions_at_signing', sa.JSON(), nullable=True))


def downgrade():
    op.drop_column('intakes', 'precautions_at_signing')
    op.drop_column('intakes', 'precautions_reviewed')
