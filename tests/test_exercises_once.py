"""Exercise forms that create a record, sent twice (a double click, Refresh, Back and Save
again), store one record and show it: assigning, changing a dose, adding an exercise and
making one's own copy."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.extensions import db
from practice.exercises.models import Assignment, Exercise
from tests.factories.accounts import make_client
from tests.factories.exercises import make_assignment, starter_exercise
from tests.html import field_value, parse, text_of
from tests.test_exercises_assignments import _prescription

ALREADY_SAVED = "Already saved: here it is."


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def signed_in(auth, practitioner):
    auth.login_as(practitioner)


def count_events(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def assignments_of(client) -> list[Assignment]:
    db.session.expire_all()
    return db.session.scalars(select(Assignment).where(Assignment.client_id == client.id)
                              .order_by(Assignment.id)).all()


def own_exercises(user) -> list[Exercise]:
    db.session.expire_all()
    return db.session.scalars(select(Exercise).where(Exercise.owner_id == user.id)
                              .order_by(Exercise.id)).all()


@pytest.mark.usefixtures("signed_in")
@pytest.mark.parametrize("session_id", [None, "from a session"])
def test_an_assignment_sent_twice_is_assigned_once_and_shown(client, hannah, session_id):
    breathing = starter_exercise("Belly breathing")
    query = f"?exercise_id={breathing.id}"
    if session_id:
        from tests.factories.plans import make_session
        query += f"&session_id={make_session(hannah).id}"
    url = f"/exercises/assign/{hannah.id}{query}"
    key = field_value(client.get(url), "form_key")
    assert key
    first = client.post(url, data=_prescription(form_key=key))
    second = client.post(url, data=_prescription(form_key=key))
    [assignment] = assignments_of(hannah)
    assert first.headers["Location"] == second.headers["Location"]
    shown = client.get(second.headers["Location"])
    assert ALREADY_SAVED in text_of(shown)
    assert "Belly breathing" in text_of(shown)
    assert assignment.exercise_id == breathing.id
    assert count_events("assignment.create") == 1


@pytest.mark.usefixtures("signed_in")
def test_the_assignment_form_again_from_a_fresh_page_assigns_again(client, hannah):
    """A new visit to the form is a new prescription (twice a day from two visits is real)."""
    breathing = starter_exercise("Belly breathing")
    url = f"/exercises/assign/{hannah.id}?exercise_id={breathing.id}"
    for _ in range(2):
        client.post(url, data=_prescription(form_key=field_value(client.get(url), "form_key")))
    assert len(assignments_of(hannah)) == 2


@pytest.mark.usefixtures("signed_in")
def test_a_dose_change_sent_twice_changes_once_and_shows_it(client, hannah):
    today = local_today()
    running = make_assignment(hannah, starts_on=today - timedelta(days=10), times=1)
    url = f"/exercises/assignments/{running.id}/change"
    key = field_value(client.get(url), "form_key")
    assert key
    data = {"amount": "10", "unit": "repetitions", "times": "2", "period": "day", "ends_on": "",
            "notes": "Morning and evening.", "form_key": key}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    old, new = assignments_of(hannah)  # the earlier prescription and the new dose: no third
    assert (old.times, new.times) == (1, 2)
    assert first.headers["Location"] == second.headers["Location"]
    page = text_of(client.get(second.headers["Location"]))
    assert ALREADY_SAVED in page
    assert "has ended" not in page  # not told to assign again: the change is there
    assert count_events("assignment.change") == 1


@pytest.mark.usefixtures("signed_in")
def test_a_new_exercise_sent_twice_is_added_once_and_shown(client, practitioner):
    key = field_value(client.get("/exercises/new"), "form_key")
    assert key
    data = {"name": "Evening shaking", "summary": "", "focus_systems": ["lymphatic"],
            "instructions": "Stand easy.\nShake the hands loosely.", "precautions": "",
            "amount": "3", "unit": "minutes", "times": "1", "period": "day", "form_key": key}
    first = client.post("/exercises/new", data=data)
    second = client.post("/exercises/new", data=data, follow_redirects=True)
    [exercise] = own_exercises(practitioner)
    assert first.headers["Location"] == f"/exercises/{exercise.id}"
    assert ALREADY_SAVED in text_of(second)
    assert "Evening shaking" in text_of(second)
    assert count_events("exercise.create") == 1


@pytest.mark.usefixtures("signed_in")
def test_make_my_own_copy_clicked_twice_makes_one_copy(client, practitioner):
    walking = starter_exercise("Gentle walking")
    page = parse(client.get(f"/exercises/{walking.id}"))
    form = page.find("form", action=f"/exercises/{walking.id}/copy")
    key = form.find("input", attrs={"name": "form_key"})["value"]
    first = client.post(f"/exercises/{walking.id}/copy", data={"form_key": key})
    second = client.post(f"/exercises/{walking.id}/copy", data={"form_key": key},
                         follow_redirects=True)
    [copy] = own_exercises(practitioner)
    assert first.headers["Location"] == f"/exercises/{copy.id}/edit"
    assert ALREADY_SAVED in text_of(second)
    # A fresh page's button makes another copy, on purpose.
    fresh = parse(client.get(f"/exercises/{walking.id}")).find(
        "form", action=f"/exercises/{walking.id}/copy").find("input", attrs={"name": "form_key"})
    assert fresh["value"] != key
