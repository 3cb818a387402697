"""Check-in forms sent twice (a double tap, Refresh, Back and Save again) store one check-in,
record one change and show it; the same form sent again with a rating changed saves the
change, since a day's check-in stays correctable that day."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.progress.models import CheckIn
from tests.factories.accounts import make_client, make_portal_client
from tests.html import field_value, text_of

ALREADY_SAVED = "Already saved: here it is."


@pytest.fixture
def today(app):
    return local_today()


def check_ins_of(client) -> list[CheckIn]:
    db.session.expire_all()
    return db.session.scalars(select(CheckIn).where(CheckIn.client_id == client.id)).all()


def check_in_actions(client) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.client_id == client.id, AuditEvent.action.in_(
            ("check_in.create", "check_in.update"))).order_by(AuditEvent.id)).all()


def test_a_practitioners_check_in_sent_twice_is_saved_once_and_shown(client, auth, practitioner,
                                                                     today):
    paper = make_client(practitioner, given_name="Margaret")
    auth.login_as(practitioner)
    url = f"/progress/client/{paper.id}/check-in"
    key = field_value(client.get(url), "form_key")
    assert key
    day = (today - timedelta(days=1)).isoformat()
    data = {"checked_on": day, "pain": "6", "fatigue": "7", "note": "Told me at the session.",
            "form_key": key}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.headers["Location"] == second.headers["Location"]
    shown = text_of(client.get(second.headers["Location"]))
    assert ALREADY_SAVED in shown
    assert "Told me at the session." in shown
    [check_in] = check_ins_of(paper)
    assert (check_in.pain, check_in.fatigue) == (6, 7)
    assert check_in_actions(paper) == ["check_in.create"]  # nothing saved the second time

    # Back, a rating corrected, Save again: the correction is saved into the same check-in.
    client.post(url, data={**data, "pain": "5"})
    [check_in] = check_ins_of(paper)
    assert check_in.pain == 5
    assert check_in_actions(paper) == ["check_in.create", "check_in.update"]


def test_a_clients_check_in_sent_twice_is_saved_once_and_shown(client, auth, practitioner):
    rosa, user = make_portal_client(practitioner, given_name="Rosa")
    auth.login_as(user)
    key = field_value(client.get("/portal/checkin"), "form_key")
    assert key
    data = {"pain": "6", "fatigue": "5", "note": "Bad night.", "form_key": key}
    first = client.post("/portal/checkin", data=data)
    second = client.post("/portal/checkin", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert ALREADY_SAVED in text_of(second)
    assert "You have checked in today" in text_of(second)
    [check_in] = check_ins_of(rosa)
    assert check_in.pain == 6
    assert check_in_actions(rosa) == ["check_in.create"]
