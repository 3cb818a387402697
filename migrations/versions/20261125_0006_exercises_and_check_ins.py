"""Exercise library, home-program assignments, exercise logs and check-ins

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 21:30:00

Adds the practice-wide starter library of home exercises (belly breathing, shoulder rolls,
lymph self-massage toward the collarbone, shaking, the Eight Brocades, kidney rubbing,
tapping, warmth on the back of the neck, walking).
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database
from practice.core.database import now_utc
from practice.exercises.starter import STARTER_EXERCISES, exercise_columns


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=True),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('precautions', sa.Text(), nullable=True),
    sa.Column('default_amount', sa.Integer(), nullable=False),
    sa.Column('default_unit', sa.Enum('repetitions', 'minutes', name='default_unit', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('default_times', sa.Integer(), nullable=False),
    sa.Column('default_period', sa.Enum('day', 'week', name='default_period', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('archived_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('default_amount > 0', name=op.f('ck_exercises_default_amount_positive')),
    sa.CheckConstraint('default_times > 0', name=op.f('ck_exercises_default_times_positive')),
    sa.ForeignKeyConstraint(['copied_from_id'], ['exercises.id'], name=op.f('fk_exercises_copied_from_id_exercises')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_exercises_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercises'))
    )
    with op.batch_alter_table('exercises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exercises_owner_id'), ['owner_id'], unique=False)

    op.create_table('exercise_focus_systems',
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('focus_system', sa.Enum('lymphatic', 'endocrine', 'circulatory', 'digestive', 'nervous_sleep', 'musculoskeletal', 'other', name='exercise_focus_system', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercises.id'], name=op.f('fk_exercise_focus_systems_exercise_id_exercises')),
    sa.PrimaryKeyConstraint('exercise_id', 'focus_system', name=op.f('pk_exercise_focus_systems'))
    )

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('prescribed_by_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('unit', sa.Enum('repetitions', 'minutes', name='unit', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('times', sa.Integer(), nullable=False),
    sa.Column('period', sa.Enum('day', 'week', name='period', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('stopped_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_assignments_amount_positive')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_assignments_ends_after_start')),
    sa.CheckConstraint('times > 0', name=op.f('ck_assignments_times_positive')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_assignments_client_id_clients')),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercises.id'], name=op.f('fk_assignments_exercise_id_exercises')),
    sa.ForeignKeyConstraint(['prescribed_by_id'], ['users.id'], name=op.f('fk_assignments_prescribed_by_id_users')),
    sa.ForeignKeyConstraint(['replaces_id'], ['assignments.id'], name=op.f('fk_assignments_replaces_id_assignments')),
    sa.ForeignKeyConstraint(['stopped_by_id'], ['users.id'], name=op.f('fk_assignments_stopped_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_exercise_id'), ['exercise_id'], unique=False)

    op.create_table('exercise_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('logged_on', sa.Date(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('logged_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('effort', sa.Integer(), nullable=True),
    sa.Column('pain_after', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.CheckConstraint('effort IS NULL OR effort BETWEEN 0 AND 10', name=op.f('ck_exercise_logs_effort_range')),
    sa.CheckConstraint('pain_after IS NULL OR pain_after BETWEEN 0 AND 10', name=op.f('ck_exercise_logs_pain_after_range')),
    sa.CheckConstraint('slot >= 1', name=op.f('ck_exercise_logs_slot_positive')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_exercise_logs_assignment_id_assignments')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_exercise_logs_client_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise_logs')),
    sa.UniqueConstraint('assignment_id', 'logged_on', 'slot', name='uq_exercise_logs_assignment_id_logged_on_slot'),
    sa.UniqueConstraint('form_token', name=op.f('uq_exercise_logs_form_token'))
    )
    with op.batch_alter_table('exercise_logs', schema=None) as batch_op:
        batch_op.create_index('ix_exercise_logs_client_id_logged_on', ['client_id', 'logged_on'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('pain', sa.Integer(), nullable=True),
    sa.Column('neck_shoulder_pain', sa.Integer(), nullable=True),
    sa.Column('fatigue', sa.Integer(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('fog', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('fatigue IS NULL OR fatigue BETWEEN 0 AND 10', name=op.f('ck_check_ins_fatigue_range')),
    sa.CheckConstraint('fog IS NULL OR fog BETWEEN 0 AND 10', name=op.f('ck_check_ins_fog_range')),
    sa.CheckConstraint('neck_shoulder_pain IS NULL OR neck_shoulder_pain BETWEEN 0 AND 10', name=op.f('ck_check_ins_neck_shoulder_pain_range')),
    sa.CheckConstraint('pain IS NULL OR pain BETWEEN 0 AND 10', name=op.f('ck_check_ins_pain_range')),
    sa.CheckConstraint('sleep_quality IS NULL OR sleep_quality BETWEEN 0 AND 10', name=op.f('ck_check_ins_sleep_quality_range')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_check_ins_client_id_clients')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_check_ins_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('client_id', 'checked_on', name='uq_check_ins_client_id_checked_on')
    )

    insert_starter_exercises()


def downgrade():
    op.drop_table('check_ins')
    op.drop_table('exercise_logs')
    op.drop_table('assignments')
    op.drop_table('exercise_focus_systems')
    op.drop_table('exercises')


def insert_starter_exercises():
    """The practice-wide library, written with this revision's own table shapes."""
    exercises = sa.table(
        'exercises', sa.column('id', sa.Integer), sa.column('owner_id', sa.Integer),
        sa.column('name', sa.String), sa.column('summary', sa.String),
        sa.column('instructions', sa.Text), sa.column('precautions', sa.Text),
        sa.column('default_amount', sa.Integer), sa.column('default_unit', sa.String),
        sa.column('default_times', sa.Integer), sa.column('default_period', sa.String),
        sa.column('created_at', practice.core.database.UTCDateTime),
        sa.column('updated_at', practice.core.database.UTCDateTime))
    focus = sa.table('exercise_focus_systems', sa.column('exercise_id', sa.Integer),
                     sa.column('focus_system', sa.String))
    connection = op.get_bind()
    now = now_utc()
    for item in STARTER_EXERCISES:
        exercise_id = connection.execute(
            exercises.insert().values(created_at=now, updated_at=now, **exercise_columns(item))
            .returning(exercises.c.id)
        ).scalar_one()
        connection.execute(focus.insert(), [
            {'exercise_id': exercise_id, 'focus_system': system}
            for system in item['focus_systems']])
