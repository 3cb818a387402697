"""The migrations build the same schema as the models, and undo cleanly.

On PostgreSQL this runs in its own schema so it never disturbs the suite's tables.
"""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from practice.core.extensions import db
from tests.empty_database import app_context_on, empty_database, insert_practitioner_and_client


@pytest.fixture
def migration_app(tmp_path):
    with empty_database(tmp_path, "migration_check") as url, app_context_on(url) as application:
        yield application


def test_one_head(migration_app):
    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1


def test_upgrade_matches_models_and_downgrade_empties(migration_app):
    upgrade()
    with db.engine.connect() as connection:
        include_object = migration_app.extensions["migrate"].configure_args["include_object"]
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": include_object})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
    downgrade(revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_email_unique_regardless_of_case_in_migrated_schema(migration_app):
    upgrade()
    insert = text("INSERT INTO users (email, role, display_name, is_enabled, security_stamp, "
                  "created_at) VALUES (:email, 'admin', 'A', true, 's', CURRENT_TIMESTAMP)")
    with db.engine.begin() as connection:
        connection.execute(insert, {"email": "pat@example.com"})
    with pytest.raises(Exception, match="(?i)unique"), db.engine.begin() as connection:
        connection.execute(insert, {"email": "PAT@example.com"})


def test_migrated_database_refuses_changes_to_signed_notes_and_the_audit_trail(migration_app):
    """Beyond the models' own guard: a raw SQL change is refused by the database itself."""
    upgrade()
    with db.engine.begin() as connection:
        insert_practitioner_and_client(connection)
        for session_id, signed in ((1, "CURRENT_TIMESTAMP"), (2, "NULL")):
            connection.execute(text(
                "INSERT INTO treatment_sessions (id, client_id, practitioner_id, started_at, "
                "duration_minutes, steps, pain_before, pain_after, neck_shoulder_pain_before, "
                "neck_shoulder_pain_after, created_at, updated_at, version, signed_at, "
                f"signed_by_id) VALUES ({session_id}, 1, 1, CURRENT_TIMESTAMP, 45, '[]', 6, 3, "
                f"7, 4, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, {signed}, 1)"))
        connection.execute(text(
            "INSERT INTO audit_events (occurred_at, action, detail, prev_hash, hash) VALUES "
            "(CURRENT_TIMESTAMP, 'client.view', '{}', 'a', 'b')"))
    refused = [
        "UPDATE treatment_sessions SET subjective = 'changed' WHERE id = 1",
        "DELETE FROM treatment_sessions WHERE id = 1",
        "UPDATE audit_events SET action = 'nothing'",
        "DELETE FROM audit_events",
    ]
    for statement in refused:
        with pytest.raises(Exception, match="(?i)signed|append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
    with db.engine.begin() as connection:  # a draft stays editable
        connection.execute(text("UPDATE treatment_sessions SET subjective = 'draft' WHERE id = 2"))


def test_an_existing_database_gets_the_reviewed_shipped_wording(migration_app):
    """Practice-wide rows written with the old wording are brought to the reviewed one; a
    condition type an admin has reworded keeps the admin's words."""
    from practice.exercises.starter import STARTER_EXERCISES
    from practice.intakes.starter import STARTER_CONDITION_TYPES
    from practice.plans.starter import STARTER_TEMPLATES

    upgrade(revision="0014")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE exercises SET summary = 'the main pump that moves lymph'"))
        connection.execute(text("UPDATE plan_templates SET description = 'supports the kidneys'"))
        connection.execute(text("UPDATE plan_steps SET instructions = 'pumps the lymph along'"))
        connection.execute(text(
            "UPDATE condition_types SET description = 'Fibromyalgia with an over-active immune "
            "response: swollen nodes, neck and shoulder pain, fatigue and fog.' "
            "WHERE name = 'Type 1 - Immune hypersensitivity'"))
        connection.execute(text("UPDATE condition_types SET description = 'Our own words' "
                                "WHERE name = 'Not typed'"))
    upgrade()
    with db.engine.connect() as connection:
        summaries = dict(connection.execute(text("SELECT name, summary FROM exercises")).all())
        descriptions = dict(connection.execute(
            text("SELECT name, description FROM plan_templates")).all())
        instructions = connection.scalars(text("SELECT instructions FROM plan_steps")).all()
        types = dict(connection.execute(text("SELECT name, description FROM condition_types")).all())
    assert summaries == {item["name"]: item["summary"] for item in STARTER_EXERCISES}
    assert descriptions == {data["name"]: data["description"] for data in STARTER_TEMPLATES}
    assert sorted(instructions) == sorted(step["instructions"] for data in STARTER_TEMPLATES
                                          for step in data["steps"])
    assert types["Type 1 - Immune hypersensitivity"] == STARTER_CONDITION_TYPES[0]["description"]
    assert types["Not typed"] == "Our own words"


def _revision_that(script, words: str):
    return next(revision for revision in script.walk_revisions() if words in revision.path)


def test_stored_sleep_quality_becomes_sleep_problems_and_back(migration_app):
    """The check-in's sleep question now runs like the others (10 = worst): each stored
    rating is turned round, never reinterpreted."""
    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    turned = _revision_that(script, "sleep_problems")
    upgrade(revision=turned.down_revision)
    with db.engine.begin() as connection:
        insert_practitioner_and_client(connection)
        for day, quality in (("2026-03-01", 2), ("2026-03-02", 9), ("2026-03-03", None)):
            connection.execute(text(
                "INSERT INTO check_ins (client_id, checked_on, pain, sleep_quality, source, "
                "recorded_by_id, created_at, updated_at) VALUES (1, :day, 5, :quality, 'client', "
                "1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"day": day, "quality": quality})
    upgrade(revision=turned.revision)
    with db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT pain, sleep_problems FROM check_ins ORDER BY checked_on")).all()
    assert [tuple(row) for row in rows] == [(5, 8), (5, 1), (5, None)]
    downgrade(revision=turned.down_revision)
    with db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT sleep_quality FROM check_ins ORDER BY checked_on")).scalars().all()
    assert rows == [2, 9, None]


def test_the_starter_templates_get_their_measures_to_watch(migration_app):
    """An existing database's practice-wide templates get the starter measures; a
    practitioner's own template starts with none."""
    import json

    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    upgrade(revision=_revision_that(script, "template_measures").down_revision)
    with db.engine.begin() as connection:
        insert_practitioner_and_client(connection)
        connection.execute(text(
            "INSERT INTO plan_templates (practitioner_id, name, focus_systems, created_at, "
            "updated_at) SELECT id, 'Mine', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM users"))
    upgrade()
    with db.engine.connect() as connection:
        measures = {name: json.loads(value) if isinstance(value, str) else value
                    for name, value in connection.execute(
                        text("SELECT name, measures FROM plan_templates")).all()}
    assert measures["Lymph flow - neck and shoulders"] == ["pain", "neck_shoulder_pain", "fatigue"]
    assert measures["Mine"] == []


def test_free_text_precautions_move_into_an_other_item_and_back(migration_app):
    """The record's free-text precautions become the "other" item of a checklist."""
    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    checklist = _revision_that(script, "precautions_checklist")
    upgrade(revision=checklist.down_revision)
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, email, role, display_name, is_enabled, security_stamp, "
            "created_at) VALUES (1, 'pat@example.com', 'practitioner', 'Pat', true, 's', "
            "CURRENT_TIMESTAMP)"))
        for client_id, precautions in ((1, "'Warfarin: gentle contact only.'"), (2, "NULL"),
                                       (3, "'  '")):
            connection.execute(text(
                "INSERT INTO clients (id, practitioner_id, given_name, family_name, precautions, "
                "created_at, updated_at, last_activity_at, version) VALUES "
                f"({client_id}, 1, 'Graham', 'Whitfield', {precautions}, '2026-11-20 10:00:00', "
                "'2026-11-21 10:00:00', CURRENT_TIMESTAMP, 1)"))
    upgrade(revision=checklist.revision)
    with db.engine.connect() as connection:
        items = connection.execute(text(
            "SELECT client_id, kind, details, noted_on, ended_on FROM client_precautions")).all()
        checklists = connection.execute(text("SELECT client_id FROM precaution_checklists")).all()
    assert [(row.client_id, row.kind, row.details, str(row.noted_on), row.ended_on)
            for row in items] == [(1, "other", "Warfarin: gentle contact only.", "2026-11-21", None)]
    assert [row.client_id for row in checklists] == [1]
    assert "precautions" not in {column["name"] for column in inspect(db.engine).get_columns("clients")}
    downgrade(revision=checklist.down_revision)
    with db.engine.connect() as connection:
        back = connection.execute(text("SELECT id, precautions FROM clients ORDER BY id")).all()
    assert [tuple(row) for row in back] == [(1, "Warfarin: gentle contact only."), (2, None),
                                            (3, None)]


def test_the_starter_library_and_templates_are_tagged_and_own_items_left_alone(migration_app):
    """The practice-wide items get the precautions they conflict with; a practitioner's own
    item of the same name is theirs to tag."""
    import json

    from practice.exercises.starter import starter_conflicts
    from practice.plans.starter import step_conflicts

    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    tags = _revision_that(script, "precaution_tags")
    upgrade(revision=tags.down_revision)
    with db.engine.begin() as connection:
        insert_practitioner_and_client(connection)
        connection.execute(text(
            "INSERT INTO exercises (owner_id, name, instructions, default_amount, default_unit, "
            "default_times, default_period, created_at, updated_at) VALUES (1, 'Gentle walking', "
            "'Walk.', 10, 'minutes', 1, 'day', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    upgrade(revision=tags.revision)
    with db.engine.connect() as connection:
        exercises = connection.execute(text("SELECT owner_id, name, conflicts_with FROM exercises")).all()
        steps = connection.execute(text("SELECT technique, conflicts_with FROM plan_steps")).all()
    for owner_id, name, stored in exercises:
        expected = starter_conflicts(name) if owner_id is None else []
        assert (json.loads(stored) if isinstance(stored, str) else stored) == expected, name
    assert any(json.loads(stored) if isinstance(stored, str) else stored for _n, stored in steps)
    for technique, stored in steps:
        assert (json.loads(stored) if isinstance(stored, str) else stored) == \
            step_conflicts(technique), technique


def test_mail_waiting_in_the_outbox_becomes_account_mail_and_may_be_withheld(migration_app):
    script = ScriptDirectory.from_config(migration_app.extensions["migrate"].migrate.get_config())
    before = _revision_that(script, "consent_and_message_opt_in").down_revision
    upgrade(revision=before)
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO outbox_messages (created_at, recipient, subject, body, status, attempts) "
            "VALUES (CURRENT_TIMESTAMP, 'pat@example.com', 'Reset', 'a link', 'queued', 0)"))
    upgrade()
    with db.engine.begin() as connection:
        assert connection.execute(text("SELECT kind, client_id FROM outbox_messages")).one() == \
            ("account", None)
        connection.execute(text("UPDATE outbox_messages SET status = 'withheld'"))
    with pytest.raises(Exception, match="(?i)check"), db.engine.begin() as connection:
        connection.execute(text("UPDATE outbox_messages SET status = 'lost'"))
    downgrade(revision=before)
    with db.engine.begin() as connection:
        assert connection.execute(text("SELECT status FROM outbox_messages")).scalar() == "failed"
