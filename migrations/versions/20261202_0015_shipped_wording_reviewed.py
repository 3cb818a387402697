"""The practice-wide library, templates and condition types in their reviewed wording

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 09:00:00

The starter exercises, plan templates and condition types were reworded so that none states a
diagnosis or a treatment effect as fact, the practitioner's classifications say so, and the
lymph work names its red flags. New databases get the new wording from the starter data
(migrations 0002, 0005, 0006 insert it); this brings an existing database's practice-wide rows
to it. Practice-wide exercises and templates are read only in the app, so their text is
replaced; a condition type is the admins' to edit, so its description is replaced only where
it is still the original one. Practitioners' own items and clients' plans are not touched.

Downgrade leaves the text as it is: the old wording is what was taken out.
"""
from alembic import op
import sqlalchemy as sa

from practice.exercises.starter import STARTER_EXERCISES
from practice.intakes.starter import STARTER_CONDITION_TYPES
from practice.plans.starter import STARTER_TEMPLATES


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

#: The original condition type descriptions this revision replaces (when still unedited).
REPLACED_CONDITION_TYPE_DESCRIPTIONS = {
    "Type 1 - Immune hypersensitivity": "Fibromyalgia with an over-active immune response: "
                                        "swollen nodes, neck and shoulder pain, fatigue and fog.",
}

exercises = sa.table('exercises', sa.column('owner_id', sa.Integer), sa.column('name', sa.String),
                     sa.column('summary', sa.String), sa.column('precautions', sa.Text))
templates = sa.table('plan_templates', sa.column('id', sa.Integer),
                     sa.column('practitioner_id', sa.Integer), sa.column('name', sa.String),
                     sa.column('description', sa.Text), sa.column('goals', sa.Text))
steps = sa.table('plan_steps', sa.column('template_id', sa.Integer),
                 sa.column('position', sa.Integer), sa.column('technique', sa.String),
                 sa.column('instructions', sa.Text))
condition_types = sa.table('condition_types', sa.column('name', sa.String),
                           sa.column('description', sa.Text))


def upgrade():
    connection = op.get_bind()
    for item in STARTER_EXERCISES:
        connection.execute(exercises.update()
                           .where(exercises.c.owner_id.is_(None), exercises.c.name == item['name'])
                           .values(summary=item['summary'], precautions=item['precautions']))
    for data in STARTER_TEMPLATES:
        template_id = connection.execute(
            sa.select(templates.c.id).where(templates.c.practitioner_id.is_(None),
                                            templates.c.name == data['name'])).scalar()
        if template_id is None:
            continue
        connection.execute(templates.update().where(templates.c.id == template_id)
                           .values(description=data['description'], goals=data['goals']))
        for position, step in enumerate(data['steps'], start=1):
            connection.execute(steps.update().where(
                steps.c.template_id == template_id, steps.c.position == position,
                steps.c.technique == step['technique']).values(instructions=step['instructions']))
    for row in STARTER_CONDITION_TYPES:
        replaced = REPLACED_CONDITION_TYPE_DESCRIPTIONS.get(row['name'])
        if replaced:
            connection.execute(condition_types.update().where(
                condition_types.c.name == row['name'], condition_types.c.description == replaced)
                .values(description=row['description']))


def downgrade():
    pass
