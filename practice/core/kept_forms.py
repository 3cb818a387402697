"""What someone typed survives the end of their sign-in.

A practitioner types a session note; meanwhile the sign-in ends (signed out in another tab,
the idle or absolute limit) or the form's token expires. Their Save then cannot be carried
out as it stands. Instead of an error page, ``keep_typing()`` stores what the form carried,
on the server, for the person who was signed in (never in the browser: clinic computers are
shared), and sends them through sign-in to a page that shows it and sends it again with a
fresh token (``auth.kept_form``). The original route then saves it as usual, with its own
checks: a record saved by someone else meanwhile still shows the conflict page.

Who was signed in comes from the form itself (a signed ``form_owner`` field that app.js adds
to every form sent while signed in), or, without JavaScript, from a signed cookie set while
they are (``TYPIST_COOKIE``; only their id, and it outlives sign-out on purpose). What was
kept is shown only to that person after they sign in again, and removed once it has been
saved or discarded.
"""
import json
import secrets
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, flash, g, redirect, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import ForeignKey, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db

TYPIST_COOKIE = "qi_typist"
#: Fields that are the form's machinery, not what someone typed.
MACHINERY = {"csrf_token", "kept_id", "form_owner"}
#: How long kept text waits for its author to sign in again.
KEPT_FOR = timedelta(days=2)
#: The kept page's own field naming the kept text it resends.
KEPT_ID_FIELD = "kept_id"
#: Why a form could not be saved, said on the sign-in page that leads back to it.
SIGNED_OUT = "You were signed out before that was saved. Sign in, and what you typed is waiting for you."
FORM_EXPIRED = ("The form had been open too long to be saved as it was. What you typed is kept "
                "below: check it and save it again.")
#: A view's attribute naming the endpoint its kept typing is sent again to (an autosave's
#: form is saved by the form's own Save, never by the autosave: ``core.autosave``).
SAVES_TO = "kept_saves_to"


class KeptForm(db.Model):
    """A form's contents kept for its author while they sign in again."""

    __tablename__ = "kept_forms"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: Where the form was sent (path and query string): where it is sent again.
    action: Mapped[str] = mapped_column(String(500))
    #: JSON list of [name, value] pairs, in the form's order.
    fields: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in json.loads(self.fields)]

    @property
    def typed(self) -> list[tuple[str, str]]:
        """The pairs a person typed (not hidden bookkeeping), for showing on the page."""
        return [(name, value) for name, value in self.pairs
                if value.strip() and name not in ("version", "form_key")]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="typist")


def form_owner_token() -> str:
    """The signed id of the signed-in person, for the page's ``form-owner`` meta tag."""
    return _serializer().dumps(current_user.get_id().partition(":")[0])


def _typist_id() -> int | None:
    if current_user.is_authenticated:
        return int(current_user.get_id().partition(":")[0])
    for token in (request.form.get("form_owner"), request.cookies.get(TYPIST_COOKIE)):
        if token:
            try:
                return int(_serializer().loads(token, max_age=int(KEPT_FOR.total_seconds())))
            except (BadSignature, ValueError, TypeError):
                continue
    return None


def _keeps_typing(endpoint: str | None) -> bool:
    """Forms of the record-keeping pages; never sign-in forms or pages open to anyone."""
    view = current_app.view_functions.get(endpoint or "")
    if view is None or getattr(view, "is_public_view", False):
        return False
    return not endpoint.startswith("auth.")


def _is_secret(name: str) -> bool:
    return "password" in name or name in ("code", "secret")


def _worth_keeping(pairs: list[tuple[str, str]]) -> bool:
    return any(len(value.strip()) > 0 for name, value in pairs
               if name not in MACHINERY and name not in ("version", "form_key"))


def keep_typing(message: str) -> Response | None:
    """For a POST that cannot be carried out because the sign-in or the form's token ended:
    keep what it carried and lead its author back to it. ``None`` when there is nothing to
    keep or nobody to keep it for (the caller answers as it would have)."""
    if request.method != "POST" or not _keeps_typing(request.endpoint):
        return None
    pairs = [(name, value) for name, value in request.form.items(multi=True)
             if name not in MACHINERY and not _is_secret(name)]
    user_id = _typist_id()
    if user_id is None or not _worth_keeping(pairs):
        return None
    saves_to = getattr(current_app.view_functions.get(request.endpoint), SAVES_TO, None)
    action = url_for(saves_to, **(request.view_args or {})) if saves_to \
        else request.full_path.rstrip("?")
    # A newer copy of the same form (its Save after its autosave) replaces the older one.
    db.session.execute(delete(KeptForm).where(KeptForm.user_id == user_id,
                                              KeptForm.action == action))
    kept = KeptForm(id=secrets.token_urlsafe(18), user_id=user_id, fields=json.dumps(pairs),
                    action=action)
    db.session.add(kept)
    if not saves_to:  # an autosave's answer goes to its script, which says it itself
        flash(message, "warning")
    target = url_for("auth.kept_form", kept_id=kept.id)
    if current_user.is_authenticated:
        return redirect(target)
    return redirect(url_for("auth.login", next=target))


def kept_for_current_user(kept_id: str) -> KeptForm | None:
    return db.session.scalar(select(KeptForm).where(
        KeptForm.id == kept_id, KeptForm.user_id == current_user.id,
        KeptForm.created_at > now_utc() - KEPT_FOR))


def forget(kept: KeptForm) -> None:
    db.session.delete(kept)


def _forget_resent() -> None:
    """A form sent again from the kept page: once it is saved (the request commits), the
    kept copy goes with the same commit; if the save is refused, it stays."""
    kept_id = request.form.get(KEPT_ID_FIELD) if request.method == "POST" else None
    if kept_id and current_user.is_authenticated:
        db.session.execute(delete(KeptForm).where(KeptForm.id == kept_id,
                                                  KeptForm.user_id == current_user.id))


def _remember_typist(response: Response) -> Response:
    if current_user.is_authenticated and not g.get("typist_cookie_set"):
        user_id = current_user.get_id().partition(":")[0]
        if request.cookies.get(TYPIST_COOKIE) is None or _typist_cookie_stale(user_id):
            response.set_cookie(TYPIST_COOKIE, _serializer().dumps(user_id),
                                max_age=int(KEPT_FOR.total_seconds()), httponly=True,
                                samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
            g.typist_cookie_set = True
    return response


def _typist_cookie_stale(user_id: str) -> bool:
    try:
        return str(_serializer().loads(request.cookies[TYPIST_COOKIE])) != user_id
    except (BadSignature, KeyError):
        return True


def init_app(app: Flask) -> None:
    app.before_request(_forget_resent)
    app.after_request(_remember_typist)
    app.add_template_global(form_owner_token)
