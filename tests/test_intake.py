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
from tests.html import field_value, links, parse, text_of


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
def test_a_new_intake_sent_twice_is_stored_once(client, hannah):
    """A double click, or Back and Save draft again: the form makes its draft once."""
    url = f"/clients/{hannah.id}/intakes/new"
    key = field_value(client.get(url), "form_key")
    assert key
    first = client.post(url, data=intake_form(form_key=key))
    again = client.post(url, data=intake_form(form_key=key), follow_redirects=True)
    assert intake_count() == 1
    intake = db.session.scalar(select(Intake))
    assert first.headers["Location"] == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert again.request.path == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert "already saved" in text_of(again)
    assert reload(intake).version == 1
    # Back, an answer changed, Save draft again: the change goes into the draft it made.
    changed = client.post(url, data=intake_form(form_key=key, pain_overall="3"))
    assert changed.headers["Location"] == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert intake_count() == 1
    assert reload(intake).pain_overall == 3
    assert actions(hannah.id).count("intake.create") == 1
    assert "intake.update" in actions(hannah.id)
    # Once the draft was edited on its own page, the old form conflicts: nothing is lost.
    version = str(reload(intake).version)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit",
                data=intake_form(version=version, chief_complaint="Edited on the draft"))
    stale = client.post(url, data=intake_form(form_key=key, chief_complaint="From the old page"))
    assert stale.status_code == 409
    assert field_value(stale, "chief_complaint").strip() == "From the old page"
    assert "Edited on the draft" in text_of(stale, "#conflict")
    assert reload(intake).chief_complaint == "Edited on the draft"
    # Signed meanwhile: the old form cannot change it, and keeps what it says.
    version = str(reload(intake).version)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": version})
    late = client.post(url, data=intake_form(form_key=key, notes="Late thought"))
    assert late.status_code == 409
    assert "This intake was signed while you were editing it" in text_of(late)
    assert field_value(late, "notes").strip() == "Late thought"
    assert intake_count() == 1


@pytest.mark.usefixtures("signed_in")
def test_no_painful_regions_is_a_valid_answer(client, hannah):
    response = client.post(f"/clients/{hannah.id}/intakes/new",
                           data=intake_form(painful_regions=[]))
    assert response.status_code == 302
    assert db.session.scalar(select(Intake)).scores.wpi == 0


INVALID_ANSWERS = [
    ({"fatigue": "4"}, "Not a valid choice."),
    ({"depression": "2"}, "Not a valid choice."),
    ({"symptoms_3_months": "maybe"}, "Not a valid choice."),
    ({"pain_overall": "11"}, "Rate the pain from 0 to 10."),
    ({"pain_overall": "-1"}, "Rate the pain from 0 to 10."),
    ({"pain_neck_shoulders": "a lot"}, "Rate the pain from 0 to 10."),
    ({"pain_neck_shoulders": "99999999999999999999999"}, "Rate the pain from 0 to 10."),
    ({"painful_regions": ["neck", "tail"]}, "not a valid choice"),
    ({"assessed_on": (date.today() + timedelta(days=3)).isoformat()},
     "The date of assessment cannot be in the future."),
    ({"assessed_on": "1960-05-01"}, "more than 30 years ago"),
    ({"assessed_on": "2025-02-30"}, "Enter the date as a real day"),
    ({"assessed_on": "yesterday"}, "Enter the date as a real day"),
    ({"condition_type_id": "9999"}, "Not a valid choice."),
    ({"condition_type_id": "abc"}, "Not a valid choice."),
    ({"review_lymphatic-findings": ["third_eye"]}, "not a valid choice"),
    ({"review_sleep-note": "z" * 1001}, "Field cannot be longer than 1000 characters."),
    ({"chief_complaint": "z" * 1001}, "Field cannot be longer than 1000 characters."),
]


@pytest.mark.parametrize(("overrides", "message"), INVALID_ANSWERS)
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


@pytest.mark.parametrize(("overrides", "message"), INVALID_ANSWERS)
@pytest.mark.usefixtures("signed_in")
def test_a_draft_with_few_answers_still_has_the_ones_given_checked(client, hannah, overrides,
                                                                   message):
    """Every answer is optional on a draft, but an answer given must be a valid one."""
    data = {"assessed_on": "", "condition_type_id": "0", **overrides}
    response = client.post(f"/clients/{hannah.id}/intakes/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert intake_count() == 0


# --- drafts with answers still to come -------------------------------------------------------

#: Each required answer, left out of a form post, and what signing then asks for.
REQUIRED_ANSWERS = [
    ({"assessed_on": ""}, "Date of assessment", "Enter the date of the assessment."),
    ({"condition_type_id": "0"}, "Condition profile", "Choose a condition profile"),
    ({"chief_complaint": " "}, "Chief complaint",
     "Describe the chief complaint in a few words."),
    ({"symptoms_3_months": None}, "Symptoms at a similar level for at least 3 months?",
     "Answer yes or no."),
    ({"pain_overall": ""}, "Pain overall (0-10)", "Rate the pain from 0 to 10."),
    ({"pain_neck_shoulders": ""}, "Neck and shoulder pain (0-10)", "Rate the pain from 0 to 10."),
    ({"fatigue": None}, "Fatigue (past week)", "Choose one answer."),
    ({"depression": None}, "Depression (past 6 months)", "Choose one answer."),
]


@pytest.mark.usefixtures("signed_in")
def test_a_draft_is_saved_with_no_answers_at_all(client, hannah):
    response = client.post(f"/clients/{hannah.id}/intakes/new",
                           data={"assessed_on": "", "condition_type_id": "0"})
    assert response.status_code == 302
    intake = db.session.scalar(select(Intake))
    assert response.headers["Location"] == f"/clients/{hannah.id}/intakes/{intake.id}"
    assert not intake.is_signed
    for name in ("assessed_on", "condition_type_id", "chief_complaint", "symptoms_3_months",
                 "fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
                 "lower_abdominal_pain", "depression", "pain_overall", "pain_neck_shoulders"):
        assert getattr(intake, name) is None, name
    assert intake.painful_regions == []
    assert "intake.create" in actions(hannah.id)
    # Its page and its edit form open, and say what is still to answer.
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    assert page.status_code == 200
    missing = text_of(page, "#missing-answers")
    assert "Chief complaint" in missing
    assert "Fatigue (past week)" in missing
    assert "No scores yet" in text_of(page, 'section[aria-labelledby="scores-heading"]')
    form = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    assert form.status_code == 200
    assert field_value(form, "pain_overall") in (None, "")
    assert parse(form).select('input[name="symptoms_3_months"][checked]') == []


@pytest.mark.parametrize(("left_out", "label", "message"), REQUIRED_ANSWERS)
@pytest.mark.usefixtures("signed_in")
def test_a_required_answer_left_out_is_kept_as_a_draft_and_asked_for_at_signing(
        client, hannah, left_out, label, message):
    data = {key: value for key, value in intake_form(**left_out).items() if value is not None}
    saved = client.post(f"/clients/{hannah.id}/intakes/new", data=data)
    assert saved.status_code == 302
    intake = db.session.scalar(select(Intake))
    assert intake.pain_overall == (None if "pain_overall" in left_out else 6)
    assert intake.notes is None
    # What was typed is all there.
    assert intake.complaint_history == "Two years, worse in winter."
    signing = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                          data={"version": "1"}, follow_redirects=True,
                          **from_the_intake_page(hannah.id, intake.id))
    assert signing.request.path == f"/clients/{hannah.id}/intakes/{intake.id}"
    refusal = text_of(signing, ".alert-warning")
    assert "cannot be signed yet" in refusal
    assert label.rstrip("?") in refusal
    assert f"{label} — {message}" in text_of(signing, "#missing-answers")
    assert not reload(intake).is_signed
    assert "intake.sign" not in actions(hannah.id)
    # Answered on the edit form, it signs.
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/edit", data=intake_form(version="1"))
    signed = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "2"},
                         follow_redirects=True)
    assert "Intake signed." in text_of(signed)
    assert reload(intake).is_signed


@pytest.mark.usefixtures("signed_in")
def test_signing_lists_everything_still_to_answer(client, hannah):
    client.post(f"/clients/{hannah.id}/intakes/new",
                data={"assessed_on": "", "condition_type_id": "0",
                      "chief_complaint": "Aching all over"})
    intake = db.session.scalar(select(Intake))
    signing = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                          data={"version": "1"}, follow_redirects=True,
                          **from_the_intake_page(hannah.id, intake.id))
    refusal = text_of(signing, ".alert-warning")
    for label, _message in [(label, message) for _, label, message in REQUIRED_ANSWERS]:
        if label != "Chief complaint":
            assert label.rstrip("?") in refusal
    assert "Chief complaint" not in refusal
    for item in ("Waking unrefreshed (past week)", "Cognitive symptoms (past week)",
                 "Headaches (past 6 months)",
                 "Pain or cramps in the lower abdomen (past 6 months)"):
        assert item in refusal
    assert not reload(intake).is_signed


@pytest.mark.usefixtures("signed_in")
def test_the_database_refuses_a_signed_intake_without_its_answers(client, hannah):
    intake = make_intake(hannah, fatigue=None)
    intake.sign(hannah.practitioner)
    with pytest.raises(Exception, match="(?i)check|constraint"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.usefixtures("signed_in")
def test_a_complete_draft_shows_provisional_scores(client, hannah):
    intake = make_intake(hannah)
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    scores = parse(page).select_one('section[aria-labelledby="scores-heading"]')
    assert "Provisional" in scores.get_text(" ")
    assert definitions(scores)["WPI"] == "8 / 19"
    assert parse(page).select_one("#missing-answers") is None
    signed = make_intake(hannah, signed=True)
    page = client.get(f"/clients/{hannah.id}/intakes/{signed.id}")
    assert "Provisional" not in text_of(page, 'section[aria-labelledby="scores-heading"]')


@pytest.mark.usefixtures("signed_in")
def test_a_draft_without_every_symptom_answer_has_no_scores_yet(client, hannah):
    intake = make_intake(hannah, cognitive_symptoms=None)
    assert intake.scores is None
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    assert page.status_code == 200
    scores = text_of(page, 'section[aria-labelledby="scores-heading"]')
    assert "No scores yet" in scores
    assert "Cognitive symptoms (past week)" in text_of(page, "#missing-answers")
    symptoms = parse(page).select_one('section[aria-labelledby="symptoms-heading"]')
    assert definitions(symptoms)["Cognitive symptoms (past week)"] == "not answered yet"


# --- discarding a draft ----------------------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_discard_a_draft(client, hannah):
    kept = make_intake(hannah, days_ago=90, signed=True)
    intake = make_intake(hannah, days_ago=5)
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    assert "Discard draft" in [button.get_text(strip=True)
                               for button in parse(page).select("form button")]
    response = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/discard",
                           data={"version": "1"}, follow_redirects=True)
    assert response.request.path == f"/clients/{hannah.id}"
    assert "Draft discarded." in text_of(response)
    stored = reload(intake)
    assert stored.discarded_at is not None  # kept, set aside
    assert not stored.is_signed
    assert intake_count() == 2
    assert "intake.discard" in actions(hannah.id)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.discard")).one()
    assert (event.target_id, event.client_id) == (intake.id, hannah.id)
    # Out of the record's intakes, and out of its scores.
    history = parse(response).select_one('section[aria-labelledby="intake-history-heading"]')
    assert [anchor["href"] for anchor in history.select("tbody a")] == [
        f"/clients/{hannah.id}/intakes/{kept.id}"]
    assert [row.select("td")[1].get_text(strip=True) for row in history.select("tbody tr")] == [
        "First intake"]
    discarded = parse(response).select_one("#discarded-intakes")
    assert [anchor["href"] for anchor in discarded.select("a")] == [
        f"/clients/{hannah.id}/intakes/{intake.id}"]
    # Its own page still opens, marked discarded, with nothing to do on it.
    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    assert "Discarded" in badges(page)
    assert "This draft was discarded" in text_of(page)
    assert [button.get_text(strip=True) for button in parse(page).select("main form button")] == []
    assert "Edit draft" not in text_of(page)


@pytest.mark.usefixtures("signed_in")
def test_a_discarded_draft_cannot_be_edited_signed_or_discarded_again(client, hannah):
    intake = make_intake(hannah)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/discard", data={"version": "1"})
    version = str(reload(intake).version)
    refused = client.get(f"/clients/{hannah.id}/intakes/{intake.id}/edit")
    assert refused.status_code == 409
    assert "This draft was discarded." in text_of(refused)
    signing = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign",
                          data={"version": version}, follow_redirects=True,
                          **from_the_intake_page(hannah.id, intake.id))
    assert "This draft was discarded." in text_of(signing)
    again = client.post(f"/clients/{hannah.id}/intakes/{intake.id}/discard",
                        data={"version": version}, follow_redirects=True,
                        **from_the_intake_page(hannah.id, intake.id))
    assert "This draft was discarded." in text_of(again)
    stored = reload(intake)
    assert not stored.is_signed
    assert actions(hannah.id).count("intake.discard") == 1


@pytest.mark.usefixtures("signed_in")
def test_a_draft_discarded_while_editing_keeps_what_was_typed(client, hannah):
    intake = make_intake(hannah)
    url = f"/clients/{hannah.id}/intakes/{intake.id}/edit"
    assert client.get(url).status_code == 200
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/discard", data={"version": "1"})
    response = client.post(url, data=intake_form(version="1", chief_complaint="Typed meanwhile"))
    assert response.status_code == 409
    assert "This intake was discarded while you were editing it" in text_of(response)
    assert field_value(response, "chief_complaint").strip() == "Typed meanwhile"
    buttons = [button.get_text(strip=True) for button in parse(response).select("form button")]
    assert "Save draft" not in buttons
    assert reload(intake).chief_complaint == "Neck and shoulder pain, worse in the evening"


@pytest.mark.usefixtures("signed_in")
def test_a_signed_intake_or_a_changed_draft_is_not_discarded(client, hannah):
    signed = make_intake(hannah, signed=True)
    refused = client.post(f"/clients/{hannah.id}/intakes/{signed.id}/discard",
                          data={"version": "1"}, follow_redirects=True,
                          **from_the_intake_page(hannah.id, signed.id))
    assert "This record is signed" in text_of(refused)
    assert reload(signed).discarded_at is None
    draft = make_intake(hannah)
    client.post(f"/clients/{hannah.id}/intakes/{draft.id}/edit",
                data=intake_form(version="1", pain_overall="2"))
    stale = client.post(f"/clients/{hannah.id}/intakes/{draft.id}/discard",
                        data={"version": "1"}, follow_redirects=True)
    assert "changed since you opened it" in text_of(stale)
    assert reload(draft).discarded_at is None
    assert "intake.discard" not in actions(hannah.id)


# --- signed intakes keep their words ---------------------------------------------------------

@pytest.mark.usefixtures("signed_in")
def test_a_signed_intake_keeps_the_condition_type_name_it_was_signed_with(client, hannah):
    profile = ConditionType(name="Type 4 - Central sensitisation", position=4)
    db.session.add(profile)
    db.session.commit()
    intake = make_intake(hannah, condition_type_id=profile.id)
    draft = make_intake(hannah, days_ago=2, condition_type_id=profile.id)
    client.post(f"/clients/{hannah.id}/intakes/{intake.id}/sign", data={"version": "1"})
    assert reload(intake).condition_type_name == "Type 4 - Central sensitisation"
    profile = db.session.get(ConditionType, profile.id)
    profile.name = "Type 4 - Renamed later"
    db.session.commit()

    page = client.get(f"/clients/{hannah.id}/intakes/{intake.id}")
    complaint = parse(page).select_one('section[aria-labelledby="complaint-heading"]')
    assert definitions(complaint)["Condition profile"] == "Type 4 - Central sensitisation"
    # A draft is not signed yet: it names the type as it is now.
    page = client.get(f"/clients/{hannah.id}/intakes/{draft.id}")
    complaint = parse(page).select_one('section[aria-labelledby="complaint-heading"]')
    assert definitions(complaint)["Condition profile"] == "Type 4 - Renamed later"
    overview = text_of(client.get(f"/clients/{hannah.id}"))
    assert "Condition profile: Type 4 - Central sensitisation" in overview
    # The export of the signed intake keeps it too.
    from practice.exports.records.clients import INTAKES

    [named] = [column for column in INTAKES.columns if column.name == "condition_type"]
    assert named.read(reload(intake)) == "Type 4 - Central sensitisation"
    assert named.read(reload(draft)) == "Type 4 - Renamed later"


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
    criteria = {item.get_text(" ", strip=True).split(":")[0]: item
                for item in scores.select(".criteria-list li")}
    verdict = criteria["ACR 2016 criteria"]
    assert verdict.strong.get_text() == ("met" if expected.criteria_met else "not met")
    assert ("criteria-met" if expected.criteria_met else "criteria-not-met") in verdict.strong["class"]
    generalized = criteria["Generalized pain"]
    assert generalized.strong.get_text() == ("yes" if expected.generalized_pain else "no")
    # One count, the client's; the rule's threshold is worded as a threshold.
    assert " ".join(generalized.get_text().split()) == (
        f"Generalized pain: {'yes' if expected.generalized_pain else 'no'}, pain in "
        f"{expected.painful_groups} of the 5 body regions (at least 4 needed; the jaw, chest "
        "and abdomen do not count)")
    assert " ".join(verdict.get_text().split()) == (
        f"ACR 2016 criteria: {'met' if expected.criteria_met else 'not met'} (WPI 7 or more "
        "with SSS 5 or more, or WPI 4 to 6 with SSS 9 or more; generalized pain; symptoms for "
        "3 months or more)")
    assert "((" not in scores.get_text()
    assert "))" not in scores.get_text()
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


ARCHIVED = "This client's record is archived. Restore it to make changes."


@pytest.mark.usefixtures("signed_in")
def test_an_archived_clients_intakes_refuse_every_change_with_a_clear_message(client, hannah):
    draft = make_intake(hannah)
    signed = make_intake(hannah, days_ago=40, signed=True)
    hannah.archived_at = now_utc()
    db.session.commit()
    base = f"/clients/{hannah.id}/intakes"
    # Forms that would change the record are not offered...
    for url in (f"{base}/new", f"{base}/{draft.id}/edit"):
        refused = client.get(url)
        assert refused.status_code == 409, url
        assert ARCHIVED in text_of(refused), url
    # ...and a form sent anyway (opened before the archive) keeps what was typed.
    for url, data in ((f"{base}/new", intake_form(chief_complaint="Typed before the archive")),
                      (f"{base}/{draft.id}/edit",
                       intake_form(version="1", chief_complaint="Typed before the archive"))):
        response = client.post(url, data=data)
        assert response.status_code == 409, url
        assert ARCHIVED in text_of(response), url
        assert field_value(response, "chief_complaint").strip() == "Typed before the archive"
    # The buttons of the intake page are refused with the same words, back on that page.
    for url, data, intake in ((f"{base}/{draft.id}/sign", {"version": "1"}, draft),
                              (f"{base}/{draft.id}/discard", {"version": "1"}, draft),
                              (f"{base}/{signed.id}/addenda", {"body": "Late note"}, signed)):
        response = client.post(url, data=data, follow_redirects=True,
                               **from_the_intake_page(hannah.id, intake.id))
        assert response.request.path == f"{base}/{intake.id}", url
        assert ARCHIVED in text_of(response), url
        # Without the page to go back to, the refusal is a page of its own.
        direct = client.post(url, data=data)
        assert direct.status_code == 409, url
        assert ARCHIVED in text_of(direct), url
    stored = reload(draft)
    assert (stored.is_signed, stored.discarded_at, stored.chief_complaint, stored.version) == (
        False, None, "Neck and shoulder pain, worse in the evening", 1)
    assert intake_count() == 2
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0
    assert not {"intake.create", "intake.update", "intake.sign", "intake.discard",
                "intake.addendum"} & set(actions(hannah.id))
    # Nothing on the pages offers a change.
    for intake in (draft, signed):
        page = client.get(f"{base}/{intake.id}")
        assert page.status_code == 200
        assert [button.get_text(strip=True) for button in parse(page).select("main form button")] == []
    overview = client.get(f"/clients/{hannah.id}")
    assert f"/clients/{hannah.id}/intakes/new" not in links(overview)


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
            ("post", base + "/sign"), ("post", base + "/discard"), ("post", base + "/addenda"),
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
    assert reload(intake).discarded_at is None
    assert db.session.scalar(select(func.count(IntakeAddendum.id))) == 0


@pytest.mark.parametrize("intake_id", ["100000000000000000000", "2147483648", "9223372036854775808"])
def test_an_intake_number_too_large_for_the_database_is_not_found(client, auth, practitioner,
                                                                  intake_id):
    record = make_client(practitioner)
    auth.login_as(practitioner)
    for method, url in intake_urls(record.id, intake_id):
        if url.endswith("/new"):
            continue
        response = getattr(client, method)(url, data={"version": "1", "body": "x"})
        assert response.status_code == 404, url


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


# --- migration 0010: drafts, discarding, the words a signed intake keeps ---------------------



@pytest.fixture
def migrating_app(tmp_path):
    """A fresh app on an empty database (its own schema on PostgreSQL) for the migrations."""
    from tests.empty_database import app_context_on, empty_database

    with (empty_database(tmp_path, "intake_migration_check") as url,
          app_context_on(url) as application):
        yield application


def _run(*statements):
    from sqlalchemy import text

    with db.engine.begin() as connection:
        return [connection.execute(text(statement)) for statement in statements]


def _insert_intake(intake_id: int, signed: bool, answers: str = "0") -> str:
    fatigue = answers
    return (
        "INSERT INTO intakes (id, client_id, author_id, assessed_on, condition_type_id, "
        "chief_complaint, symptoms_3_months, painful_regions, fatigue, waking_unrefreshed, "
        "cognitive_symptoms, headaches, lower_abdominal_pain, depression, systems_review, "
        "pain_overall, pain_neck_shoulders, created_at, updated_at, version, signed_at, "
        f"signed_by_id) VALUES ({intake_id}, 1, 1, '2026-10-01', 50, 'Neck', true, '[]', "
        f"{fatigue}, 1, 1, 0, 0, 0, '{{}}', 5, 5, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, "
        f"{'CURRENT_TIMESTAMP' if signed else 'NULL'}, 1)")


@pytest.mark.real_commits
def test_migration_0010_keeps_signed_words_and_the_guards(migrating_app):
    from alembic import command
    from flask_migrate import downgrade, upgrade

    upgrade(revision="0009")
    _run("INSERT INTO users (id, email, role, display_name, is_enabled, security_stamp, "
         "created_at) VALUES (1, 'pat@example.com', 'practitioner', 'Pat', true, 's', "
         "CURRENT_TIMESTAMP)",
         "INSERT INTO clients (id, practitioner_id, given_name, family_name, created_at, "
         "updated_at, last_activity_at, version) VALUES (1, 1, 'Hannah', 'Price', "
         "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
         "INSERT INTO condition_types (id, name, is_active, position) VALUES "
         "(50, 'Type 7 - As signed', true, 7)",
         _insert_intake(1, signed=True), _insert_intake(2, signed=False))
    upgrade(revision="0010")

    [names] = _run("SELECT id, condition_type_name, discarded_at FROM intakes ORDER BY id")
    assert [tuple(row) for row in names] == [(1, "Type 7 - As signed", None), (2, None, None)]
    # The guards of 0008 are back: a signed intake refuses any change, at the database.
    for statement in ("UPDATE intakes SET notes = 'changed' WHERE id = 1",
                      "UPDATE intakes SET condition_type_name = 'Renamed' WHERE id = 1",
                      "DELETE FROM intakes WHERE id = 1"):
        with pytest.raises(Exception, match="(?i)signed"):
            _run(statement)
    # A draft may leave answers out; a signed intake may not.
    _run("UPDATE intakes SET fatigue = NULL, assessed_on = NULL, chief_complaint = NULL, "
         "symptoms_3_months = NULL, pain_overall = NULL WHERE id = 2",
         _insert_intake(3, signed=False, answers="NULL"))
    with pytest.raises(Exception, match="(?i)check|constraint"):
        _run(_insert_intake(4, signed=True, answers="NULL"))
    with pytest.raises(Exception, match="(?i)check|constraint"):
        _run("UPDATE intakes SET signed_at = CURRENT_TIMESTAMP, signed_by_id = 1 WHERE id = 3")
    # The range checks are still there after the rebuild.
    with pytest.raises(Exception, match="(?i)check|constraint"):
        _run("UPDATE intakes SET pain_neck_shoulders = 11 WHERE id = 2")

    # Going back refuses while a draft leaves answers out, and says which.
    config = migrating_app.extensions["migrate"].migrate.get_config()
    with pytest.raises(RuntimeError, match="intakes 2, 3 leave answers out"):
        command.downgrade(config, "0009")
    _run("DELETE FROM intakes WHERE id IN (2, 3)")
    downgrade(revision="0009")
    with pytest.raises(Exception, match="(?i)signed"):
        _run("UPDATE intakes SET notes = 'changed' WHERE id = 1")
    [columns] = _run("SELECT * FROM intakes")
    assert "condition_type_name" not in list(columns.keys())


@pytest.mark.real_commits  # an export reads committed rows in a read-only transaction of its own
@pytest.mark.parametrize("format_key", ["csv", "json", "fhir"])
def test_a_draft_with_answers_left_out_is_exported_as_it_is(hannah, admin_user, format_key):
    from practice.exports.operations import start_export

    make_intake(hannah, days_ago=40, signed=True)
    draft = make_intake(hannah, assessed_on=None, fatigue=None, pain_overall=None,
                        symptoms_3_months=None, chief_complaint=None)
    discarded = make_intake(hannah, days_ago=3)
    discarded.discarded_at = now_utc()
    db.session.commit()
    export = start_export(format_key, hannah.id, actor=admin_user)
    db.session.commit()
    data = b"".join(export.chunks)
    assert data
    if format_key == "json":
        import json

        [exported] = json.loads(data)["clients"]
        by_id = {intake["id"]: intake for intake in exported["intakes"]}
        assert (by_id[draft.id]["wpi"], by_id[draft.id]["fatigue"]) == (None, None)
        assert by_id[discarded.id]["discarded_at"] is not None
    if format_key == "fhir":
        import json

        bundle = json.loads(data)
        observations = [entry["resource"] for entry in bundle["entry"]
                        if entry["resource"]["resourceType"] == "Observation"]
        for observation in observations:
            if "valueQuantity" in observation:
                assert observation["valueQuantity"]["value"] is not None
