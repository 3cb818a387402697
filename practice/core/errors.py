"""Domain errors and the one place that turns them, and HTTP errors, into pages.

Operations raise a ``DomainError`` subclass with a message written for the person using
the app; routes do not catch them (except ``Conflict``, where a route shows both versions).
The handler answers a form post with the message on the page it came from, and anything
else with the error page at the error's status.
"""
import logging
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request
from flask.globals import request_ctx
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from practice.core.extensions import db
from practice.core.kept_forms import FORM_EXPIRED, SIGNED_OUT, keep_typing
from practice.core.request_log import request_id

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A change the rules of the practice do not allow; ``str(error)`` is for the user."""

    status = 400
    default_message = "That cannot be done."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)


class NotFound(DomainError):
    status = 404
    default_message = "The page or record does not exist, or is not yours to see."


class Forbidden(DomainError):
    status = 403
    default_message = "You do not have access to this."


class InvalidState(DomainError):
    """The record's state does not allow this (already signed, already archived...)."""

    status = 409
    default_message = "This record is not in a state that allows that."


class Archived(InvalidState):
    default_message = "This client's record is archived. Restore it to make changes."


class Conflict(DomainError):
    """Someone saved the record after the editor opened it; ``current`` is the stored one."""

    status = 409
    default_message = "This record was changed by someone else since you opened it."

    def __init__(self, current=None, message: str | None = None):
        super().__init__(message)
        self.current = current


MESSAGES = {
    400: ("Something in that request was not right", "Go back, reload the page and try again."),
    403: ("You do not have access to this page", "It belongs to another kind of account."),
    404: ("Page not found", "The page or record does not exist, or is not yours to see."),
    405: ("Not allowed", "That action cannot be done this way."),
    409: ("Someone else changed this first", "Reload the page to see the latest version."),
    413: ("Too large", "What you sent is larger than this practice accepts."),
    429: ("Too many attempts", "Wait a minute before trying again."),
    500: ("Something went wrong on our side", "Nothing you did caused this. Your saved records "
                                              "are safe; please try again in a moment."),
}


def error_page(code: int, detail: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[500])
    if request_ctx.url_adapter is None:  # a request for a host this app does not serve
        return f"{title}.", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", code=code, title=title,
                           hint=detail or hint), code


def _same_site_referrer() -> str | None:
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    if parts.path == request.path:
        return None  # the page that failed would only fail again
    return parts.path + (f"?{parts.query}" if parts.query else "")


def handle_domain_error(error: DomainError):
    db.session.rollback()
    if request.method == "POST" and error.status != 404 and (back := _same_site_referrer()):
        flash(error.message, "warning")
        return redirect(back)
    return error_page(error.status, error.message)


def register_error_handlers(app: Flask) -> None:
    for code in (400, 403, 404, 405, 409, 413, 429):
        app.register_error_handler(code, lambda exc, code=code: error_page(code))
    app.register_error_handler(DomainError, handle_domain_error)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        # Without a sign-in the token cannot match: the sign-in ended, not the form.
        kept = keep_typing(FORM_EXPIRED if current_user.is_authenticated else SIGNED_OUT)
        if kept is not None:
            return kept
        return error_page(400, "The form expired or was not sent from this site. Reload the page "
                               "and submit it again.")

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        original = getattr(exc, "original_exception", None) or exc
        logger.error("request_id=%s unhandled error", request_id(),
                     exc_info=(type(original), original, original.__traceback__))
        return error_page(500)
