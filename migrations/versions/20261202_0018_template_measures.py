"""Plan templates carry the measures a plan started from them watches

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 12:00:00

A new plan copies its template's measures to watch, as it copies the steps. Existing
templates start with none; the practice-wide starter templates get theirs (the lymph flow
template watches overall pain, neck and shoulder pain and fatigue). Practitioners' own
templates are left for them to set.
"""
from alembic import op
import sqlalchemy as sa

from practice.plans.starter import STARTER_TEMPLATES


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

templates = sa.table('plan_templates', sa.column('practitioner_id', sa.Integer),
                     sa.column('name', sa.String), sa.column('measures', sa.JSON))


def upgrade():
    op.add_column('plan_templates',
                  sa.Column('measures', sa.JSON(), server_default='[]', nullable=False))
    connection = op.get_bind()
    for data in STARTER_TEMPLATES:
        connection.execute(templates.update()
                           .where(templates.c.practitioner_id.is_(None),
                                  templates.c.name == data['name'])
                           .values(measures=data['measures']))


def downgrade():
    with op.batch_alter_table('plan_templates', schema=None) as batch_op:
        batch_op.drop_column('measures')
