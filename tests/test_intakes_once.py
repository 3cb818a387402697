"""An intake addendum sent twice (a double click, Refresh, Back and Add again) is added once
and shown."""
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.intakes.models import IntakeAddendum
from tests.factories.accounts import make_client
from tests.factories.clients import make_intake
from tests.html import parse, text_of

ALREADY_SAVED = "Already saved: here it is."


def test_an_addendum_sent_twice_is_added_once_and_shown(client, auth, practitioner):
    hannah = make_client(practitioner)
    intake = make_intake(hannah, signed=True)
    auth.login_as(practitioner)
    url = f"/clients/{hannah.id}/intakes/{intake.id}/addenda"
    form = parse(client.get(f"/clients/{hannah.id}/intakes/{intake.id}")).find("form", action=url)
    key = form.find("input", attrs={"name": "form_key"})["value"]
    data = {"body": "Medication since changed to duloxetine.", "form_key": key}
    first = client.post(url, data=data)
    second = client.post(url, data=data, follow_redirects=True)
    assert first.status_code == 302
    assert ALREADY_SAVED in text_of(second)
    assert text_of(second).count("Medication since changed to duloxetine.") == 1
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "intake.addendum")) == 1
