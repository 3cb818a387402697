"""Intake notes through the browser: write, validate, score, edit, sign, addenda."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.signed_records import SignedRecordError
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.intakes.scoring import REGION_KEYS, score
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import intake_form, make_intake
from tests.html import field_value, parse, text_of


def reload(record):
    db.session.expire_all()
    return db.session.get(type(record), record.id)


def intake_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Intake.id)))


def actions(client_id):
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == client_id)
                                   .order_by(AuditEvent.id)))


def events(client_id) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.client_id == client_id)
                                   .order_by(AuditEvent.id)))


def definitions(node) -> dict[str, str]:
    """Each ``<dt>`` of a page part with the text of the ``<dd>`` after it."""
    return {dt.get_text(" ", strip=True): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
            for dt in node.select("dt")}


def badges(page) -> list[str]:
    return [badge.get_text(strip=True) for badge in parse(page).select(".badge")]


def from_the_intake_page(client_id, intake_id) -> dict:
    """Post a button on the intake page, as a browser does (with the page as the referrer)."""
    return {"headers": {"Referer": f"http://localhost/clients/{client_id}/intakes/{intake_id}"}}


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price",
                       precautions="Lymphoedema, left arm: light touch only.")


@pytest.fixture
def signed_in(auth, practitioner):
    auth.login_as(practitioner)


# --- the form ------------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_the_form_offers_every_part_of_the_intake(client, hannah):
    response = client.get(f"/clients/{hannah.id}/intakes/new")
    page = response.get_data(as_text=True)
    html = parse(response)
    assert "First intake" in page
    # The body map, with its stylesheet and script, and a plain checkbox per region.
    assert html.select_one('link[rel="stylesheet"][href="/static/css/body_map.css"]') is not None
    assert html.select_one('script[src="/static/js/body_map.js"]') is not None
    assert len(html.select('input[type="checkbox"][name="painful_regions"]')) == len(REGION_KEYS) == 19
    assert "Painful regions in the past week (Widespread Pain Index)" in page
    # Symptom severity with the level descriptions.
    assert "Moderate, considerable problems, often present" in page
    assert "Severe: pervasive, continuous, life-disturbing problems" in page
    for name in ("fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
                 "lower_abdominal_pain", "depression"):
        assert html.select_one(f'input[name="{name}"]') is not None, name
    # Systems review: findings and a note for each system.
    for system in ("lymphatic", "endocrine", "digestive", "sleep", "cognitive", "fatigue"):
        assert html.select_one(f'input[name="review_{system}-findings"]') is not None, system
        assert html.select_one(f'label.form-label[for="review_{system}-note"]') is not None, system
    assert "Swollen or tender lymph nodes" in page
    assert "Blood-sugar swings" in page
    for field in ("pain_overall", "pain_neck_shoulders", "assessed_on", "chief_complaint",
                  "complaint_history", "medications", "goals", "notes"):
        assert html.select_one(f'label.form-label[for="{field}"]') is not None, field
    # The precautions banner is on every page about the client.
    assert "Precautions for Hannah Price" in page
    assert html.select("[style]") == []
    assert [script for script in html.select("script") if not script.get("src")] == []


@pytest.mark.usefixtures("signed_in")
def test_condition_types_offered_are_the_active_ones_in_order(client, hannah):
    db.session.add_all([ConditionType(name="Type 3 - Retired one", position=2, is_active=False),
                        ConditionType(name="B type", position=5),
                        ConditionType(name="A type", position=5)])
    db.session.commit()
    page = client.get(f"/clients/{hannah.id}/intakes/new")
    offered = [option.get_text() for option
               in parse(page).select('select[name="condition_type_id"] option')
               if option["value"] != "0"]
    assert offered == ["Type 1 - Immune hypersensitivity", "A type", "B type", "Not typed"]


# --- creating ------------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_create_an_intake(client, hannah, practitioner):
    before = reload(hannah).last_activity_at
    response = client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form())
    assert response.status_code == 302
    intake = db.session.scalar(select(Intake))
    assert response.headers["Location"] == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert intake.client_id == hannah.id
    assert intake.author_id == practitioner.id
    assert intake.assessed_on == date.today() - timedelta(days=1)
    assert intake.condition_type.name == "Type 1 - Immune hypersensitivity"
    assert intake.symptoms_3_months is True
    assert intake.painful_regions == ["neck", "upper_back", "shoulder_girdle_left",
                                      "shoulder_girdle_right", "upper_arm_right", "lower_back",
                                      "hip_left", "upper_leg_right"]
    assert (intake.fatigue, intake.waking_unrefreshed, intake.cognitive_symptoms) == (2, 2, 1)
    assert (intake.headaches, intake.lower_abdominal_pain, intake.depression) == (1, 0, 0)
    assert (intake.pain_overall, intake.pain_neck_shoulders) == (6, 8)
    review = intake.systems_review
    assert review["lymphatic"] == {"findings": ["swollen_nodes", "heaviness"],
                                   "note": "Tender nodes under the left jaw."}
    assert review["sleep"] == {"findings": ["night_waking"], "note": ""}
    assert review["endocrine"] == {"findings": [], "note": ""}
    assert set(review) == {"lymphatic", "endocrine", "digestive", "sleep", "cognitive", "fatigue"}
    assert intake.notes is None
    assert not intake.is_signed
    assert intake.version == 1
    assert reload(hannah).last_activity_at > before
    assert "intake.create" in actions(hannah.id)


@pytest.mark.usefixtures("signed_in")
def test_no_painful_regions_is_a_valid_answer(client, hannah):
    response = client.post(f"/clients/{hannah.id}/intakes/new",
                           data=intake_form(painful_regions=[]))
    assert response.status_code == 302
    assert db.session.scalar(select(Intake)).scores.wpi == 0


@pytest.mark.parametrize(("overrides", "message"), [
    ({"chief_complaint": " "}, "Describe the chief complaint in a few words."),
    ({"fatigue": None}, "Choose one answer."),
    ({"fatigue": "4"}, "Not a valid choice."),
    ({"depression": "2"}, "Not a valid choice."),
    ({"symptoms_3_months": None}, "Answer yes or no."),
    ({"pain_overall": "11"}, "Rate the pain from 0 to 10."),
    ({"pain_neck_shoulders": ""}, "Rate the pain from 0 to 10."),
    ({"pain_overall": "-1"}, "Rate the pain from 0 to 10."),
    ({"painful_regions": ["neck", "tail"]}, "not a valid choice"),
    ({"assessed_on": (date.today() + timedelta(days=3)).isoformat()},
     "The date of assessment cannot be in the future."),
    ({"assessed_on": "1960-05-01"}, "more than 30 years ago"),
    ({"assessed_on": ""}, "Enter the date of the assessment."),
    ({"condition_type_id": "0"}, "Choose a condition profile"),
    ({"condition_type_id": "9999"}, "Not a valid choice."),
    ({"review_lymphatic-findings": ["third_eye"]}, "not a valid choice"),
    ({"review_sleep-note": "z" * 1001}, "Field cannot be longer than 1000 characters."),
])
@pytest.mark.usefixtures("signed_in")
def test_invalid_answers_are_explained_and_nothing_is_stored(client, hannah, overrides, message):
    data = intake_form(**overrides)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(f"/clients/{hannah.id}/intakes/new", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert "Please correct the highlighted fields below." in page
    assert intake_count() == 0
    assert "intake.create" not in actions(hannah.id)
    if "chief_complaint" not in overrides:  # what was typed is kept on the form
        assert "Aching neck and shoulders, heavy arms" in page


# --- scores --------------------------------------------------------------------------------

SCORE_CASES = [
    # regions, (fatigue, waking, cognitive, headaches, abdomen, depression), 3 months
    (["neck", "upper_back", "shoulder_girdle_left", "shoulder_girdle_right", "upper_arm_right",
      "lower_back", "hip_left", "upper_leg_right"], (2, 2, 1, 1, 0, 0), True),
    # WPI 4-6 branch: WPI 5 with SSS 9, pain in 4 regions.
    (["shoulder_girdle_left", "upper_arm_right", "hip_left", "upper_leg_right", "neck"],
     (3, 3, 2, 1, 0, 0), True),
    # WPI 5 with SSS 8: not met.
    (["shoulder_girdle_left", "upper_arm_right", "hip_left", "upper_leg_right", "neck"],
     (3, 3, 1, 1, 0, 0), True),
    # WPI 7 but not generalized (jaw, chest, abdomen do not count).
    (["jaw_left", "jaw_right", "chest", "abdomen", "neck", "upper_back", "lower_back"],
     (3, 3, 3, 1, 1, 1), True),
    # Everything high but under three months.
    (list(REGION_KEYS), (3, 3, 3, 1, 1, 1), False),
    ([], (0, 0, 0, 0, 0, 0), True),
]


@pytest.mark.parametrize(("regions", "items", "months"), SCORE_CASES)
@pytest.mark.usefixtures("signed_in")
def test_scores_shown_agree_with_the_published_criteria(client, hannah, regions, items, months):
    names = ("fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
             "lower_abdominal_pain", "depression")
    data = intake_form(painful_regions=regions, symptoms_3_months="yes" if months else "no",
                       **{name: str(value) for name, value in zip(names, items, strict=True)})
    response = client.post(f"/clients/{hannah.id}/intakes/new", data=data, follow_redirects=True)
    expected = score(regions, *items, symptoms_3_months=months)
    scores = parse(response).select_one('section[aria-labelledby="scores-heading"]')
    shown = definitions(scores)
    assert shown["WPI"] == f"{expected.wpi} / 19"
    assert shown["SSS"] == f"{expected.sss} / 12"
    assert shown["PSD"] == f"{expected.psd} / 31 {expected.psd_band.label}"
    criteria = {item.get_text(" ", strip=True).split(":")[0]: item.strong
                for item in scores.select(".criteria-list li")}
    verdict = criteria["ACR 2016 criteria"]
    assert verdict.get_text() == ("met" if expected.criteria_met else "not met")
    assert verdict["class"] == ["criteria-met" if expected.criteria_met else "criteria-not-met"]
    generalized = criteria["Generalized pain (4 of 5 regions, jaw, chest and abdomen not counted)"]
    assert generalized.get_text() == ("yes" if expected.generalized_pain else "no")
    assert f"({expected.painful_groups} of 5 regions)" in generalized.parent.get_text()
    assert "Screening aid, not a diagnosis." in scores.get_text(" ")


def test_the_published_examples_come_out_as_expected():
    """The cases above, against the criteria as written (not only against ``score``)."""
    results = [score(regions, *items, symptoms_3_months=months).criteria_met
               for regions, items, months in SCORE_CASES]
    assert results == [True, True, False, False, False, False]


# --- reading -------------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_the_intake_page_shows_the_answers(client, hannah):
    intake = make_intake(hannah, review={"lymphatic": {"findings": ["swelling"],
                                                       "note": "Puffy ankles by evening."}},
                         notes="Brings her own cushion.")
    response = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    page = text_of(response)
    assert "First intake" in page
    assert "Draft" in badges(response)
    assert "Neck and shoulder pain, worse in the evening" in page
    assert "Shoulder girdle (left)" in page
    assert "Hip - buttock, trochanter (right)" in page
    symptoms = parse(response).select_one('section[aria-labelledby="symptoms-heading"]')
    assert definitions(symptoms)["Fatigue (past week)"].startswith("2 - Moderate")
    assert "Swelling or puffiness" in page
    assert "Puffy ankles by evening." in page
    assert "Brings her own cushion." in page
    assert "Precautions for Hannah Price" in page
    assert actions(hannah.id)[-1] == "intake.view"


@pytest.mark.usefixtures("signed_in")
def test_a_re_assessment_starts_from_the_last_intake(client, hannah):
    make_intake(hannah, medications="Duloxetine 30 mg", goals="Garden again", days_ago=90)
    response = client.get(f"/clients/{hannah.id}/intakes/new")
    page = response.get_data(as_text=True)
    assert "New re-assessment" in page
    assert field_value(response, "medications").strip() == "Duloxetine 30 mg"
    assert field_value(response, "goals").strip() == "Garden again"
    assert "carried" in page
    # Pain, regions and symptoms are asked afresh.
    html = parse(response)
    assert html.select('input[name="painful_regions"][checked]') == []
    assert html.select('input[name="fatigue"][checked]') == []


# --- editing drafts ------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_edit_a_draft(client, hannah):
    intake = make_intake(hannah)
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    assert field_value(page, "version") == "1"
    assert parse(page).select_one('input#painful_regions-neck[value="neck"]').has_attr("checked")
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                           data=intake_form(version="1", pain_overall="3"))
    assert response.status_code == 302
    stored = reload(intake)
    assert stored.pain_overall == 3
    assert stored.version == 2
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.update")).one()
    assert event.client_id == hannah.id
    assert "pain_overall" in event.detail_dict["fields"]
    assert "Aching" not in event.detail


@pytest.mark.usefixtures("signed_in")
def test_two_tabs_editing_one_draft_conflict_and_nothing_is_lost(client, hannah):
    intake = make_intake(hannah)
    url = f"/clients/{hannah.id}/intakes/{intake.id}/edit"
    first = client.post(url, data=intake_form(version="1", chief_complaint="Tab one's complaint"))
    assert first.status_code == 302
    second = client.post(url, data=intake_form(version="1", chief_complaint="Tab two's complaint",
                                               pain_overall="9"))
    assert second.status_code == 409
    assert "Someone else saved this intake while you were editing it" in text_of(second)
    comparison = text_of(second, "#conflict")
    assert "Tab one's complaint" in comparison  # stored now
    assert "Tab two's complaint" in comparison  # typed
    assert "Pain overall (0-10)" in comparison  # the rating differs too
    assert field_value(second, "chief_complaint").strip() == "Tab two's complaint"  # kept
    assert field_value(second, "version") == "2"
    stored = reload(intake)
    assert stored.chief_complaint == "Tab one's complaint"
    assert stored.pain_overall == 6
    # A post without any version is a conflict too, never a silent overwrite.
    assert client.post(url, data=intake_form(chief_complaint="No version")).status_code == 409
    # Saving from the conflict page keeps tab two's version on purpose.
    third = client.post(url, data=intake_form(version="2", chief_complaint="Merged complaint"))
    assert third.status_code == 302
    assert reload(intake).chief_complaint == "Merged complaint"


# --- signing -------------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_sign_an_intake_then_it_is_read_only(client, hannah, practitioner):
    intake = make_intake(hannah)
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Intake signed." in page
    assert "Signed" in badges(response)
    assert "Pat Practitioner" in page
    assert "Edit draft" not in page
    assert "Add addendum" in page
    stored = reload(intake)
    assert stored.is_signed
    assert stored.signed_by_id == practitioner.id
    assert "intake.sign" in actions(hannah.id)

    # The edit form is refused with the reason; a forged edit post changes nothing.
    refused = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    assert refused.status_code == 409
    assert "This record is signed; add an addendum instead." in text_of(refused)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                data=intake_form(version=str(stored.version), chief_complaint="Changed"))
    assert reload(intake).chief_complaint != "Changed"
    # Signing again is refused politely, back on the intake page.
    again = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                        data={"version": str(stored.version)}, follow_redirects=True,
                        **from_the_intake_page(hannah.id, intake.id))
    assert again.request.path == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert "This record is signed; add an addendum instead." in text_of(again)
    # And the model itself refuses any change.
    stored.pain_overall = 1
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.usefixtures("signed_in")
def test_signing_what_you_did_not_see_is_refused(client, hannah):
    intake = make_intake(hannah)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                data=intake_form(version="1", pain_overall="2"))
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"},
                           follow_redirects=True)
    assert "changed after you opened it" in response.get_data(as_text=True)
    assert not reload(intake).is_signed


@pytest.mark.usefixtures("signed_in")
def test_addenda_on_signed_intakes(client, hannah, practitioner):
    intake = make_intake(hannah, signed=True)
    url = f"/clients/{hannah.id}/intakes/{intake.id}/addenda"
    empty = client.post(url, data={"body": "  "})
    assert empty.status_code == 200
    assert "Write the correction or addition." in empty.get_data(as_text=True)
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0

    response = client.post(url, data={"body": "Medication since changed to duloxetine."},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Addendum added." in page
    assert "Medication since changed to duloxetine." in page
    addendum = db.session.scalar(select(IntakeAddendum))
    assert addendum.author_id == practitioner.id
    assert addendum.intake_id == intake.id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.addendum")).one()
    assert event.client_id == hannah.id
    assert "duloxetine" not in event.detail


@pytest.mark.usefixtures("signed_in")
def test_drafts_take_no_addenda(client, hannah):
    intake = make_intake(hannah)
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/addenda",
                           data={"body": "Note"}, follow_redirects=True,
                           **from_the_intake_page(hannah.id, intake.id))
    assert "This is still a draft: edit it instead of adding an addendum." in text_of(response)
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0


@pytest.mark.usefixtures("signed_in")
def test_archived_clients_take_no_new_intakes(client, hannah):
    intake = make_intake(hannah)
    hannah.archived_at = now_utc()
    db.session.commit()
    refused = client.get(f"/clients/{hannah.id}/intakes/new")
    assert refused.status_code == 409
    assert "archived. Restore it to make changes." in text_of(refused)
    assert client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form()).status_code == 409
    assert client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit").status_code == 409
    signing = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"},
                          follow_redirects=True, **from_the_intake_page(hannah.id, intake.id))
    assert "archived. Restore it to make changes." in text_of(signing)
    assert intake_count() == 1
    assert not reload(intake).is_signed
    # Still readable.
    assert client.get(f"/clients/{hannah.id}/intakes/{intake.id}").status_code == 200


@pytest.mark.usefixtures("signed_in")
def test_a_retired_condition_type_stays_on_its_intakes(client, hannah):
    retired = ConditionType(name="Type 9 - Old scheme", position=3)
    db.session.add(retired)
    db.session.commit()
    intake = make_intake(hannah, condition_type_id=retired.id)
    retired.is_active = False
    db.session.commit()
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    chosen = parse(page).select_one('select[name="condition_type_id"] option[selected]')
    assert (chosen["value"], chosen.get_text()) == (str(retired.id), "Type 9 - Old scheme (retired)")
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                           data=intake_form(version="1", condition_type_id=str(retired.id)))
    assert response.status_code == 302
    new_page = client.get(f"/clients/{hannah.id}/intakes/new").get_data(as_text=True)
    assert "Type 9 - Old scheme" not in new_page


# --- who may see what ----------------------------------------------------------------------

def intake_urls(client_id, intake_id):
    base = f"/clients/{client_id}/intakes/{intake_id}"
    return [("get", base), ("get", base + "/edit"), ("post", base + "/edit"),
            ("post", base + "/sign"), ("post", base + "/addenda"),
            ("get", f"/clients/{client_id}/intakes/new"),
            ("post", f"/clients/{client_id}/intakes/new")]


def test_another_practitioners_intakes_are_not_found(client, auth, practitioner,
                                                     other_practitioner):
    theirs = make_client(other_practitioner)
    intake = make_intake(theirs, signed=True)
    auth.login_as(practitioner)
    for method, url in intake_urls(theirs.id, intake.id):
        response = getattr(client, method)(url, data={**intake_form(version="1"), "body": "x"})
        assert response.status_code == 404, url
    assert intake_count() == 1
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0


def test_an_intake_only_opens_under_its_own_client(client, auth, practitioner):
    first = make_client(practitioner)
    second = make_client(practitioner)
    intake = make_intake(first)
    auth.login_as(practitioner)
    assert client.get(f"/clients/{second.id}/intakes/{intake.id}").status_code == 404
    assert client.post(f"/clients/{second.id}/intakes/{intake.id}/sign",
                       data={"version": "1"}).status_code == 404
    assert not reload(intake).is_signed


def test_a_client_user_is_refused(client, auth, practitioner):
    record, user = make_portal_client(practitioner)
    intake = make_intake(record)
    auth.login_as(user)
    for method, url in intake_urls(record.id, intake.id):
        assert getattr(client, method)(url).status_code == 403, url


# --- reads are audited once per visit --------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_the_intake_page_leaves_one_event_per_visit(client, hannah):
    intake = make_intake(hannah, signed=True)
    url = f"/clients/{hannah.id}/intakes/{intake.id}"
    for visit in (1, 2):
        assert client.get(url).status_code == 200
        assert [(event.action, event.target_id, event.detail_dict)
                for event in events(hannah.id)] == [("intake.view", intake.id, {})] * visit


@pytest.mark.usefixtures("signed_in")
def test_the_edit_form_leaves_one_event_per_visit(client, hannah):
    intake = make_intake(hannah)
    client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    assert [(event.action, event.target_id, event.detail_dict) for event in events(hannah.id)] == [
        ("intake.view", intake.id, {"page": "edit"})]
    # Saving it is a change with an event of its own, not a view.
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                data=intake_form(version="1", pain_overall="2"))
    assert actions(hannah.id) == ["intake.view", "intake.update"]


@pytest.mark.usefixtures("signed_in")
def test_the_new_intake_form_is_audited_as_a_view_of_what_it_carries_over(client, hannah):
    client.get(f"/clients/{hannah.id}/intakes/new")
    [first_visit] = events(hannah.id)
    assert (first_visit.action, first_visit.target_type, first_visit.detail_dict) == (
        "client.view", "Client", {"page": "new_intake"})
    previous = make_intake(hannah, medications="Duloxetine 30 mg", days_ago=90)
    client.get(f"/clients/{hannah.id}/intakes/new")
    second_visit = events(hannah.id)[1:]
    assert [(event.action, event.target_id, event.detail_dict) for event in second_visit] == [
        ("intake.view", previous.id, {"page": "new"})]


# --- signed while someone was editing --------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_a_draft_signed_while_editing_keeps_what_was_typed(client, hannah, practitioner):
    intake = make_intake(hannah)
    url = f"/clients/{hannah.id}/intakes/{intake.id}/edit"
    assert client.get(url).status_code == 200  # the editor opens the draft at version 1
    signed = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"})
    assert signed.status_code == 302  # someone signs it meanwhile
    response = client.post(url, data=intake_form(version="1", chief_complaint="Typed meanwhile"))
    assert response.status_code == 409
    assert "This intake was signed while you were editing it" in text_of(response)
    assert "Typed meanwhile" in text_of(response, "#conflict")
    assert field_value(response, "chief_complaint").strip() == "Typed meanwhile"
    buttons = [button.get_text(strip=True) for button in parse(response).select("form button")]
    assert "Save draft" not in buttons  # nothing left to save: the way on is an addendum
    stored = reload(intake)
    assert stored.is_signed
    assert stored.chief_complaint == "Neck and shoulder pain, worse in the evening"
    assert "intake.update" not in actions(hannah.id)
