"""Every intake goes through the precautions checklist: the form shows it to confirm or
update, signing asks for it, and the signed intake keeps what the checklist held."""
import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.intakes.models import Intake
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.models import PrecautionChecklist
from tests.factories.accounts import make_client
from tests.factories.clients import intake_form, make_intake
from tests.factories.precautions import checklist_form, make_precaution
from tests.html import parse, text_of


@pytest.fixture
def hannah(practitioner):
    hannah = make_client(practitioner, given_name="Hannah", family_name="Price")
    make_precaution(hannah, PrecautionKind.LYMPHOEDEMA, side=Side.LEFT, limb=Limb.ARM)
    return hannah


def ticked(response) -> bool:
    box = parse(response).find("input", attrs={"name": "precautions_reviewed"})
    return box.has_attr("checked")


def test_the_intake_form_shows_the_checklist_to_confirm(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = client.get(f"/clients/{hannah.id}/intakes/new")
    card = text_of(page, 'section[aria-labelledby="part-precautions"]')
    assert "Lymphoedema: left arm" in card
    assert "Not yet gone through at a signed intake." in card
    assert "I went through the precautions checklist with the client today" in card
    assert not ticked(page)


def test_signing_asks_that_the_checklist_was_gone_through(client, auth, practitioner, hannah):
    intake = make_intake(hannah, precautions_reviewed=None)
    auth.login_as(practitioner)
    page = text_of(client.get(f"/clients/{hannah.id}/intakes/{intake.id}"), "#missing-answers")
    assert "Precautions checklist gone through with the client" in page
    refused = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                          data={"version": "1"}, follow_redirects=True)
    assert "Precautions checklist gone through with the client" in text_of(refused)
    db.session.refresh(intake)
    assert not intake.is_signed


def test_a_signed_intake_keeps_what_the_checklist_held(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form())
    intake = db.session.scalar(select(Intake).where(Intake.client_id == hannah.id))
    assert intake.precautions_reviewed is True
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                data={"version": str(intake.version)})
    db.session.refresh(intake)
    assert intake.is_signed
    assert intake.precautions_at_signing == ["Lymphoedema: left arm"]
    checklist = db.session.scalar(select(PrecautionChecklist).where(
        PrecautionChecklist.client_id == hannah.id))
    assert checklist.reviewed_at is not None
    assert checklist.reviewed_by_id == practitioner.id
    review = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "precautions.review"))
    assert review.detail_dict == {"intake_id": intake.id}
    shown = text_of(client.get(f"/clients/{hannah.id}/intakes/{intake.id}"))
    assert "Gone through with Hannah at this intake. It held: Lymphoedema: left arm" in shown
    assert "Last gone through with Hannah at the intake" in text_of(
        client.get(f"/clients/{hannah.id}"))


def test_save_and_update_the_checklist_comes_back_to_the_draft(client, auth, practitioner,
                                                              hannah):
    auth.login_as(practitioner)
    response = client.post(f"/clients/{hannah.id}/intakes/new",
                           data=intake_form(precautions_reviewed="", update_precautions="1"))
    intake = db.session.scalar(select(Intake).where(Intake.client_id == hannah.id))
    back = f"/clients/{hannah.id}/intakes/{intake.id}/edit"
    assert response.headers["Location"].endswith(
        f"/precautions/clients/{hannah.id}/edit?next={back}")
    saved = client.post(response.headers["Location"], data=checklist_form(
        lymphoedema={"side": "left", "limb": "arm"}, pregnancy={"due_on": "2027-03-01"}))
    assert saved.headers["Location"].endswith(back)
    assert "Pregnancy:" in text_of(client.get(back))
    # A re-assessment asks afresh: the tick does not carry over from the last intake.
    make_intake(hannah, signed=True)
    assert not ticked(client.get(f"/clients/{hannah.id}/intakes/new"))
