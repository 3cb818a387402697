"""Required fields are marked where they are asked: a visible "*" beside the label (with a key
to it on the form) and ``aria-required`` on the control, so a screen reader says it too.

All come from the one form-field macro (``render_field`` in templates/_macros.html).
"""
import pytest

from tests.factories.accounts import make_client
from tests.factories.exercises import starter_exercise
from tests.factories.plans import make_plan
from tests.html import parse

#: Pages with forms, and fields each must mark as required (by name).
FORM_PAGES = {
    "/clients/new": {"given_name", "family_name"},
    "/exercises/new": {"name", "instructions", "amount", "times", "focus_systems"},
    "/plans/templates/new": {"name", "focus_systems"},
    "/plans/clients/{client}/new": {"name", "focus_systems", "sessions_per_week", "weeks",
                                    "start_date"},
    "/sessions/clients/{client}/new": {"session_date", "session_time", "duration_minutes"},
    "/exercises/assign/{client}?exercise_id={exercise}": {"amount", "times", "starts_on"},
}


def _label_of(page, control):
    if control.get("type") in ("radio", "checkbox") and control.find_parent("fieldset"):
        return control.find_parent("fieldset").find("legend")  # a group: its legend says it
    return page.find("label", attrs={"for": control.get("id")})


@pytest.mark.parametrize("path", list(FORM_PAGES))
def test_required_fields_are_marked_and_announced(client, auth, practitioner, path):
    hannah = make_client(practitioner, given_name="Hannah")
    make_plan(hannah)
    auth.login_as(practitioner)
    response = client.get(path.format(client=hannah.id,
                                      exercise=starter_exercise("Gentle walking").id))
    assert response.status_code == 200
    page = parse(response)
    marked = set()
    for control in page.select("input, select, textarea"):
        if control.get("type") == "hidden":
            continue
        label = _label_of(page, control)
        has_mark = label is not None and label.select_one(".required-mark") is not None
        announced = control.get("aria-required") == "true" or control.has_attr("required")
        if has_mark:
            marked.add(control["name"].rsplit("-", 1)[-1])
        if control.get("type") == "checkbox":
            continue  # a checkbox group's mark is on its legend (one box is enough)
        assert has_mark == announced, f"{control['name']}: mark and aria-required disagree"
        if announced:
            assert control.get("aria-required") == "true", control["name"]
    assert FORM_PAGES[path] <= marked
    key = page.select_one(".required-key")
    assert key is not None
    assert " ".join(key.get_text().split()) == "Fields marked * with a star are required."


def test_optional_fields_carry_no_mark(client, auth, practitioner):
    auth.login_as(practitioner)
    page = parse(client.get("/clients/new"))
    for name in ("email", "phone", "notes"):
        control = page.find(attrs={"name": name})
        assert not control.has_attr("aria-required")
        assert _label_of(page, control).select_one(".required-mark") is None
