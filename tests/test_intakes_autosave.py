"""Intake drafts save themselves while being typed, as session drafts do (``core.autosave``).

The endpoint saves through the one draft lock with the version the page holds and answers
JSON; the page takes the new version, so its own next save never conflicts with it. A draft
saves with any subset of answers. A new intake's form becomes a draft at its first autosave
(once, by its form key). One audit event per editing visit. Someone else's save, a signed or
discarded draft, an archived client: 409 with the reason, nothing overwritten.
"""
import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.clock import local_datetime
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.kept_forms import KeptForm
from practice.intakes.models import Intake
from tests.factories.accounts import make_client
from tests.factories.clients import intake_form, make_intake
from tests.html import field_value, parse, text_of

ARCHIVED = "record is archived"


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def draft(hannah):
    return make_intake(hannah, chief_complaint="Aching neck")


@pytest.fixture
def signed_in(auth, practitioner):
    auth.login_as(practitioner)


def stored(intake_id) -> Intake:
    db.session.expire_all()
    return db.session.get(Intake, intake_id)


def intakes_of(client) -> list[Intake]:
    db.session.expire_all()
    return db.session.scalars(select(Intake).where(Intake.client_id == client.id)).all()


def autosave_events() -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.autosave")
                              .order_by(AuditEvent.id)).all()


def edit_url(draft) -> str:
    return f"/clients/{draft.client_id}/intakes/{draft.id}/edit"


def autosave_url(draft) -> str:
    return f"/clients/{draft.client_id}/intakes/{draft.id}/autosave"


def answers(**given) -> dict:
    """What the browser sends for a form answered only in part (the rest left empty)."""
    return {"assessed_on": "", "condition_type_id": "0", **given}


def visit_key(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return field_value(page, "form_key")


# --- the page ------------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_the_edit_page_autosaves_with_a_static_script(client, draft):
    page = parse(client.get(edit_url(draft)))
    form = page.find("form", attrs={"data-autosave-url": True})
    assert form["data-autosave-url"] == autosave_url(draft)
    assert page.select_one("[data-autosave-status]") is not None
    sources = [script.get("src") for script in page.find_all("script")]
    assert "/static/js/autosave.js" in sources
    assert all(script.get("src") for script in page.find_all("script"))  # no inline script
    assert field_value(str(page), "form_key")  # the visit's id
    # Without JavaScript the form is sent by its button, to its own page.
    assert form.find("button", string="Save draft") is not None


@pytest.mark.usefixtures("signed_in")
def test_the_new_intake_page_autosaves_to_the_clients_endpoint(client, hannah):
    page = parse(client.get(f"/clients/{hannah.id}/intakes/new"))
    form = page.find("form", attrs={"data-autosave-url": True})
    assert form["data-autosave-url"] == f"/clients/{hannah.id}/intakes/autosave"


@pytest.mark.usefixtures("signed_in")
def test_a_conflict_page_does_not_autosave(client, draft):
    client.post(edit_url(draft), data=intake_form(version="1", chief_complaint="Other tab"))
    response = client.post(edit_url(draft), data=intake_form(version="1"))
    assert response.status_code == 409
    assert parse(response).find("form", attrs={"data-autosave-url": True}) is None


# --- a draft saves itself ------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_autosave_saves_the_draft_and_answers_the_new_version(client, draft):
    key = visit_key(client, edit_url(draft))
    response = client.post(autosave_url(draft), data=intake_form(
        version="1", form_key=key, chief_complaint="Aching neck, heavy arms"))
    assert response.status_code == 200
    answer = response.get_json()
    intake = stored(draft.id)
    assert answer["version"] == intake.version == 2
    assert intake.chief_complaint == "Aching neck, heavy arms"
    assert answer["saved_at"] == local_datetime(intake.updated_at).strftime("%H:%M")
    assert not intake.is_signed


@pytest.mark.usefixtures("signed_in")
def test_a_draft_autosaves_with_any_subset_of_answers(client, hannah):
    draft = make_intake(hannah)
    key = visit_key(client, edit_url(draft))
    response = client.post(autosave_url(draft), data=answers(
        version="1", form_key=key, chief_complaint="Only this so far"))
    assert response.status_code == 200
    intake = stored(draft.id)
    assert intake.chief_complaint == "Only this so far"
    assert intake.pain_overall is None
    assert intake.painful_regions == []


@pytest.mark.usefixtures("signed_in")
def test_the_pages_save_after_its_autosaves_does_not_conflict(client, draft):
    key = visit_key(client, edit_url(draft))
    version = "1"
    for text in ("Neck", "Neck and arms", "Neck and both arms"):
        answer = client.post(autosave_url(draft), data=intake_form(
            version=version, form_key=key, chief_complaint=text)).get_json()
        version = str(answer["version"])  # what autosave.js puts in the hidden field
    saved = client.post(edit_url(draft), data=intake_form(
        version=version, form_key=key, chief_complaint="Neck and both arms, worse at night"))
    assert saved.status_code == 302
    assert stored(draft.id).chief_complaint == "Neck and both arms, worse at night"


@pytest.mark.usefixtures("signed_in")
def test_autosaves_are_audited_once_per_editing_visit(client, draft):
    for _visit in range(2):
        key = visit_key(client, edit_url(draft))
        for text in ("Neck one", "Neck two", "Neck three"):
            version = str(stored(draft.id).version)
            assert client.post(autosave_url(draft), data=intake_form(
                version=version, form_key=key, chief_complaint=text)).status_code == 200
    events = autosave_events()
    assert len(events) == 2  # one per visit, not one per save
    assert {(event.target_id, event.client_id) for event in events} == {(draft.id, draft.client_id)}
    assert all("neck" not in event.detail.lower() for event in events)  # no clinical text
    assert not db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "intake.update")).all()  # nor an event per save


@pytest.mark.usefixtures("signed_in")
def test_an_autosave_commits_once(client, draft, count_commits):
    with count_commits() as commits:
        client.post(autosave_url(draft), data=intake_form(version="1"))
    assert len(commits) == 1


@pytest.mark.usefixtures("signed_in")
def test_someone_elses_save_makes_the_autosave_a_conflict(client, draft):
    client.post(edit_url(draft), data=intake_form(version="1", chief_complaint="Other tab"))
    response = client.post(autosave_url(draft), data=intake_form(
        version="1", chief_complaint="This tab's typing"))
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["saved"] is False
    assert answer["conflict"] is True
    assert "saved elsewhere" in answer["message"]
    assert stored(draft.id).chief_complaint == "Other tab"
    assert autosave_events() == []


@pytest.mark.usefixtures("signed_in")
@pytest.mark.parametrize("closed", ["signed", "discarded"])
def test_a_signed_or_discarded_draft_does_not_autosave(client, hannah, closed):
    intake = make_intake(hannah, signed=closed == "signed",
                         discarded_at=now_utc() if closed == "discarded" else None)
    before = stored(intake.id).chief_complaint
    response = client.post(autosave_url(intake), data=intake_form(
        version=str(intake.version), chief_complaint="Late"))
    assert response.status_code == 409
    assert closed in response.get_json()["message"]
    assert stored(intake.id).chief_complaint == before


@pytest.mark.usefixtures("signed_in")
def test_invalid_answers_are_not_autosaved_and_the_page_is_told_which(client, draft):
    response = client.post(autosave_url(draft), data=intake_form(version="1", pain_overall="12"))
    assert response.status_code == 422
    assert "Pain overall (0-10)" in response.get_json()["message"]
    assert stored(draft.id).version == 1


def test_another_practitioners_draft_is_404(client, auth, other_practitioner, draft):
    auth.login_as(other_practitioner)
    response = client.post(autosave_url(draft), data=intake_form(version="1"))
    assert response.status_code == 404
    assert stored(draft.id).version == 1


# --- a new intake's form becomes a draft at its first autosave -----------------------------

@pytest.mark.usefixtures("signed_in")
def test_the_first_autosave_of_a_new_form_creates_its_draft(client, hannah):
    key = visit_key(client, f"/clients/{hannah.id}/intakes/new")
    response = client.post(f"/clients/{hannah.id}/intakes/autosave", data=answers(
        form_key=key, chief_complaint="Started typing"))
    assert response.status_code == 200
    answer = response.get_json()
    [draft] = intakes_of(hannah)
    assert draft.chief_complaint == "Started typing"
    assert not draft.is_signed
    assert answer["version"] == draft.version
    assert answer["edit_url"] == edit_url(draft)
    assert answer["autosave_url"] == autosave_url(draft)

    # The page now autosaves to the draft and saves through its edit URL: one intake.
    follow = client.post(answer["autosave_url"], data=answers(
        form_key=key, version=str(answer["version"]), chief_complaint="Started typing, then more"))
    assert follow.status_code == 200
    saved = client.post(answer["edit_url"], data=intake_form(
        form_key=key, version=str(follow.get_json()["version"]), chief_complaint="All of it"))
    assert saved.status_code == 302
    [draft] = intakes_of(hannah)
    assert draft.chief_complaint == "All of it"
    assert len(autosave_events()) == 1  # one visit
    creates = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.create"))
    assert len(creates.all()) == 1


@pytest.mark.usefixtures("signed_in")
def test_a_lost_answer_to_the_first_autosave_does_not_make_a_second_draft(client, hannah):
    key = visit_key(client, f"/clients/{hannah.id}/intakes/new")
    client.post(f"/clients/{hannah.id}/intakes/autosave", data=answers(form_key=key))
    again = client.post(f"/clients/{hannah.id}/intakes/autosave",
                        data=answers(form_key=key, goals="Typed after"))
    assert again.status_code == 200
    [draft] = intakes_of(hannah)
    assert draft.goals == "Typed after"
    # Nor does the form's own Save draft, sent to the new-intake address.
    saved = client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form(
        form_key=key, version=str(again.get_json()["version"])))
    assert saved.status_code == 302
    assert len(intakes_of(hannah)) == 1


# --- archived clients and ended sign-ins ---------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_an_archived_clients_draft_cannot_autosave(client, hannah, draft):
    hannah.archived_at = now_utc()
    db.session.commit()
    response = client.post(autosave_url(draft), data=intake_form(
        version="1", chief_complaint="After archiving"))
    assert response.status_code == 409
    assert ARCHIVED in response.get_json()["message"]
    assert stored(draft.id).chief_complaint == "Aching neck"
    assert autosave_events() == []


@pytest.mark.usefixtures("signed_in")
def test_no_new_draft_autosaves_for_an_archived_client(client, hannah):
    key = visit_key(client, f"/clients/{hannah.id}/intakes/new")
    hannah.archived_at = now_utc()
    db.session.commit()
    response = client.post(f"/clients/{hannah.id}/intakes/autosave", data=answers(form_key=key))
    assert response.status_code == 409
    assert ARCHIVED in response.get_json()["message"]
    assert intakes_of(hannah) == []


def test_an_autosave_after_the_sign_in_ended_is_kept_for_the_forms_save(client, auth,
                                                                        practitioner, draft):
    """Not JSON but the way to sign in (the script stops there); the typing is kept for its
    author, to be sent again to the form's Save draft, never to the autosave."""
    auth.login_as(practitioner)
    key = visit_key(client, edit_url(draft))
    auth.logout()
    response = client.post(autosave_url(draft), data=intake_form(
        version="1", form_key=key, chief_complaint="Kept"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert stored(draft.id).chief_complaint == "Aching neck"
    [kept] = db.session.scalars(select(KeptForm)).all()
    assert kept.action == edit_url(draft)
    assert ("chief_complaint", "Kept") in kept.pairs
    # The Save draft pressed after it is kept in its place: one copy, the latest, and the
    # sign-in page says once why it is asked for (the script said it for the autosave).
    saved = client.post(edit_url(draft), data=intake_form(version="1", form_key=key,
                                                          chief_complaint="Kept, and more"))
    [kept] = db.session.scalars(select(KeptForm)).all()
    assert ("chief_complaint", "Kept, and more") in kept.pairs
    assert text_of(client.get(saved.location)).count("You were signed out before") == 1


def test_autosaves_read_plainly_in_the_audit_log_and_the_clients_history():
    from practice.core.audit_labels import describe_action, describe_for_client

    assert describe_action("intake.autosave") == "Intake note saved while typing (once per visit)"
    assert describe_for_client("intake.autosave") == "Changed your intake note"
    assert describe_for_client("session.autosave") == "Changed your session notes"


@pytest.mark.parametrize("endpoint", ["intakes.autosave_intake", "intakes.autosave_new_intake"])
def test_an_intake_autosave_is_not_activity_that_keeps_the_sign_in_open(app, endpoint):
    from practice.auth.sessions import counts_as_activity

    assert endpoint in app.view_functions
    assert not counts_as_activity("POST", endpoint, {})
