"""Existing appointments' places are sorted into rooms and online links by the migration that
made the place an explicit choice (one with "://" was an online link, any other a room)."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from practice.core.extensions import db
from tests.empty_database import app_context_on, empty_database, insert_practitioner_and_client


@pytest.fixture
def migration_app(tmp_path):
    with empty_database(tmp_path, "places_check") as url, app_context_on(url) as application:
        yield application


def test_existing_places_become_rooms_or_online_links(migration_app):
    upgrade(revision="0039")
    with db.engine.begin() as connection:
        insert_practitioner_and_client(connection)
        for number, place in enumerate(("Room 2", "Online: https://meet.example.org/a", None),
                                       start=1):
            connection.execute(text(
                "INSERT INTO appointments (id, client_id, practitioner_id, starts_at, "
                "duration_minutes, ends_at, place, status, created_by_id, version, created_at, "
                "updated_at) VALUES (:id, 1, 1, :starts, 60, :ends, :place, 'booked', 1, 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"id": number, "place": place, "starts": f"2030-07-0{number} 09:00:00+00:00",
                 "ends": f"2030-07-0{number} 10:00:00+00:00"})
    upgrade(revision="0040")
    with db.engine.connect() as connection:
        kinds = connection.execute(text(
            "SELECT place, place_kind FROM appointments ORDER BY id")).all()
    assert [tuple(row) for row in kinds] == [
        ("Room 2", "room"), ("Online: https://meet.example.org/a", "online"), (None, None)]
    downgrade(revision="0039")
