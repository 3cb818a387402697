import re

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from practice.core.once import OnceFormMixin

SHORTCUT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class SnippetForm(OnceFormMixin, FlaskForm):
    title = StringField("Name", [DataRequired(message="Give it a name."), Length(max=80)],
                        filters=[_strip], description="What its button in the note says.")
    shortcut = StringField(
        "Shortcut", [Optional(), Length(max=30)], filters=[_strip, _lower],
        description="Optional. In a note, type / and the shortcut, then press Tab: for example "
                    "/nodes. Letters, digits and - only.")
    body = TextAreaField("Text", [DataRequired(message="Write the phrase."), Length(max=4000)],
                         filters=[_strip], render_kw={"rows": 4})

    def validate_shortcut(self, field):
        if field.data and not SHORTCUT.match(field.data):
            raise ValidationError("Use letters, digits and - only, starting with a letter or "
                                  "digit (no spaces).")

    def fields(self) -> dict:
        return {"title": self.title.data, "shortcut": self.shortcut.data or None,
                "body": self.body.data}

    def fill_from(self, snippet) -> None:
        self.title.data, self.shortcut.data, self.body.data = (snippet.title, snippet.shortcut,
                                                               snippet.body)
