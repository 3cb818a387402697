"""Admin forms that create a record, sent twice (a double click, Refresh, Back and Save
again), store one record and show it: a new condition type, an invitation."""
from sqlalchemy import func, select

from practice.auth.models import User
from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.intakes.models import ConditionType
from tests.html import field_value, parse, text_of

ALREADY_SAVED = "Already saved: here it is."


def count_events(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_a_new_condition_type_sent_twice_is_added_once_and_shown(client, auth, admin_user):
    auth.login_as(admin_user)
    form = parse(client.get("/admin/settings")).find("form", action="/admin/settings/condition-types")
    key = form.find("input", attrs={"name": "form_key"})["value"]
    data = {"name": "Post-viral fatigue", "description": "After an infection.", "form_key": key}
    first = client.post("/admin/settings/condition-types", data=data)
    second = client.post("/admin/settings/condition-types", data=data, follow_redirects=True)
    assert first.status_code == 302
    page = text_of(second)
    assert ALREADY_SAVED in page
    assert "already exists" not in page  # shown, not refused
    assert "Post-viral fatigue" in page
    assert db.session.scalar(select(func.count(ConditionType.id)).where(
        ConditionType.name == "Post-viral fatigue")) == 1
    assert count_events("condition_type.create") == 1


def test_an_invitation_sent_twice_invites_once_and_shows_the_account(client, auth, admin_user):
    auth.login_as(admin_user)
    key = field_value(client.get("/admin/accounts/invite"), "form_key")
    assert key
    data = {"display_name": "Li Wei", "email": "li.wei@example.org", "role": "practitioner",
            "form_key": key}
    first = client.post("/admin/accounts/invite", data=data)
    assert first.status_code == 302  # to the account's page, which shows the link
    second = client.post("/admin/accounts/invite", data=data, follow_redirects=True)
    [user] = db.session.scalars(select(User).where(User.email == "li.wei@example.org")).all()
    page = text_of(second)
    assert ALREADY_SAVED in page
    assert "already" not in page.replace(ALREADY_SAVED, "")  # not refused as a taken email
    assert "Li Wei" in page
    assert second.request.path == f"/admin/accounts/{user.id}"
    assert count_events("auth.invite") == 1
