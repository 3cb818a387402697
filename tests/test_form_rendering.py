"""The faster attribute writer renders exactly what WTForms' own does."""
import pytest
from markupsafe import Markup

from practice.core import form_rendering

CASES = [
    {"name": "text1", "id": "f", "class_": "text"},
    {"checked": True, "readonly": False, "name": "text1", "abc": "hello"},
    {"data_attr": "user.name", "aria_labeledby": "name", "for_": "x"},
    {"value": '<script>alert("x")</script> & \'quotes\''},
    {"value": Markup('<b title="a">safe</b>'), "title": None, "min": 0, "step": 0.5},
    {"placeholder": "é ü 中文", "data_some_long_key": "a_b"},
    {},
]


@pytest.mark.parametrize("attributes", CASES)
def test_attributes_are_written_as_wtforms_writes_them(attributes):
    ours = form_rendering.html_params(**attributes)
    theirs = form_rendering._original_html_params(**attributes)
    assert isinstance(ours, Markup)
    assert str(ours) == str(theirs)


def test_the_session_form_renders_its_fields_through_it(app):
    from wtforms.widgets import core

    assert core.html_params is form_rendering.html_params
    assert core.Input.html_params is form_rendering.html_params
