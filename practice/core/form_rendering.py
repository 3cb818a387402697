"""Faster HTML attributes for WTForms widgets, with the very same output.

WTForms writes every attribute of every field through ``Markup.format``, whose escaping
formatter costs far more than the escaping itself: a form with a few dozen inputs (the
session form's ratings and checkboxes) spent most of its rendering there. ``html_params``
below escapes the same way and joins plain strings; ``install()`` puts it where the widgets
look it up. tests/test_form_rendering.py holds it to WTForms' own output.
"""
from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets import core

_original_html_params = core.html_params


def html_params(**kwargs) -> Markup:
    """``wtforms.widgets.html_params``: sorted attributes, ``True`` bare, ``False`` left out."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = escape(core.clean_key(key))
        if value is True:
            params.append(key)
        elif value is not False:
            params.append(f'{key}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704  (every key and value is escaped above)


def install() -> None:
    """Make every WTForms widget render its attributes with ``html_params`` above."""
    core.html_params = html_params
    widgets.html_params = html_params
    core.Input.html_params = staticmethod(html_params)
    core.Button.html_params = staticmethod(html_params)
