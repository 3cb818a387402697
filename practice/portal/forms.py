"""The portal's small forms: "Done" for one exercise, and "Undo" for today's last one."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from practice.core.kept_renderings import fresh_token
from practice.progress.forms import RatingField


class DoneForm(FlaskForm):
    """One tap on "Done"; how it went is optional."""

    #: Fresh for every rendered form: the same form sent twice is recorded once.
    form_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    effort = RatingField("How hard was it?", "0 no effort, 10 as hard as it gets")
    pain_after = RatingField("Pain afterwards", "0 no pain, 10 worst imaginable")
    note = TextAreaField("Note", validators=[Optional(), Length(max=2_000)], render_kw={"rows": 2})

    @classmethod
    def for_assignment(cls, assignment_id: int, formdata=None) -> "DoneForm":
        """The form of one exercise on the Today page (prefixed: the page holds several);
        a new one carries a fresh token."""
        form = cls(formdata=formdata, prefix=f"a{assignment_id}")
        if formdata is None:
            form.form_token.data = fresh_token()
        return form

    def clean_note(self) -> str | None:
        return (self.note.data or "").strip() or None


class UndoForm(FlaskForm):
    """Take back one "Done" of today: the form names the log, so a resubmission is harmless."""

    log_id = IntegerField(widget=HiddenInput(),
                          validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
