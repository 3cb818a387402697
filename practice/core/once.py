"""Forms that create a record store it once, however often they are sent.

A double click on a slow line, Refresh on the result page, or Back and Save again send the
same form twice. Each form that creates a record carries a one-time key (``OnceFormMixin``:
a fresh random value when the form is first shown, kept while it is re-shown with errors).
``create_once`` runs the creation only for a key not seen before and remembers which record
the key made; a second submission gets that record back instead, for the route to show.
Keys belong to the signed-in user: another person's key finds nothing. A route whose checks
would refuse the second sending before it gets to ``create_once`` (the prescription it changed
has ended, the account it invited exists) asks ``sent_before`` first.
"""
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask import Flask, g, has_request_context
from flask_wtf import FlaskForm
from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from practice.core.database import UTCDateTime, now_utc
from practice.core.errors import InvalidState
from practice.core.extensions import db

Record = TypeVar("Record")
#: What the second sending of a form says, on the page that shows the record the first made.
ALREADY_SAVED = "Already saved: here it is."


#: Set on ``g`` when a page issues a one-time form key: a rendering holding one is not kept
#: for another request (practice/clients/overview.py).
UNKEEPABLE_KEY = "issued_form_key"


def new_form_key() -> str:
    if has_request_context():
        setattr(g, UNKEEPABLE_KEY, True)
    return secrets.token_urlsafe(18)


class OnceFormMixin:
    #: The one-time key of this form; the same on every re-send of the same filled-in form.
    form_key = HiddenField(default=new_form_key)


class OnceButtonForm(OnceFormMixin, FlaskForm):
    """A one-button form that creates a record (Duplicate, Make my own copy, Invite): one
    record per click on a page, however often it is sent (the page renders a
    ``new_form_key()``)."""


class FormSubmission(db.Model):
    """Which record a one-time form key created."""

    __tablename__ = "form_submissions"
    __table_args__ = (UniqueConstraint("user_id", "form_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    form_key: Mapped[str] = mapped_column(String(64))
    #: The model class name of the created record.
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


def create_once(form_key: str | None, user, model: type[Record],
                create: Callable[[], Record]) -> tuple[Record, bool]:
    """``(record, True)`` from ``create()`` for a new key; ``(earlier record, False)`` for a
    key this user already sent. A form without a key (an old page) simply creates."""
    key = (form_key or "").strip()[:64]
    if not key:
        return create(), True
    earlier = sent_before(key, user, model)
    if earlier is not None:
        return earlier, False
    record = create()
    remember(key, user, record)
    return record, True


def remember(form_key: str | None, user, record) -> None:
    """Note that this user's form with ``form_key`` saved ``record`` (for a form that saves
    into an existing record as often as into a new one, e.g. a day's check-in)."""
    key = (form_key or "").strip()[:64]
    if not key:
        return
    db.session.flush()
    submission = FormSubmission(user_id=user.id, form_key=key, target_type=type(record).__name__,
                                target_id=record.id)
    db.session.add(submission)
    try:
        db.session.flush([submission])
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request stored it first.
        raise DuplicateSubmission() from None


class DuplicateSubmission(InvalidState):
    default_message = ("This form was saved a moment ago by another click, so it was not "
                       "saved twice. You will find it on the record.")


def sent_before(form_key: str | None, user, model: type[Record]) -> Record | None:
    """The ``model`` record this user's form with ``form_key`` made, if it was sent before."""
    key = (form_key or "").strip()[:64]
    if not key:
        return None
    target_id = db.session.scalar(select(FormSubmission.target_id).where(
        FormSubmission.user_id == user.id, FormSubmission.form_key == key,
        FormSubmission.target_type == model.__name__))
    return db.session.get(model, target_id) if target_id is not None else None


def init_app(app: Flask) -> None:
    """Pages render a fresh key into one-button forms with ``new_form_key()``."""
    app.add_template_global(new_form_key)
