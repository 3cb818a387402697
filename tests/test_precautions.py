"""The precautions checklist on the client's record: tick, detail, end, review, the banner."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.models import ClientPrecaution
from tests.factories.accounts import make_client
from tests.factories.precautions import checklist_form, make_precaution
from tests.html import field_value, parse, text_of


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


def banner(response) -> str:
    node = parse(response).select_one('[role="note"][aria-label="Precautions"]')
    return " ".join(node.get_text(" ").split()) if node else ""


def items(client) -> list[ClientPrecaution]:
    return list(db.session.scalars(select(ClientPrecaution).where(
        ClientPrecaution.client_id == client.id).order_by(ClientPrecaution.id)))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_every_record_shows_its_checklist_even_when_empty(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    page = client.get(f"/clients/{hannah.id}")
    section = text_of(page, 'section[aria-labelledby="section-precautions"]')
    assert "No precautions recorded." in section
    assert "Not yet gone through with Hannah at a signed intake" in section
    assert banner(page) == ""


def test_ticking_items_with_their_details_puts_them_on_the_banner(client, auth, practitioner,
                                                                   hannah):
    auth.login_as(practitioner)
    form = client.get(f"/precautions/clients/{hannah.id}/edit")
    assert field_value(form, "version") == "0"
    response = client.post(f"/precautions/clients/{hannah.id}/edit", data=checklist_form(
        lymphoedema={"side": "left", "limb": "arm", "details": "Sleeve by day."},
        blood_thinners={"details": "Warfarin"}))
    assert response.status_code == 302
    saved = items(hannah)
    assert [(item.kind, item.noted_on) for item in saved] == [
        (PrecautionKind.LYMPHOEDEMA, local_today()), (PrecautionKind.BLOOD_THINNERS, local_today())]
    assert (saved[0].side, saved[0].limb) == (Side.LEFT, Limb.ARM)
    for url in (f"/clients/{hannah.id}", f"/plans/clients/{hannah.id}",
                f"/exercises/assign/{hannah.id}", f"/sessions/clients/{hannah.id}"):
        shown = banner(client.get(url))
        assert "Lymphoedema: left arm; Sleeve by day." in shown, url
        assert "Blood thinners: Warfarin" in shown, url
    event = events("precautions.update")[0]
    assert event.client_id == hannah.id
    assert event.detail_dict["added"] == ["lymphoedema", "blood_thinners"]
    assert "Warfarin" not in event.detail  # the audit names the items, never the words
    listing = text_of(client.get("/clients/"))
    assert "Precautions" in listing


def test_each_item_asks_for_what_it_needs(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/precautions/clients/{hannah.id}/edit", data=checklist_form(
        lymphoedema={"side": "left"}, pregnancy={}, recent_surgery={"site": "Right knee"},
        other={}))
    assert response.status_code == 200
    page = text_of(response)
    for message in ("Choose the limb or area.", "Enter the due date: the trimester follows from it.",
                    "Enter when.", "Write what to keep in mind."):
        assert message in page
    assert items(hannah) == []
    assert field_value(response, "item_recent_surgery-site") == "Right knee"  # typing kept


def test_a_pregnancy_shows_its_weeks_and_trimester_as_they_change(client, auth, practitioner,
                                                                  hannah):
    today = local_today()
    make_precaution(hannah, PrecautionKind.PREGNANCY, due_on=today + timedelta(days=7 * 26))
    auth.login_as(practitioner)
    assert "Pregnancy: 14 weeks, second trimester" in banner(client.get(f"/clients/{hannah.id}"))
    overdue = make_client(practitioner, given_name="Priya")
    make_precaution(overdue, PrecautionKind.PREGNANCY, due_on=today - timedelta(days=3))
    assert "has passed: update the checklist" in banner(client.get(f"/clients/{overdue.id}"))


def test_unticking_ends_an_item_and_keeps_it_in_the_history(client, auth, practitioner, hannah):
    item = make_precaution(hannah, PrecautionKind.RECENT_SURGERY, site="Right shoulder",
                           event_on=local_today() - timedelta(days=40))
    make_precaution(hannah, PrecautionKind.OSTEOPOROSIS)
    auth.login_as(practitioner)
    form = client.get(f"/precautions/clients/{hannah.id}/edit")
    assert field_value(form, "item_recent_surgery-site") == "Right shoulder"
    response = client.post(f"/precautions/clients/{hannah.id}/edit",
                           data=checklist_form(osteoporosis={}))
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.ended_on == local_today()
    shown = banner(client.get(f"/clients/{hannah.id}"))
    assert "Osteoporosis" in shown
    assert "surgery" not in shown
    history = text_of(client.get(f"/precautions/clients/{hannah.id}"),
                      'section[aria-labelledby="history-heading"]')
    assert "Recent surgery: Right shoulder" in history
    assert events("precautions.update")[0].detail_dict["ended"] == ["recent_surgery"]


def test_a_changed_detail_is_saved_and_named_in_the_audit(client, auth, practitioner, hannah):
    make_precaution(hannah, PrecautionKind.BLOOD_THINNERS, details="Warfarin")
    auth.login_as(practitioner)
    client.post(f"/precautions/clients/{hannah.id}/edit",
                data=checklist_form(version="0", blood_thinners={"details": "Apixaban"}))
    assert items(hannah)[0].details == "Apixaban"
    assert events("precautions.update")[0].detail_dict["changed"] == {
        "blood_thinners": ["details"]}
    again = client.post(f"/precautions/clients/{hannah.id}/edit", follow_redirects=True,
                        data=checklist_form(version="1", blood_thinners={"details": "Apixaban"}))
    assert "Nothing was changed." in text_of(again)
    assert len(events("precautions.update")) == 1


def test_two_people_saving_at_once_never_overwrite(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    first = client.post(f"/precautions/clients/{hannah.id}/edit",
                        data=checklist_form(version="0", osteoporosis={}))
    assert first.status_code == 302
    second = client.post(f"/precautions/clients/{hannah.id}/edit",
                         data=checklist_form(version="0", allergies={"details": "Lanolin"}))
    assert second.status_code == 409
    assert "Someone else saved this checklist" in text_of(second)
    assert field_value(second, "item_allergies-details").strip() == "Lanolin"
    assert field_value(second, "version") == "1"
    assert [item.kind for item in items(hannah)] == [PrecautionKind.OSTEOPOROSIS]
    third = client.post(f"/precautions/clients/{hannah.id}/edit",
                        data=checklist_form(version="1", allergies={"details": "Lanolin"}))
    assert third.status_code == 302
    assert [item.kind for item in items(hannah) if item.ended_on is None] == [
        PrecautionKind.ALLERGIES]


def test_an_archived_record_keeps_its_checklist_read_only(client, auth, practitioner, hannah):
    make_precaution(hannah, PrecautionKind.OSTEOPOROSIS)
    hannah.archived_at = hannah.created_at
    db.session.commit()
    auth.login_as(practitioner)
    assert "Osteoporosis" in text_of(client.get(f"/precautions/clients/{hannah.id}"))
    assert client.get(f"/precautions/clients/{hannah.id}/edit").status_code == 409
    refused = client.post(f"/precautions/clients/{hannah.id}/edit",
                          data=checklist_form(version="0", allergies={"details": "Nuts"}))
    assert refused.status_code == 409
    assert field_value(refused, "item_allergies-details").strip() == "Nuts"
    assert len(items(hannah)) == 1


def test_another_practitioners_client_is_not_found(client, auth, other_practitioner, hannah):
    auth.login_as(other_practitioner)
    assert client.get(f"/precautions/clients/{hannah.id}").status_code == 404
    assert client.post(f"/precautions/clients/{hannah.id}/edit",
                       data=checklist_form(osteoporosis={})).status_code == 404
    assert items(hannah) == []


def test_viewing_the_checklist_is_audited(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    client.get(f"/precautions/clients/{hannah.id}")
    assert [event.client_id for event in events("precautions.view")] == [hannah.id]


def test_after_saving_it_returns_where_it_was_opened_from_on_this_site(client, auth,
                                                                     practitioner, hannah):
    auth.login_as(practitioner)
    back = f"/clients/{hannah.id}/intakes/new"
    response = client.post(f"/precautions/clients/{hannah.id}/edit?next={back}",
                           data=checklist_form(osteoporosis={}))
    assert response.headers["Location"].endswith(back)
    response = client.post(f"/precautions/clients/{hannah.id}/edit?next=https://evil.example",
                           data=checklist_form(version="1"))
    assert response.headers["Location"].endswith(f"/clients/{hannah.id}")


def test_dates_out_of_range_are_refused_on_the_form(client, auth, practitioner, hannah):
    auth.login_as(practitioner)
    response = client.post(f"/precautions/clients/{hannah.id}/edit", data=checklist_form(
        pregnancy={"due_on": (local_today() + timedelta(days=400)).isoformat()},
        osteoporosis={"noted_on": (local_today() + timedelta(days=2)).isoformat()}))
    assert response.status_code == 200
    page = text_of(response)
    assert "The due date is too far ahead: check the year." in page
    assert "The date cannot be in the future." in page
    assert items(hannah) == []


def test_an_unticked_part_is_not_checked(client, auth, practitioner, hannah):
    make_precaution(hannah, PrecautionKind.PREGNANCY, due_on=date.today() - timedelta(days=2))
    auth.login_as(practitioner)
    response = client.post(f"/precautions/clients/{hannah.id}/edit", data={
        "version": "0", "item_pregnancy-due_on": (date.today() - timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    assert items(hannah)[0].ended_on is not None
