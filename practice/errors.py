"""Friendly error pages; a bad request never shows a stack trace."""
import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from practice.extensions import db

logger = logging.getLogger(__name__)

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


def _render(code: int, detail: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           hint=detail or hint), code


def register_error_handlers(app: Flask) -> None:
    for code in (400, 403, 404, 405, 409, 413, 429):
        app.register_error_handler(code, lambda exc, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _render(400, "The form expired or was not sent from this site. Reload the page "
                            "and submit it again.")

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        logger.error("unhandled error: %s", getattr(exc, "original_exception", exc))
        return _render(500)
