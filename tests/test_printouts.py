"""Printouts: a session note, an intake and the chart as a page and a PDF, and the client's own
record from the portal. The PDFs are opened and read back."""
import io

import pytest
from pypdf import PdfReader

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings
from practice.intakes.models import IntakeAddendum
from practice.precautions.kinds import PrecautionKind
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import make_intake
from tests.factories.plans import make_plan, make_session
from tests.factories.precautions import make_precaution
from tests.html import links, parse, text_of


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def zoe(practitioner):
    """A client whose names are in Greek and Chinese, shown family name first."""
    client = make_client(practitioner, given_name="Ζωή", family_name="陈", family_name_first=True)
    make_precaution(client, PrecautionKind.LYMPHOEDEMA, details="Light touch only.")
    return client


def test_a_session_note_downloads_as_a_pdf_holding_its_text(client, auth, practitioner, zoe):
    session = make_session(zoe, signed=True, subjective="Tender along the left collarbone.")
    auth.login_as(practitioner)
    page = client.get(f"/sessions/{session.id}")
    assert f"/printouts/sessions/{session.id}.pdf" in links(page)
    before = len(actions())
    text = pdf_text(client.get(f"/printouts/sessions/{session.id}.pdf"))
    assert "陈 Ζωή" in text
    assert "Tender along the left collarbone." in text
    assert "Lymphoedema" in text
    assert "Light touch only." in text
    assert actions()[before:] == ["session.download"]  # one event for the download


def test_an_intake_pdf_has_its_answers_body_map_and_addenda(client, auth, practitioner, zoe):
    intake = make_intake(zoe, signed=True, chief_complaint="Neck and shoulder pain for years.",
                         painful_regions=["neck", "jaw_left", "lower_back"])
    db.session.add(IntakeAddendum(intake_id=intake.id, author_id=practitioner.id,
                                  body="Also takes magnesium."))
    db.session.commit()
    auth.login_as(practitioner)
    assert f"/printouts/clients/{zoe.id}/intakes/{intake.id}.pdf" in links(
        client.get(f"/clients/{zoe.id}/intakes/{intake.id}"))
    response = client.get(f"/printouts/clients/{zoe.id}/intakes/{intake.id}.pdf")
    text = pdf_text(response)
    assert "Neck and shoulder pain for years." in text
    assert "Painful regions (3 of 19)" in text
    assert "Also takes magnesium." in text
    assert "Front" in text and "Back" in text  # the body map's figure  # noqa: PT018


def test_the_whole_chart_prints_and_downloads(client, auth, practitioner, zoe):
    make_intake(zoe, signed=True, chief_complaint="Fatigue and fog.")
    make_plan(zoe, goals="Ease the heaviness in the left arm.")
    make_session(zoe, signed=True, subjective="Slept better this week.")
    auth.login_as(practitioner)
    overview = client.get(f"/clients/{zoe.id}")
    assert f"/printouts/clients/{zoe.id}/chart" in links(overview)
    page = client.get(f"/printouts/clients/{zoe.id}/chart")
    assert page.status_code == 200
    for words in ("陈 Ζωή", "Fatigue and fog.", "Ease the heaviness", "Slept better this week."):
        assert words in text_of(page)
    assert parse(page).select_one("[data-print]") is not None
    text = pdf_text(client.get(f"/printouts/clients/{zoe.id}/chart.pdf"))
    for words in ("陈 Ζωή", "Fatigue and fog.", "Ease the heaviness", "Slept better this week."):
        assert words in text
    assert "chart.print" in actions()
    assert "chart.download" in actions()


def test_another_practitioners_records_are_not_found(client, auth, other_practitioner, zoe):
    session = make_session(zoe, signed=True)
    intake = make_intake(zoe, signed=True)
    auth.login_as(other_practitioner)
    for path in (f"/printouts/clients/{zoe.id}/chart", f"/printouts/clients/{zoe.id}/chart.pdf",
                 f"/printouts/sessions/{session.id}.pdf",
                 f"/printouts/clients/{zoe.id}/intakes/{intake.id}.pdf"):
        assert client.get(path).status_code == 404, path


@pytest.fixture
def portal_zoe(practitioner):
    return make_portal_client(practitioner, given_name="Ζωή", family_name="Παπαδοπούλου")


def test_a_client_downloads_their_own_signed_record(client, auth, practitioner, portal_zoe):
    zoe, user = portal_zoe
    make_intake(zoe, signed=True, chief_complaint="Signed complaint.")
    make_intake(zoe, chief_complaint="Draft complaint not signed.")
    make_session(zoe, signed=True, subjective="Signed session words.")
    make_session(zoe, subjective="Draft session words.")
    auth.login_as(user)
    assert "/printouts/my-record.pdf" in links(client.get("/printouts/my-record"))
    text = pdf_text(client.get("/printouts/my-record.pdf"))
    assert "Ζωή Παπαδοπούλου" in text
    assert "Signed complaint." in text
    assert "Signed session words." in text
    assert "Draft" not in text
    assert actions()[-1] == "record.download"


def test_a_practice_can_require_the_practitioners_release_first(client, auth, practitioner,
                                                                portal_zoe):
    zoe, user = portal_zoe
    db.session.add(PracticeSettings(id=SETTINGS_ID, practice_name="Qi", timezone="Europe/London",
                                    client_records_need_release=True))
    db.session.commit()
    auth.login_as(user)
    assert client.get("/printouts/my-record.pdf").status_code == 403
    assert "Ask" in text_of(client.get("/printouts/my-record"))
    auth.logout()
    auth.login_as(practitioner)
    assert "Release the record to Ζωή" in text_of(client.get(f"/clients/{zoe.id}"))
    assert client.post(f"/printouts/clients/{zoe.id}/release").status_code == 302
    assert "record.release" in actions()
    auth.logout()
    auth.login_as(user)
    assert "Ζωή Παπαδοπούλου" in pdf_text(client.get("/printouts/my-record.pdf"))


def test_only_clients_download_their_own_record(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/printouts/my-record.pdf").status_code == 403
