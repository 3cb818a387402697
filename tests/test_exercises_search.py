"""Exercise search by relevance: what is named like the search comes first, then what only
mentions it in its summary or steps, then what only shares its focus system.

Runs on SQLite and on PostgreSQL (``TEST_DATABASE_URL``): the ranking is one SQL expression
that both read the same way.
"""
import pytest

from practice.core.focus import FocusSystem
from tests.factories.accounts import make_client
from tests.factories.exercises import make_exercise
from tests.html import parse


def _library_names(client, search: str, **filters) -> list[str]:
    page = client.get("/exercises/", query_string={"q": search, **filters})
    assert page.status_code == 200
    return [heading.get_text(strip=True) for heading in parse(page).select(".exercise-list h2")]


def _picker_names(client, client_id: int, search: str) -> list[str]:
    page = client.get(f"/exercises/assign/{client_id}", query_string={"q": search})
    assert page.status_code == 200
    return [label.get_text(" ", strip=True) for label in
            parse(page).select(".exercise-list [data-exercise-name]")]


def test_shoulder_lists_shoulder_rolls_first(client, auth, practitioner):
    auth.login_as(practitioner)
    names = _library_names(client, "shoulder")
    assert names[0] == "Shoulder rolls and raises"
    # Named with the word, though not at the start: next, before items that only mention it.
    assert names[1] == "Warmth on the back of the neck and shoulders"
    assert "Eight Brocades (Ba Duan Jin)" in names[2:]


def test_exact_then_prefix_then_word_then_substring_then_steps_then_focus(client, auth,
                                                                        practitioner):
    for name, instructions, focus in [
        ("Aardvark steps mentioning pump", "Pump the arms.", FocusSystem.OTHER),
        ("Zebra rhythm pumping", "Stand.", FocusSystem.OTHER),
        ("Calf pump", "Stand.", FocusSystem.OTHER),
        ("Pump", "Stand.", FocusSystem.OTHER),
        ("Pumping the calves", "Stand.", FocusSystem.OTHER),
        ("Airpump breathing", "Stand.", FocusSystem.OTHER),
        ("Breath only", "Then pump slowly.", FocusSystem.OTHER),
    ]:
        make_exercise(practitioner, name=name, instructions=instructions, focus=(focus,))
    auth.login_as(practitioner)
    assert _library_names(client, "PUMP", scope="mine") == [
        "Pump",                             # the name itself
        "Pumping the calves",               # the name starts with it
        "Aardvark steps mentioning pump",   # a word of the name starts with it
        "Calf pump",
        "Zebra rhythm pumping",
        "Airpump breathing",                # inside a word of the name
        "Breath only",                      # only in the steps
    ]


def test_focus_system_matches_come_after_every_word_match(client, auth, practitioner):
    make_exercise(practitioner, name="Quiet sitting", instructions="Sit.",
                  focus=(FocusSystem.ENDOCRINE,))
    make_exercise(practitioner, name="Endocrine breath", instructions="Breathe.",
                  focus=(FocusSystem.OTHER,))
    make_exercise(practitioner, name="Humming", instructions="Hum to calm the endocrine rhythm.",
                  focus=(FocusSystem.OTHER,))
    auth.login_as(practitioner)
    assert _library_names(client, "endocrine", scope="mine") == [
        "Endocrine breath", "Humming", "Quiet sitting"]


def test_several_words_find_items_that_have_each_of_them(client, auth, practitioner):
    make_exercise(practitioner, name="Neck glide", instructions="Glide the shoulder blades down.")
    make_exercise(practitioner, name="Neck and shoulder release", instructions="Release.")
    make_exercise(practitioner, name="Neck nod", instructions="Nod.")
    auth.login_as(practitioner)
    assert _library_names(client, "neck shoulder", scope="mine") == [
        "Neck and shoulder release", "Neck glide"]


def test_a_search_still_filters_by_focus_and_keeps_its_literal_characters(client, auth,
                                                                          practitioner):
    make_exercise(practitioner, name="Pump 50% effort", focus=(FocusSystem.CIRCULATORY,))
    make_exercise(practitioner, name="Pump 500 times", focus=(FocusSystem.CIRCULATORY,))
    make_exercise(practitioner, name="Pump lymph", focus=(FocusSystem.LYMPHATIC,))
    auth.login_as(practitioner)
    assert _library_names(client, "pump", scope="mine", focus="circulatory") == [
        "Pump 50% effort", "Pump 500 times"]
    assert _library_names(client, "50%", scope="mine") == ["Pump 50% effort"]


@pytest.mark.parametrize("search", ["%", "_", "(", "'", "\\", "shoulder\x00"])
def test_odd_characters_in_a_search_are_matched_as_typed(client, auth, practitioner, search):
    auth.login_as(practitioner)
    assert client.get("/exercises/", query_string={"q": search}).status_code == 200


def test_the_assign_page_ranks_the_same_way(client, auth, practitioner):
    hannah = make_client(practitioner, given_name="Hannah")
    auth.login_as(practitioner)
    names = _picker_names(client, hannah.id, "shoulder")
    assert names[0] == "Shoulder rolls and raises"
