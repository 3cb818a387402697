"""Two tabs editing the practice settings: the second save is refused with its typed values
kept, and saving again from there is a deliberate overwrite. (Templates and plans:
tests/test_plans_templates.py and tests/test_plans_client_plans.py.)"""
from practice.core.extensions import db
from practice.core.settings import PracticeSettings
from tests.html import field_value

SETTINGS_FORM = {"practice_name": "Still Water Qigong", "timezone": "Europe/London",
                 "address": "", "phone": "", "email": "", "website": ""}


def opened_version(client, path: str) -> str:
    """The version (``core.locking``) a form carries when a tab opens it."""
    return field_value(client.get(path), "version")


def two_tabs(client, path, first_tab, second_tab):
    """Open the form twice, save tab one, then tab two: return tab two's two responses."""
    version = opened_version(client, path)
    assert version
    assert client.post(path, data={**first_tab, "version": version}).status_code == 302
    refused = client.post(path, data={**second_tab, "version": version})
    fresh = field_value(refused, "version")
    assert fresh
    assert fresh != version
    overwrite = client.post(path, data={**second_tab, "version": fresh})
    return refused, overwrite


def test_practice_settings(client, auth, admin_user):
    auth.login_as(admin_user)
    client.post("/admin/settings", data=SETTINGS_FORM)
    refused, overwrite = two_tabs(client, "/admin/settings",
                                  {**SETTINGS_FORM, "practice_name": "Tab one"},
                                  {**SETTINGS_FORM, "practice_name": "Tab two"})
    assert refused.status_code == 409
    assert field_value(refused, "practice_name") == "Tab two"  # nothing typed is lost
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(db.select(PracticeSettings)).one().practice_name == "Tab two"
