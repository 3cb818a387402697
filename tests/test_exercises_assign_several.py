"""Assigning exercises on one page: tick one or several, each with its dose and note, and add
them to the client's home program in one go (each assignment audited, the form stored once)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from practice.core.audit import AuditEvent
from practice.core.clock import local_today
from practice.core.database import now_utc
from practice.core.extensions import db
from practice.exercises.models import Assignment, DosePeriod, DoseUnit
from tests.factories.accounts import make_client
from tests.factories.exercises import make_exercise, starter_exercise
from tests.html import field_value, form_data, parse, text_of

THREE = ("Belly breathing", "Shoulder rolls", "Gentle walking")


@pytest.fixture
def hannah(practitioner):
    return make_client(practitioner, given_name="Hannah", family_name="Price")


@pytest.fixture
def signed_in(auth, practitioner):
    auth.login_as(practitioner)


def _assignments(client_record) -> list[Assignment]:
    db.session.expire_all()
    return db.session.scalars(select(Assignment).where(Assignment.client_id == client_record.id)
                              .order_by(Assignment.id)).all()


def _events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def _rows(response) -> dict[str, str]:
    """Each row's exercise name -> its field prefix (``items-3``)."""
    page = parse(response)
    return {row.select_one("[data-exercise-name]").get_text(strip=True):
            row.find("input", attrs={"name": lambda name: name and name.endswith("-exercise_id")})
            ["name"].removesuffix("-exercise_id")
            for row in page.select("[data-assign-row]")}


def _page_data(response):
    """What the assign form sends as shown (nothing ticked unless the page ticked it)."""
    return form_data(response, "form[data-assign-form]").to_dict()  # one value per field


def _tick(response, data: dict, name_start: str, **dose) -> dict:
    prefix = next(prefix for name, prefix in _rows(response).items() if name.startswith(name_start))
    data[f"{prefix}-chosen"] = "y"
    data.update({f"{prefix}-{field}": value for field, value in dose.items()})
    return data


def test_one_page_lists_the_library_with_a_dose_for_each(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    assert page.status_code == 200
    rows = _rows(page)
    assert "Gentle walking" in rows
    walking = rows["Gentle walking"]
    assert field_value(page, f"{walking}-amount") == "15"
    assert field_value(page, f"{walking}-unit") == "minutes"
    assert field_value(page, "starts_on") == local_today().isoformat()
    assert field_value(page, "form_key")
    assert "Step 1 of 2" not in text_of(page)


def test_assign_three_exercises_at_once_each_with_its_dose(client, signed_in, practitioner, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _page_data(page)
    _tick(page, data, "Belly breathing", amount="5", unit="minutes", times="2", period="day",
          notes="Lying down is fine.")
    _tick(page, data, "Shoulder rolls", amount="8")
    _tick(page, data, "Gentle walking", times="3", period="week")
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{hannah.id}"
    by_name = {assignment.exercise.name.split(" (")[0]: assignment
               for assignment in _assignments(hannah)}
    assert set(by_name) == {"Belly breathing", "Shoulder rolls and raises", "Gentle walking"}
    breathing = by_name["Belly breathing"]
    assert (breathing.amount, breathing.unit, breathing.times, breathing.period) == (
        5, DoseUnit.MINUTES, 2, DosePeriod.DAY)
    assert breathing.notes == "Lying down is fine."
    assert by_name["Shoulder rolls and raises"].amount == 8
    walking = by_name["Gentle walking"]
    assert (walking.amount, walking.times, walking.period) == (15, 3, DosePeriod.WEEK)
    assert all(assignment.starts_on == local_today() for assignment in by_name.values())
    assert all(assignment.prescribed_by_id == practitioner.id for assignment in by_name.values())
    events = _events("assignment.create")
    assert sorted(event.target_id for event in events) == sorted(
        assignment.id for assignment in by_name.values())
    assert all(event.client_id == hannah.id for event in events)
    assert all("Lying down" not in event.detail for event in events)
    shown = text_of(client.get(response.headers["Location"]))
    assert "3 exercises are on Hannah's home program" in shown


def test_the_form_sent_twice_assigns_once(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing")
    _tick(page, data, "Gentle walking")
    first = client.post(f"/exercises/assign/{hannah.id}", data=data)
    second = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_assignments(hannah)) == 2
    assert len(_events("assignment.create")) == 2
    assert "Already saved: here it is." in text_of(client.get(second.headers["Location"]))


def test_back_tick_another_and_send_again_adds_only_the_new_one(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing")
    client.post(f"/exercises/assign/{hannah.id}", data=data)
    client.post(f"/exercises/assign/{hannah.id}", data=_tick(page, dict(data), "Gentle walking"))
    assert sorted(a.exercise.name for a in _assignments(hannah)) == [
        "Belly breathing (diaphragmatic breathing)", "Gentle walking"]


def test_nothing_ticked_is_explained(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    response = client.post(f"/exercises/assign/{hannah.id}", data=_page_data(page))
    assert response.status_code == 200
    assert "Tick at least one exercise to assign." in text_of(response)
    assert _assignments(hannah) == []


def test_a_bad_dose_is_shown_on_its_row_and_nothing_is_stored(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing", amount="0", notes="Keep this note.")
    _tick(page, data, "Gentle walking")
    # An unticked row's empty dose is no error: it is not being assigned.
    data[f"{_rows(page)['Kidney-area rubbing']}-amount"] = ""
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert response.status_code == 200
    breathing = next(prefix for name, prefix in _rows(response).items()
                     if name.startswith("Belly breathing"))
    error = parse(response).find(id=f"{breathing}-amount-error")
    assert error is not None
    assert "between 1 and 600" in error.get_text()
    assert field_value(response, f"{breathing}-notes").strip() == "Keep this note."
    assert parse(response).find("input", attrs={"name": f"{breathing}-chosen"}).has_attr("checked")
    assert _assignments(hannah) == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("starts_on", "", "Enter a start date."),
    ("starts_on", "2026-13-45", "Not a valid date value."),
    ("ends_on", "2000-01-01", "The end date must be on or after"),
])
def test_bad_dates_are_explained(client, signed_in, hannah, field, value, message):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing")
    data[field] = value
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert _assignments(hannah) == []


def test_searching_keeps_what_was_ticked(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing", amount="7")
    data.update(q="shoulder", search="1")
    found = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert found.status_code == 200
    names = list(_rows(found))
    assert names[0].startswith("Belly breathing")  # ticked: kept, first
    assert names[1] == "Shoulder rolls and raises"  # then the best match
    assert "Gentle walking" not in names
    kept = _rows(found)[names[0]]
    assert field_value(found, f"{kept}-amount") == "7"
    assert _assignments(hannah) == []  # searching saves nothing


def test_the_exercise_page_opens_it_ticked(client, signed_in, hannah):
    walking = starter_exercise("Gentle walking")
    response = client.get(f"/exercises/{walking.id}/assign?client_id={hannah.id}",
                          follow_redirects=True)
    rows = _rows(response)
    assert list(rows)[0] == "Gentle walking"
    assert parse(response).find("input", attrs={"name": f"{rows['Gentle walking']}-chosen"}) \
        .has_attr("checked")


def test_from_a_session_it_goes_back_to_the_session(client, signed_in, hannah):
    from tests.factories.plans import make_session

    session = make_session(hannah)
    url = f"/exercises/assign/{hannah.id}?session_id={session.id}"
    page = client.get(url)
    response = client.post(url, data=_tick(page, _page_data(page), "Belly breathing"))
    assert response.headers["Location"] == f"/sessions/{session.id}"
    assert _events("assignment.create")[0].detail_dict["session_id"] == session.id


def test_an_archived_client_is_refused_and_nothing_stored(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing")
    hannah.archived_at = now_utc()
    db.session.commit()
    assert "record is archived" in text_of(client.get(f"/exercises/assign/{hannah.id}"))
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert response.status_code == 409
    assert "This client's record is archived" in text_of(response)
    assert _assignments(hannah) == []


def test_an_archived_exercise_is_refused_and_nothing_stored(client, signed_in, practitioner,
                                                            hannah):
    old = make_exercise(practitioner, name="Old stretch")
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Old stretch")
    _tick(page, data, "Belly breathing")
    old.archived_at = now_utc()
    db.session.commit()
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert response.status_code == 409
    assert "archived" in text_of(response)
    assert _assignments(hannah) == []


def test_another_practitioners_exercise_or_client_is_not_found(client, signed_in, hannah,
                                                               other_practitioner):
    theirs = make_exercise(other_practitioner, name="Their stretch")
    page = client.get(f"/exercises/assign/{hannah.id}")
    assert "Their stretch" not in _rows(page)
    data = _tick(page, _page_data(page), "Belly breathing")
    prefix = _rows(page)["Gentle walking"]
    data.update({f"{prefix}-exercise_id": str(theirs.id), f"{prefix}-chosen": "y"})
    assert client.post(f"/exercises/assign/{hannah.id}", data=data).status_code == 404
    their_client = make_client(other_practitioner)
    assert client.get(f"/exercises/assign/{their_client.id}").status_code == 404
    assert client.post(f"/exercises/assign/{their_client.id}",
                       data=_page_data(page)).status_code == 404
    assert _assignments(hannah) == []


def test_without_the_csrf_token_nothing_is_assigned(app, client, signed_in, hannah, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(f"/exercises/assign/{hannah.id}")
    data = _tick(page, _page_data(page), "Belly breathing")
    data.pop("csrf_token", None)
    response = client.post(f"/exercises/assign/{hannah.id}", data=data)
    # Refused; what was typed is kept for its author to send again with a fresh token.
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/kept/")
    assert _assignments(hannah) == []


def test_the_page_takes_the_same_queries_for_few_or_many_exercises(client, signed_in,
                                                                   practitioner, hannah,
                                                                   count_queries):
    with count_queries() as few:
        assert client.get(f"/exercises/assign/{hannah.id}").status_code == 200
    for _ in range(20):
        make_exercise(practitioner)
    with count_queries() as many:
        assert client.get(f"/exercises/assign/{hannah.id}").status_code == 200
    assert len(many) == len(few)


def test_a_client_with_an_end_date_gets_it_on_every_assignment(client, signed_in, hannah):
    page = client.get(f"/exercises/assign/{hannah.id}")
    ends = (local_today() + timedelta(days=28)).isoformat()
    data = _tick(page, _page_data(page), "Belly breathing")
    _tick(page, data, "Gentle walking")
    data["ends_on"] = ends
    client.post(f"/exercises/assign/{hannah.id}", data=data)
    assert {a.ends_on.isoformat() for a in _assignments(hannah)} == {ends}
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "assignment.create")) == 2
