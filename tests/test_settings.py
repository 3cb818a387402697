"""Practice settings: name, time zone (used for every time shown) and contact details; condition types."""
from datetime import UTC, datetime

import pytest

from practice.admin.settings_services import condition_type_usage
from practice.core.audit import AuditEvent
from practice.core.clock import practice_timezone
from practice.core.extensions import db
from practice.core.formatting import format_datetime
from practice.core.settings import PracticeSettings, practice_settings
from practice.intakes.models import ConditionType
from tests.factories.accounts import make_client
from tests.factories.clients import make_intake

VALID = {"practice_name": "Still Water Qigong", "timezone": "America/New_York",
         "address": "1 Harbour Road\nBristol", "phone": "+44 117 496 0000",
         "email": "hello@stillwater.example", "website": "https://stillwater.example"}


@pytest.fixture
def signed_in_admin(auth, admin_user):
    auth.login_as(admin_user)
    return admin_user


def stored() -> PracticeSettings | None:
    db.session.expire_all()
    return db.session.get(PracticeSettings, 1)


def test_settings_page_shows_the_defaults_until_saved(client, signed_in_admin):
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'value="Qi Practice"' in page
    assert '<option selected value="Europe/London">' in page
    assert stored() is None


def test_saving_settings_stores_and_audits_them(client, signed_in_admin):
    response = client.post("/admin/settings", data=VALID, follow_redirects=True)
    assert "Settings saved." in response.get_data(as_text=True)
    settings = stored()
    assert (settings.practice_name, settings.timezone, settings.website) == (
        "Still Water Qigong", "America/New_York", "https://stillwater.example")
    assert settings.contact_lines == ["1 Harbour Road", "Bristol", "+44 117 496 0000",
                                      "hello@stillwater.example", "https://stillwater.example"]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "settings.change"))
    assert set(event.detail_dict["fields"]) == set(VALID)
    again = client.post("/admin/settings", data=VALID, follow_redirects=True)
    assert "Nothing changed." in again.get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("timezone", "Mars/Olympus_Mons", "Not a valid choice"),
    ("timezone", "../../etc/passwd", "Not a valid choice"),
    ("practice_name", "", "This field is required"),
    ("email", "not-an-email", "Invalid email address"),
    ("website", "stillwater.example", "Enter a full address"),
    ("website", "ftp://stillwater.example", "Start the address with https://"),
])
def test_bad_settings_are_explained_and_not_stored(client, signed_in_admin, field, value, message):
    response = client.post("/admin/settings", data={**VALID, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored() is None


def test_every_time_is_shown_in_the_practice_time_zone(app, client, signed_in_admin):
    client.post("/admin/settings", data={**VALID, "timezone": "Asia/Tokyo"})
    moment = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        assert practice_timezone().key == "Asia/Tokyo"
        assert format_datetime(moment) == "15 Jan 2026, 21:00"
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Times are in Asia/Tokyo" in page


def test_without_stored_settings_the_configured_zone_applies(app):
    with app.test_request_context():
        assert practice_settings().id is None  # nothing stored: the configured zone
        assert practice_timezone().key == "Europe/London"
        assert format_datetime(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "01 Jul 2026, 13:00"


def test_templates_can_print_the_practice_contact_details(app, client, signed_in_admin):
    client.post("/admin/settings", data=VALID)
    with app.test_request_context():
        html = app.jinja_env.from_string(
            "{{ practice_settings().practice_name }}|{{ practice_settings().contact_lines|join('/') }}"
        ).render()
    assert html.startswith("Still Water Qigong|1 Harbour Road/Bristol/")


def types() -> list[ConditionType]:
    db.session.expire_all()
    return db.session.scalars(db.select(ConditionType).order_by(ConditionType.position)).all()


def test_condition_types_can_be_added_renamed_and_reordered(client, signed_in_admin):
    response = client.post("/admin/settings/condition-types",
                           data={"name": "Type 9 - Local", "description": "Our own"},
                           follow_redirects=True)
    assert "added to the condition types" in response.get_data(as_text=True)
    added = types()[-1]
    assert (added.name, added.is_active) == ("Type 9 - Local", True)
    client.post(f"/admin/settings/condition-types/{added.id}",
                data={"name": "Type 9 - Renamed", "description": ""})
    assert types()[-1].name == "Type 9 - Renamed"
    client.post(f"/admin/settings/condition-types/{added.id}/move", data={"direction": "up"})
    names = [t.name for t in types()]
    assert names.index("Type 9 - Renamed") == len(names) - 2
    assert [t.position for t in types()] == list(range(1, len(names) + 1))
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"condition_type.create", "condition_type.change", "condition_type.reorder"} <= set(actions)


def test_condition_type_names_must_be_unique(client, signed_in_admin):
    existing = types()[0].name
    response = client.post("/admin/settings/condition-types", data={"name": existing.upper()})
    assert "already exists" in response.get_data(as_text=True)
    assert len(types()) == 2


def test_a_used_condition_type_is_retired_never_deleted(client, signed_in_admin, practitioner):
    used = types()[0]
    make_intake(make_client(practitioner), condition_type_id=used.id)
    assert condition_type_usage([used.id]) == {used.id: 1}
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Used on 1 record" in page
    response = client.post(f"/admin/settings/condition-types/{used.id}/delete", follow_redirects=True)
    assert "cannot be deleted. Retire it instead" in response.get_data(as_text=True)
    assert used.id in [t.id for t in types()]
    client.post(f"/admin/settings/condition-types/{used.id}/retire")
    assert not types()[0].is_active
    client.post(f"/admin/settings/condition-types/{used.id}/restore")
    assert types()[0].is_active


def test_an_unused_condition_type_can_be_deleted(client, signed_in_admin):
    unused = types()[-1]
    response = client.post(f"/admin/settings/condition-types/{unused.id}/delete",
                           follow_redirects=True)
    assert "deleted" in response.get_data(as_text=True)
    assert unused.id not in [t.id for t in types()]
    assert client.post("/admin/settings/condition-types/9999/delete").status_code == 404
