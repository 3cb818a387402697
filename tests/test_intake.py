"""Intake notes through the browser: write, validate, score, edit, sign, addenda."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from practice.clients.models import ConditionType, Intake, IntakeAddendum
from practice.clients.scoring import REGION_KEYS, score
from practice.core.audit import AuditEvent
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.core.signed_records import SignedRecordError
from tests.factories.accounts import make_client, make_portal_client
from tests.factories.clients import intake_form, make_intake


def reload(record):
    db.session.expire_all()
    return db.session.get(type(record), record.id)


def intake_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Intake.id)))


def actions(client_id):
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == client_id)
                                   .order_by(AuditEvent.id)))


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
    page = client.get(f"/clients/{hannah.id}/intakes/new").get_data(as_text=True)
    assert "First intake" in page
    # The body map, with its stylesheet and script, and a plain checkbox per region.
    assert 'href="/static/css/body_map.css"' in page
    assert 'src="/static/js/body_map.js"' in page
    assert page.count('name="painful_regions"') == len(REGION_KEYS) == 19
    assert "Painful regions in the past week (Widespread Pain Index)" in page
    # Symptom severity with the level descriptions.
    assert "Moderate, considerable problems, often present" in page
    assert "Severe: pervasive, continuous, life-disturbing problems" in page
    for name in ("fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
                 "lower_abdominal_pain", "depression"):
        assert f'name="{name}"' in page
    # Systems review: findings and a note for each system.
    for system in ("lymphatic", "endocrine", "digestive", "sleep", "cognitive", "fatigue"):
        assert f'name="review_{system}-findings"' in page
        assert f'<label class="form-label" for="review_{system}-note"' in page
    assert "Swollen or tender lymph nodes" in page
    assert "Blood-sugar swings" in page
    for field in ("pain_overall", "pain_neck_shoulders", "assessed_on", "chief_complaint",
                  "complaint_history", "medications", "goals", "notes"):
        assert f'<label class="form-label" for="{field}"' in page
    # The precautions banner is on every page about the client.
    assert "Precautions for Hannah Price" in page
    assert 'style="' not in page
    assert "<script>" not in page


@pytest.mark.usefixtures("signed_in")
def test_condition_types_offered_are_the_active_ones_in_order(client, hannah):
    db.session.add_all([ConditionType(name="Type 3 - Retired one", position=2, is_active=False),
                        ConditionType(name="B type", position=5),
                        ConditionType(name="A type", position=5)])
    db.session.commit()
    page = client.get(f"/clients/{hannah.id}/intakes/new").get_data(as_text=True)
    offered = re.findall(r'<option (?:selected )?value="[1-9]\d*">([^<]+)</option>', page)
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
    page = response.get_data(as_text=True)
    expected = score(regions, *items, symptoms_3_months=months)
    assert re.search(rf"<dt>WPI</dt><dd><span class=\"stat\">{expected.wpi}</span> / 19", page)
    assert re.search(rf"<dt>SSS</dt><dd><span class=\"stat\">{expected.sss}</span> / 12", page)
    assert re.search(rf"<dt>PSD</dt><dd><span class=\"stat\">{expected.psd}</span> / 31 "
                     rf"<span class=\"d-block small\">{expected.psd_band.label}</span>", page)
    verdict = "met" if expected.criteria_met else "not met"
    assert re.search(rf'ACR 2016 criteria: <strong class="criteria-[a-z-]+">{verdict}</strong>', page)
    assert f"<strong>{'yes' if expected.generalized_pain else 'no'}</strong> " \
           f"({expected.painful_groups} of 5 regions)" in page
    assert "Screening aid, not a diagnosis." in page


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
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}").get_data(as_text=True)
    assert "First intake" in page
    assert ">Draft<" in page
    assert "Neck and shoulder pain, worse in the evening" in page
    assert "Shoulder girdle (left)" in page
    assert "Hip - buttock, trochanter (right)" in page
    assert "Fatigue (past week)</dt><dd>2 - Moderate" in page
    assert "Swelling or puffiness" in page
    assert "Puffy ankles by evening." in page
    assert "Brings her own cushion." in page
    assert "Precautions for Hannah Price" in page
    assert actions(hannah.id)[-1] == "intake.view"


@pytest.mark.usefixtures("signed_in")
def test_a_re_assessment_starts_from_the_last_intake(client, hannah):
    make_intake(hannah, medications="Duloxetine 30 mg", goals="Garden again", days_ago=90)
    page = client.get(f"/clients/{hannah.id}/intakes/new").get_data(as_text=True)
    assert "New re-assessment" in page
    assert "Duloxetine 30 mg" in page
    assert "Garden again" in page
    assert "carried" in page
    # Pain, regions and symptoms are asked afresh.
    assert 'name="painful_regions" value="neck" id="painful_regions-neck" checked' not in page
    assert not re.search(r'name="fatigue"[^>]*checked', page)


# --- editing drafts ------------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_edit_a_draft(client, hannah):
    intake = make_intake(hannah)
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    assert 'value="neck" id="painful_regions-neck" checked' in page
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
    page = second.get_data(as_text=True)
    assert "Someone else saved this intake while you were editing it" in page
    assert "Tab one&#39;s complaint" in page  # stored now (in the comparison)
    assert "Tab two&#39;s complaint" in page  # typed (in the comparison and the form)
    assert "Pain overall (0-10)" in page  # the rating differs too
    assert 'name="version" type="hidden" value="2"' in page
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
    assert ">Signed<" in page
    assert "Pat Practitioner" in page
    assert "Edit draft" not in page
    assert "Add addendum" in page
    stored = reload(intake)
    assert stored.is_signed
    assert stored.signed_by_id == practitioner.id
    assert "intake.sign" in actions(hannah.id)

    # The edit page sends you back; a forged edit post changes nothing.
    assert client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit").status_code == 302
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                data=intake_form(version=str(stored.version), chief_complaint="Changed"))
    assert reload(intake).chief_complaint != "Changed"
    # Signing again is refused politely.
    again = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                        data={"version": str(stored.version)}, follow_redirects=True)
    assert "already signed" in again.get_data(as_text=True)
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
                           data={"body": "Note"}, follow_redirects=True)
    assert "addenda are for signed intakes" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0


@pytest.mark.usefixtures("signed_in")
def test_archived_clients_take_no_new_intakes(client, hannah):
    intake = make_intake(hannah)
    hannah.archived_at = now_utc()
    db.session.commit()
    assert client.get(f"/clients/{hannah.id}/intakes/new").status_code == 302
    assert client.post(f"/clients/{hannah.id}/intakes/new", data=intake_form()).status_code == 302
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"})
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
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{retired.id}">Type 9 - Old scheme (retired)</option>' in page
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
