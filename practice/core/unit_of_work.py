"""One unit of work per request (and per CLI command): commit once at the end, or roll back.

Routes and operations never commit. When the route has returned a successful response
(below 400: a page, a redirect after a save, a download starting), ``commit_request`` commits
everything the request changed together with its audit events; any error response, and any
exception, rolls it all back. Side effects that must not happen for a change that did not
happen, such as mail, are queued in the same transaction (``practice.core.mail``) and carried
out only after the commit.

The session keeps loaded rows usable after the commit (``expire_on_commit=False``), so a
template rendered or a download streamed after it never reloads, nor touches a closed session.
"""
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g
from sqlalchemy import event

from practice.core.extensions import db

logger = logging.getLogger(__name__)


def commit_request(response: Response) -> Response:
    if response.status_code >= 400:
        db.session.rollback()
        return response
    db.session.commit()
    if g.get("mail_after_response"):
        _deliver_after_response(response)
    else:
        _after_commit()
    return response


def send_mail_after_response() -> None:
    """Send this request's mail only once its answer has gone to the browser.

    For answers that must not depend on the mail: how long a reset request takes must not tell
    whether the email has an account (and a slow mail server must not slow the page).
    """
    g.mail_after_response = True


def _deliver_after_response(response: Response) -> None:
    from practice.core.mail import QUEUED_KEY

    ids = db.session.info.pop(QUEUED_KEY, None)
    if not ids:
        return
    app = current_app._get_current_object()

    def deliver():
        # The WSGI server calls this once the response is sent, outside the request.
        from practice.core.mail import deliver_queued

        try:
            with app.app_context():
                db.session.info[QUEUED_KEY] = ids
                deliver_queued()
        except Exception:
            logger.exception("sending mail after the response failed")

    response.call_on_close(deliver)


def _after_commit() -> None:
    from practice.core.mail import deliver_queued

    deliver_queued()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """The same for a CLI command or a script: commit at the end of the block, or roll back."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    _after_commit()


def init_app(app: Flask) -> None:
    app.after_request(commit_request)
    _configure_sqlite(app)


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout on every SQLite connection: readers never wait for the writer,
    and a writer waits its turn instead of failing at once."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, connection_record):
            cursor = dbapi_connection.cursor()
            if _is_file_database(engine):
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        engine.dispose()  # connections made before the listener get the settings too


def _is_file_database(engine) -> bool:
    database = engine.url.database
    return bool(database) and database != ":memory:"

