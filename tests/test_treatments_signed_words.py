"""A signed session keeps the words it was signed with: its plan's name, its steps, regions.

Renaming the plan (or editing its steps) later never changes what a signed session shows.
Migration 0013 fills the kept name for sessions signed before it, through the database guards
that refuse changes to signed rows (dropped for the fill and re-created).
"""
from datetime import timedelta

import pytest
from sqlalchemy import text

from practice.core.database import now_utc
from practice.core.extensions import db
from practice.treatments.models import TreatmentSession
from tests.empty_database import app_context_on, empty_database, insert_practitioner_and_client
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan, make_session
from tests.html import text_of
from tests.test_plans_client_plans import plan_form
from tests.test_treatments import session_form


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def plan(hannah):
    return make_plan(hannah, name="Neck lymph course")


def stored(session_id) -> TreatmentSession:
    db.session.expire_all()
    return db.session.get(TreatmentSession, session_id)


def rename_plan(client, plan, name: str) -> None:
    response = client.post(f"/plans/{plan.id}/edit",
                           data=plan_form(name=name, version=str(plan.updated_at.isoformat())))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_signing_keeps_the_plans_name(client, auth, practitioner, hannah, plan):
    draft = make_session(hannah, plan=plan)
    auth.login_as(practitioner)
    client.post(f"/sessions/{draft.id}/sign", data={"version": "1"})
    assert stored(draft.id).plan_name == "Neck lymph course"


def test_saving_and_signing_at_once_keeps_the_plans_name(client, auth, practitioner, hannah, plan):
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new",
                data=session_form(plan_id=str(plan.id), sign="1"))
    [session] = db.session.scalars(db.select(TreatmentSession)).all()
    assert session.plan_name == "Neck lymph course"


def test_a_draft_keeps_no_name_and_shows_the_plans_current_one(client, auth, practitioner, hannah,
                                                                plan):
    draft = make_session(hannah, plan=plan)
    assert stored(draft.id).plan_name is None
    auth.login_as(practitioner)
    rename_plan(client, plan, "Neck and shoulder course")
    assert "Neck and shoulder course" in text_of(client.get(f"/sessions/{draft.id}"))


def test_renaming_the_plan_never_changes_a_signed_sessions_pages(client, auth, practitioner,
                                                                 hannah, plan):
    noon = now_utc().replace(hour=12, minute=0, second=0, microsecond=0)
    signed = make_session(hannah, plan=plan, signed=True, started_at=noon - timedelta(days=1))
    auth.login_as(practitioner)
    rename_plan(client, plan, "Renamed course")
    session_page = text_of(client.get(f"/sessions/{signed.id}"))
    assert "Neck lymph course" in session_page
    assert "Renamed course" not in session_page
    for path in (f"/sessions/clients/{hannah.id}", f"/clients/{hannah.id}", "/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Neck lymph course" in text_of(page), path


def test_a_signed_sessions_steps_are_its_own_copy(client, auth, practitioner, hannah, plan):
    auth.login_as(practitioner)
    client.post(f"/sessions/clients/{hannah.id}/new",
                data=session_form(plan_id=str(plan.id), sign="1"))
    [session] = db.session.scalars(db.select(TreatmentSession)).all()
    client.post(f"/plans/{plan.id}/edit", data=plan_form(
        name="Neck lymph course", version=plan.updated_at.isoformat(),
        **{"steps-0-technique": "Something else entirely", "steps-0-body_region": "Feet"}))
    page = text_of(client.get(f"/sessions/{session.id}"))
    assert "Diaphragmatic breathing" in page
    assert "Abdomen" in page
    assert "Something else entirely" not in page


# --- migration 0013 --------------------------------------------------------------------------

@pytest.fixture
def migration_app(tmp_path):
    with (empty_database(tmp_path, "treatments_signed_words_check") as url,
          app_context_on(url) as application):
        yield application


def _insert_sessions(connection) -> None:
    insert_practitioner_and_client(connection)
    connection.execute(text(
        "INSERT INTO session_plans (id, client_id, created_by_id, name, focus_systems, "
        "sessions_per_week, weeks, measures, status, start_date, created_at, updated_at) "
        "VALUES (1, 1, 1, 'Neck lymph course', '[\"lymphatic\"]', 2, 6, '[]', 'active', "
        "'2026-11-01', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    for session_id, plan_id, signed in ((1, 1, "CURRENT_TIMESTAMP"), (2, 1, "NULL"),
                                        (3, "NULL", "CURRENT_TIMESTAMP")):
        connection.execute(text(
            "INSERT INTO treatment_sessions (id, client_id, practitioner_id, plan_id, started_at, "
            "duration_minutes, steps, created_at, updated_at, version, signed_at, signed_by_id) "
            f"VALUES ({session_id}, 1, 1, {plan_id}, CURRENT_TIMESTAMP, 45, '[]', "
            f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, {signed}, 1)"))


def test_migration_0013_fills_the_name_of_sessions_signed_before_it(migration_app):
    from flask_migrate import downgrade, upgrade

    upgrade(revision="0012")
    with db.engine.begin() as connection:
        _insert_sessions(connection)
    upgrade(revision="0013")
    with db.engine.connect() as connection:
        names = dict(connection.execute(text(
            "SELECT id, plan_name FROM treatment_sessions ORDER BY id")).all())
    assert names == {1: "Neck lymph course", 2: None, 3: None}  # drafts show the live name

    # The guards are back: a signed session still refuses any change, a draft takes one.
    for statement in ("UPDATE treatment_sessions SET plan_name = 'x' WHERE id = 1",
                      "UPDATE treatment_sessions SET subjective = 'x' WHERE id = 1",
                      "DELETE FROM treatment_sessions WHERE id = 1"):
        with pytest.raises(Exception, match="(?i)signed"), db.engine.begin() as connection:
            connection.execute(text(statement))
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE treatment_sessions SET subjective = 'd' WHERE id = 2"))

    downgrade(revision="0012")
    with pytest.raises(Exception, match="(?i)signed"), db.engine.begin() as connection:
        connection.execute(text("UPDATE treatment_sessions SET subjective = 'x' WHERE id = 1"))
