"""Exercises and plan steps carry the precautions they conflict with

Each exercise and each step of a template or plan gets the list of checklist precautions it
conflicts with (empty by default). The practice-wide starter library and templates are
tagged from their sources (docs/precautions.md): lymph drainage, patting, heat, bouncing,
standing forms, shoulder movement, rubbing, work on the belly, exertion.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 03:00:00
"""
from alembic import op
import sqlalchemy as sa

from practice.exercises.starter import STARTER_CONFLICTS, starter_conflicts
from practice.plans.starter import STEP_CONFLICTS, step_conflicts


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('exercises', sa.Column('conflicts_with', sa.JSON(), server_default='[]', nullable=False))
    op.add_column('plan_steps', sa.Column('conflicts_with', sa.JSON(), server_default='[]', nullable=False))
    tag_the_starter_library_and_templates()


def tag_the_starter_library_and_templates():
    """Practice-wide items and steps of practice-wide templates, matched by name."""
    exercises = sa.table('exercises', sa.column('owner_id', sa.Integer),
                         sa.column('name', sa.String), sa.column('conflicts_with', sa.JSON))
    steps = sa.table('plan_steps', sa.column('template_id', sa.Integer),
                     sa.column('technique', sa.String), sa.column('conflicts_with', sa.JSON))
    templates = sa.table('plan_templates', sa.column('id', sa.Integer),
                         sa.column('practitioner_id', sa.Integer))
    connection = op.get_bind()
    for name in STARTER_CONFLICTS:
        connection.execute(exercises.update()
                           .where(exercises.c.owner_id.is_(None), exercises.c.name == name)
                           .values(conflicts_with=starter_conflicts(name)))
    practice_wide = sa.select(templates.c.id).where(templates.c.practitioner_id.is_(None))
    for technique in STEP_CONFLICTS:
        connection.execute(steps.update()
                           .where(steps.c.template_id.in_(practice_wide),
                                  steps.c.technique == technique)
                           .values(conflicts_with=step_conflicts(technique)))


def downgrade():
    op.drop_column('plan_steps', 'conflicts_with')
    op.drop_column('exercises', 'conflicts_with')
