"""Plan templates, client session plans and session records, with the starter templates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:20:00

Adds the practice-wide starter templates (lymph flow for neck and shoulders, endocrine
balancing, sleep, circulation).
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database

from practice.core.database import now_utc
from practice.plans.starter import STARTER_TEMPLATES


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('focus_systems', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('archived_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'], name=op.f('fk_plan_templates_practitioner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_templates'))
    )
    with op.batch_alter_table('plan_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_templates_practitioner_id'), ['practitioner_id'], unique=False)

    op.create_table('session_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('focus_systems', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=True),
    sa.Column('sessions_per_week', sa.Integer(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('active', 'paused', 'completed', name='plan_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_session_plans_end_after_start')),
    sa.CheckConstraint('sessions_per_week BETWEEN 1 AND 14', name=op.f('ck_session_plans_sessions_per_week_range')),
    sa.CheckConstraint('weeks BETWEEN 1 AND 104', name=op.f('ck_session_plans_weeks_range')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_session_plans_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_session_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['template_id'], ['plan_templates.id'], name=op.f('fk_session_plans_template_id_plan_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_plans'))
    )
    with op.batch_alter_table('session_plans', schema=None) as batch_op:
        batch_op.create_index('ix_session_plans_client_id_status', ['client_id', 'status'], unique=False)

    op.create_table('plan_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('technique', sa.String(length=120), nullable=False),
    sa.Column('body_region', sa.String(length=120), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('instructions', sa.Text(), nullable=True),
    sa.CheckConstraint('(template_id IS NULL) <> (plan_id IS NULL)', name=op.f('ck_plan_steps_one_owner')),
    sa.CheckConstraint('minutes IS NULL OR minutes BETWEEN 0 AND 240', name=op.f('ck_plan_steps_minutes_range')),
    sa.ForeignKeyConstraint(['plan_id'], ['session_plans.id'], name=op.f('fk_plan_steps_plan_id_session_plans')),
    sa.ForeignKeyConstraint(['template_id'], ['plan_templates.id'], name=op.f('fk_plan_steps_template_id_plan_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_steps'))
    )
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_steps_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_steps_template_id'), ['template_id'], unique=False)

    op.create_table('treatment_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('started_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('pain_before', sa.Integer(), nullable=True),
    sa.Column('pain_after', sa.Integer(), nullable=True),
    sa.Column('neck_shoulder_pain_before', sa.Integer(), nullable=True),
    sa.Column('neck_shoulder_pain_after', sa.Integer(), nullable=True),
    sa.Column('subjective', sa.Text(), nullable=True),
    sa.Column('objective', sa.Text(), nullable=True),
    sa.Column('assessment', sa.Text(), nullable=True),
    sa.Column('plan_note', sa.Text(), nullable=True),
    sa.Column('home_program_changes', sa.Text(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('discarded_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('signed_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('duration_minutes BETWEEN 1 AND 600', name=op.f('ck_treatment_sessions_duration_range')),
    sa.CheckConstraint('neck_shoulder_pain_after IS NULL OR neck_shoulder_pain_after BETWEEN 0 AND 10', name=op.f('ck_treatment_sessions_neck_shoulder_pain_after_range')),
    sa.CheckConstraint('neck_shoulder_pain_before IS NULL OR neck_shoulder_pain_before BETWEEN 0 AND 10', name=op.f('ck_treatment_sessions_neck_shoulder_pain_before_range')),
    sa.CheckConstraint('pain_after IS NULL OR pain_after BETWEEN 0 AND 10', name=op.f('ck_treatment_sessions_pain_after_range')),
    sa.CheckConstraint('pain_before IS NULL OR pain_before BETWEEN 0 AND 10', name=op.f('ck_treatment_sessions_pain_before_range')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_treatment_sessions_client_id_clients')),
    sa.ForeignKeyConstraint(['plan_id'], ['session_plans.id'], name=op.f('fk_treatment_sessions_plan_id_session_plans')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'], name=op.f('fk_treatment_sessions_practitioner_id_users')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_treatment_sessions_signed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_treatment_sessions'))
    )
    with op.batch_alter_table('treatment_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_treatment_sessions_client_id_started_at', ['client_id', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_treatment_sessions_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_treatment_sessions_started_at'), ['started_at'], unique=False)

    op.create_table('session_addenda',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_session_addenda_author_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['treatment_sessions.id'], name=op.f('fk_session_addenda_session_id_treatment_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_addenda'))
    )
    with op.batch_alter_table('session_addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_addenda_session_id'), ['session_id'], unique=False)

    insert_starter_templates()


def downgrade():
    op.drop_table('session_addenda')
    op.drop_table('treatment_sessions')
    op.drop_table('plan_steps')
    op.drop_table('session_plans')
    op.drop_table('plan_templates')


def insert_starter_templates():
    """The practice-wide templates, written with this revision's own table shapes."""
    templates = sa.table(
        'plan_templates', sa.column('id', sa.Integer), sa.column('practitioner_id', sa.Integer),
        sa.column('name', sa.String), sa.column('description', sa.Text),
        sa.column('focus_systems', sa.JSON), sa.column('goals', sa.Text),
        sa.column('created_at', practice.core.database.UTCDateTime),
        sa.column('updated_at', practice.core.database.UTCDateTime))
    steps = sa.table(
        'plan_steps', sa.column('template_id', sa.Integer), sa.column('position', sa.Integer),
        sa.column('technique', sa.String), sa.column('body_region', sa.String),
        sa.column('minutes', sa.Integer), sa.column('instructions', sa.Text))
    connection = op.get_bind()
    now = now_utc()
    for data in STARTER_TEMPLATES:
        template_id = connection.execute(
            templates.insert().values(
                practitioner_id=None, name=data['name'], description=data['description'],
                focus_systems=data['focus_systems'], goals=data['goals'],
                created_at=now, updated_at=now).returning(templates.c.id)
        ).scalar_one()
        connection.execute(steps.insert(), [
            dict(step, template_id=template_id, position=position)
            for position, step in enumerate(data['steps'], start=1)])

