"""A session's duration follows the steps ticked as done, until the practitioner types their own.

The form carries the duration the steps gave when it was shown (``duration_from_steps``).
While the duration field still holds that value, the server counts the ticked steps' minutes
again on saving (and treatments.js does it in the page as steps are ticked); a duration typed
by hand is kept as typed.
"""
import pytest
from sqlalchemy import select

from practice.core.extensions import db
from practice.plans.starter import STARTER_TEMPLATES
from practice.treatments.models import TreatmentSession
from tests.factories.accounts import make_client
from tests.factories.plans import make_plan
from tests.html import field_value, form_data, parse

LYMPH_STEPS = [{key: step[key] for key in ("technique", "body_region", "minutes")}
               for step in STARTER_TEMPLATES[0]["steps"]]


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def lymph_plan(hannah):
    return make_plan(hannah, name="Lymph flow - neck and shoulders", steps=LYMPH_STEPS)


def _form_as_shown(response, **changes):
    """The session form as the page sends it, with ``changes`` (``None`` unticks a box)."""
    data = form_data(response, "form[data-session-form]").to_dict()  # one value per field
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _only_session(client_record) -> TreatmentSession:
    db.session.expire_all()
    return db.session.scalars(select(TreatmentSession).where(
        TreatmentSession.client_id == client_record.id)).one()


def _five_minute_step(response) -> int:
    return next(index for index, step in enumerate(LYMPH_STEPS) if step["minutes"] == 5)


def test_the_lymph_plans_session_starts_at_35_minutes(client, auth, practitioner, hannah,
                                                       lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    assert field_value(page, "duration_minutes") == "35"
    assert field_value(page, "duration_from_steps") == "35"
    # Each step row is there for treatments.js to count as it is ticked.
    assert len(parse(page).select("[data-session-step]")) == len(LYMPH_STEPS)


def test_unticking_a_five_minute_step_makes_it_30(client, auth, practitioner, hannah,
                                                  lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    index = _five_minute_step(page)
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=_form_as_shown(page, **{f"steps-{index}-performed": None}))
    assert response.status_code == 302
    session = _only_session(hannah)
    assert session.duration_minutes == 30
    assert not session.steps[index]["performed"]


def test_a_duration_typed_by_hand_is_kept(client, auth, practitioner, hannah, lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    index = _five_minute_step(page)
    client.post(f"/sessions/clients/{hannah.id}/new", data=_form_as_shown(
        page, duration_minutes="45", **{f"steps-{index}-performed": None}))
    assert _only_session(hannah).duration_minutes == 45


def test_minutes_changed_on_a_step_count_too(client, auth, practitioner, hannah, lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    client.post(f"/sessions/clients/{hannah.id}/new",
                data=_form_as_shown(page, **{"steps-0-minutes": "10"}))
    assert _only_session(hannah).duration_minutes == 40


def test_a_draft_follows_its_steps_until_its_duration_is_typed(client, auth, practitioner,
                                                               hannah, lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    client.post(f"/sessions/clients/{hannah.id}/new", data=_form_as_shown(page))
    draft = _only_session(hannah)
    edit = client.get(f"/sessions/{draft.id}/edit")
    assert field_value(edit, "duration_from_steps") == "35"
    index = _five_minute_step(edit)
    client.post(f"/sessions/{draft.id}/edit",
                data=_form_as_shown(edit, **{f"steps-{index}-performed": None}))
    assert _only_session(hannah).duration_minutes == 30
    # Typed by hand: from then on the draft keeps it, whatever is ticked.
    edit = client.get(f"/sessions/{draft.id}/edit")
    client.post(f"/sessions/{draft.id}/edit", data=_form_as_shown(edit, duration_minutes="50"))
    edit = client.get(f"/sessions/{draft.id}/edit")
    assert field_value(edit, "duration_minutes") == "50"
    client.post(f"/sessions/{draft.id}/edit",
                data=_form_as_shown(edit, **{"steps-0-performed": None}))
    assert _only_session(hannah).duration_minutes == 50


def test_autosave_counts_the_ticked_steps_too(client, auth, practitioner, hannah, lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    index = _five_minute_step(page)
    answer = client.post(f"/sessions/clients/{hannah.id}/autosave",
                         data=_form_as_shown(page, **{f"steps-{index}-performed": None}))
    assert answer.status_code == 200
    assert _only_session(hannah).duration_minutes == 30


def test_adding_a_step_without_javascript_keeps_the_duration_following(client, auth,
                                                                       practitioner, hannah,
                                                                       lymph_plan):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    added = client.post(f"/sessions/clients/{hannah.id}/new",
                        data=_form_as_shown(page, step_command="add"))
    assert field_value(added, "duration_from_steps") == "35"
    new_row = len(LYMPH_STEPS)
    client.post(f"/sessions/clients/{hannah.id}/new", data=_form_as_shown(
        added, **{f"steps-{new_row}-technique": "Extra breathing",
                  f"steps-{new_row}-minutes": "4"}))
    assert _only_session(hannah).duration_minutes == 39


@pytest.mark.parametrize("sent", ["", "abc", "-5", "9" * 40])
def test_an_odd_hidden_duration_is_read_as_typed_by_hand(client, auth, practitioner, hannah,
                                                         lymph_plan, sent):
    auth.login_as(practitioner)
    page = client.get(f"/sessions/clients/{hannah.id}/new")
    response = client.post(f"/sessions/clients/{hannah.id}/new",
                           data=_form_as_shown(page, duration_from_steps=sent,
                                               **{"steps-0-performed": None}))
    assert response.status_code == 302
    assert _only_session(hannah).duration_minutes == 35
