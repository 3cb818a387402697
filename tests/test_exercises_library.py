"""The exercise library: the starter set, search and filters, own items, read-only shared ones."""
import pytest

from practice.core.audit import AuditEvent
from practice.core.extensions import db
from practice.core.focus import FocusSystem
from practice.exercises.models import DosePeriod, DoseUnit, Exercise, instruction_steps
from practice.exercises.starter import STARTER_EXERCISES
from tests.factories.exercises import make_exercise, starter_exercise
from tests.html import field_value, parse

REQUIRED_STARTERS = ["Belly breathing", "Shoulder rolls and raises", "Neck and collarbone lymph",
                     "Whole-body shaking", "Eight Brocades", "Kidney-area rubbing",
                     "Patting along the limbs", "Warmth on the back of the neck", "Gentle walking"]


def _events(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("name_start", REQUIRED_STARTERS)
def test_the_starter_library_has_each_exercise_written_for_clients(name_start):
    exercise = starter_exercise(name_start)
    assert exercise is not None
    assert exercise.is_practice_wide
    assert exercise.focus_systems
    assert len(exercise.steps) >= 4
    assert exercise.precautions
    assert exercise.summary
    assert exercise.default_amount > 0
    assert exercise.default_times > 0


@pytest.mark.usefixtures("db")
def test_starter_precautions_name_the_known_risks():
    assert "pregnancy" in starter_exercise("Whole-body shaking").precautions.lower()
    for item in STARTER_EXERCISES:
        text = item["precautions"].lower()
        assert "stop" in text, item["name"]
        assert "dizz" in text, item["name"]


def test_instruction_steps_drop_typed_numbers_and_blank_lines():
    assert instruction_steps("1. Stand.\n\n2. Breathe in.\n  Rest  \n3.5 minutes apart") == [
        "Stand.", "Breathe in.", "Rest", "5 minutes apart"]


def test_library_lists_practice_items_and_my_own_not_other_practitioners(
        client, auth, practitioner, other_practitioner):
    make_exercise(practitioner, name="My pendulum swings")
    make_exercise(other_practitioner, name="Olive's secret stretch")
    auth.login_as(practitioner)
    page = client.get("/exercises/").get_data(as_text=True)
    assert "My pendulum swings" in page
    assert "Belly breathing" in page
    assert "Gentle walking" in page
    assert "Olive&#39;s secret stretch" not in page
    assert "secret stretch" not in page
    assert f"{len(STARTER_EXERCISES) + 1} exercises" in page


def test_search_and_filter_by_focus_and_scope(client, auth, practitioner):
    make_exercise(practitioner, name="Collarbone pump", focus=(FocusSystem.ENDOCRINE,))
    auth.login_as(practitioner)
    page = client.get("/exercises/?q=KIDNEY").get_data(as_text=True)
    assert "Kidney-area rubbing" in page
    assert "Gentle walking" not in page
    page = client.get("/exercises/?focus=endocrine").get_data(as_text=True)
    assert "Collarbone pump" in page
    assert "Eight Brocades" in page
    assert "Gentle walking" not in page
    page = client.get("/exercises/?scope=mine").get_data(as_text=True)
    assert "Collarbone pump" in page
    assert "Belly breathing" not in page
    page = client.get("/exercises/?scope=practice").get_data(as_text=True)
    assert "Collarbone pump" not in page
    assert "Belly breathing" in page
    page = client.get("/exercises/?q=no+such+thing").get_data(as_text=True)
    assert "No exercises match" in page
    assert client.get("/exercises/?focus=bogus&scope=bogus").status_code == 200


def test_archived_items_leave_the_list_and_show_under_archived(client, auth, practitioner):
    make_exercise(practitioner, name="Old stretch", archived=True)
    auth.login_as(practitioner)
    assert "Old stretch" not in client.get("/exercises/").get_data(as_text=True)
    assert "Old stretch" in client.get("/exercises/?scope=archived").get_data(as_text=True)


def test_library_list_takes_the_same_queries_for_3_or_30_own_items(client, auth, practitioner,
                                                                 count_queries):
    auth.login_as(practitioner)
    for _ in range(3):
        make_exercise(practitioner)
    with count_queries() as few:
        assert client.get("/exercises/?scope=mine").status_code == 200
    for _ in range(27):
        make_exercise(practitioner, focus=(FocusSystem.LYMPHATIC, FocusSystem.ENDOCRINE))
    with count_queries() as many:
        assert client.get("/exercises/?scope=mine").status_code == 200
    assert len(many) == len(few)


def test_add_an_exercise(client, auth, practitioner):
    auth.login_as(practitioner)
    assert client.get("/exercises/new").status_code == 200
    response = client.post("/exercises/new", data={
        "name": "Collarbone circles", "summary": "Small circles above the collarbone.",
        "focus_systems": ["lymphatic", "musculoskeletal"],
        "instructions": "1. Sit tall.\n2. Make 10 small circles.", "precautions": "Very light touch.",
        "amount": "3", "unit": "minutes", "times": "2", "period": "day"})
    assert response.status_code == 302
    exercise = db.session.scalar(db.select(Exercise).where(Exercise.name == "Collarbone circles"))
    assert exercise.owner_id == practitioner.id
    assert exercise.focus_systems == [FocusSystem.LYMPHATIC, FocusSystem.MUSCULOSKELETAL]
    assert exercise.steps == ["Sit tall.", "Make 10 small circles."]
    assert str(exercise.default_dose) == "3 minutes, twice a day"
    assert len(_events("exercise.create")) == 1
    page = client.get(response.headers["Location"])
    assert [item.get_text() for item in parse(page).select("ol.exercise-steps li")] == [
        "Sit tall.", "Make 10 small circles."]


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_stored(client, auth, practitioner):
    auth.login_as(practitioner)
    before = db.session.scalar(db.select(db.func.count(Exercise.id)))
    response = client.post("/exercises/new", data={
        "name": "", "focus_systems": [], "instructions": "", "amount": "0", "unit": "hours",
        "times": "x", "period": "day"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose at least one focus system." in page
    assert "This field is required." in page
    assert "Not a valid choice" in page
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Exercise.id))) == before


def test_edit_my_own_exercise(client, auth, practitioner):
    exercise = make_exercise(practitioner, name="Swings")
    auth.login_as(practitioner)
    page = client.get(f"/exercises/{exercise.id}/edit")
    assert field_value(page, "name") == "Swings"
    response = client.post(f"/exercises/{exercise.id}/edit", data={
        "name": "Gentle swings", "focus_systems": ["circulatory"], "instructions": "Swing.",
        "amount": "5", "unit": "minutes", "times": "3", "period": "week",
        "version": field_value(page, "version")})
    assert response.status_code == 302
    db.session.expire_all()
    exercise = db.session.get(Exercise, exercise.id)
    assert exercise.name == "Gentle swings"
    assert exercise.focus_systems == [FocusSystem.CIRCULATORY]
    assert (exercise.default_unit, exercise.default_period) == (DoseUnit.MINUTES, DosePeriod.WEEK)
    assert len(_events("exercise.update")) == 1


def test_practice_items_are_read_only_but_can_be_copied(client, auth, practitioner):
    walking = starter_exercise("Gentle walking")
    auth.login_as(practitioner)
    page = client.get(f"/exercises/{walking.id}").get_data(as_text=True)
    assert "read only" in page
    assert f"/exercises/{walking.id}/edit" not in page
    response = client.get(f"/exercises/{walking.id}/edit", follow_redirects=True)
    assert "Make your own copy to adapt it" in response.get_data(as_text=True)
    client.post(f"/exercises/{walking.id}/edit", data={
        "name": "Hijacked", "focus_systems": ["lymphatic"], "instructions": "x", "amount": "1",
        "unit": "minutes", "times": "1", "period": "day"})
    client.post(f"/exercises/{walking.id}/archive")
    db.session.expire_all()
    walking = db.session.get(Exercise, walking.id)
    assert walking.name == "Gentle walking"
    assert not walking.is_archived

    response = client.post(f"/exercises/{walking.id}/copy")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/edit")
    copy = db.session.scalar(db.select(Exercise).where(Exercise.owner_id == practitioner.id))
    assert copy.name == "Gentle walking (my version)"
    assert copy.copied_from_id == walking.id
    assert copy.instructions == walking.instructions
    assert copy.focus_systems == walking.focus_systems
    assert _events("exercise.copy")[0].detail_dict == {"copied_from": walking.id}


def test_archive_and_restore_my_own(client, auth, practitioner):
    exercise = make_exercise(practitioner, name="Seasonal stretch")
    auth.login_as(practitioner)
    client.post(f"/exercises/{exercise.id}/archive")
    db.session.expire_all()
    assert db.session.get(Exercise, exercise.id).is_archived
    client.post(f"/exercises/{exercise.id}/restore")
    db.session.expire_all()
    assert not db.session.get(Exercise, exercise.id).is_archived
    assert [len(_events("exercise.archive")), len(_events("exercise.restore"))] == [1, 1]


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/exercises/{id}"), ("get", "/exercises/{id}/edit"), ("post", "/exercises/{id}/edit"),
    ("post", "/exercises/{id}/copy"), ("post", "/exercises/{id}/archive"),
    ("post", "/exercises/{id}/restore"), ("get", "/exercises/{id}/assign?client_id=1")])
def test_another_practitioners_exercise_is_not_found(client, auth, practitioner, other_practitioner,
                                                     method, path):
    theirs = make_exercise(other_practitioner, name="Theirs")
    auth.login_as(practitioner)
    response = getattr(client, method)(path.format(id=theirs.id))
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Exercise, theirs.id).name == "Theirs"
    assert db.session.scalar(db.select(db.func.count(Exercise.id))
                             .where(Exercise.owner_id == practitioner.id)) == 0


EXERCISE_FORM = {"focus_systems": ["circulatory"], "instructions": "Swing gently.", "amount": "5",
                 "unit": "minutes", "times": "3", "period": "week"}


def test_two_tabs_editing_an_exercise_the_second_save_is_refused_with_its_text_kept(
        client, auth, practitioner):
    exercise = make_exercise(practitioner, name="Swings")
    auth.login_as(practitioner)
    path = f"/exercises/{exercise.id}/edit"
    opened = field_value(client.get(path), "version")
    assert opened
    assert client.post(path, data={**EXERCISE_FORM, "name": "Tab one",
                                   "version": opened}).status_code == 302
    refused = client.post(path, data={**EXERCISE_FORM, "name": "Tab two", "version": opened})
    assert refused.status_code == 409
    assert field_value(refused, "name") == "Tab two"  # nothing typed is lost
    conflict = parse(refused).select_one("#conflict")
    assert "Someone else saved this exercise" in conflict.get_text()
    assert [cell.get_text() for cell in conflict.select("tbody tr")[0].select("pre")] == [
        "Tab one", "Tab two"]
    db.session.expire_all()
    assert db.session.get(Exercise, exercise.id).name == "Tab one"
    fresh = field_value(refused, "version")
    assert fresh != opened
    overwrite = client.post(path, data={**EXERCISE_FORM, "name": "Tab two", "version": fresh})
    assert overwrite.status_code == 302
    db.session.expire_all()
    assert db.session.get(Exercise, exercise.id).name == "Tab two"
    assert len(_events("exercise.update")) == 2


def test_an_edit_without_the_version_it_was_opened_at_is_refused(client, auth, practitioner):
    exercise = make_exercise(practitioner, name="Swings")
    auth.login_as(practitioner)
    response = client.post(f"/exercises/{exercise.id}/edit", data={**EXERCISE_FORM, "name": "Blind"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Exercise, exercise.id).name == "Swings"


def test_library_pages_are_not_audited_as_client_views(client, auth, practitioner):
    auth.login_as(practitioner)
    walking = starter_exercise("Gentle walking")
    for path in ("/exercises/", f"/exercises/{walking.id}", "/exercises/new"):
        assert client.get(path).status_code == 200
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))
                             .where(AuditEvent.client_id.is_not(None))) == 0


#: A number far past the end, however many digits, shows the last page (core.pagination).
@pytest.mark.parametrize(("page_number", "shown"), [("-3", 1), ("0", 1), ("abc", 1), ("9" * 30, 2),
                                                    ("3", 2), ("999", 2)])
def test_the_library_shows_the_nearest_page_for_any_page_number(client, auth, practitioner, app,
                                                                 monkeypatch, page_number, shown):
    monkeypatch.setitem(app.config, "PAGE_SIZE", len(STARTER_EXERCISES) - 1)
    auth.login_as(practitioner)
    response = client.get(f"/exercises/?page={page_number}")
    assert response.status_code == 200
    current = parse(response).select_one('.pagination [aria-current="page"]')
    assert current.get_text(strip=True) == str(shown)


@pytest.mark.parametrize(("search", "found", "not_found"), [
    ("50%", "Squats to 50% depth", "Squats to 500 depth"),
    ("a_b", "Hold a_b stance", "Hold axb stance"),
    ("\\", "Slash \\ stretch", "Slash stretch"),
])
def test_search_finds_percent_underscore_and_backslash_literally(client, auth, practitioner,
                                                                  search, found, not_found):
    make_exercise(practitioner, name=found, instructions="Stand.")
    make_exercise(practitioner, name=not_found, instructions="Stand.")
    auth.login_as(practitioner)
    names = [cell.get_text(strip=True) for cell in parse(
        client.get("/exercises/", query_string={"q": search, "scope": "mine"})).select("a")]
    assert found in names
    assert not_found not in names
