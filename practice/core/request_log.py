"""One structured log line per request, and a request id to match it with what a person saw.

The line holds the request id, method, path, status, time taken and the signed-in user's id:
never names, notes or secrets. Path segments that are secrets (the token in an invitation or
reset link, a calendar feed's token) are masked, found from the route's own variables. The id
is sent back as ``X-Request-ID`` and shown on the error page, so a report of a problem can be
matched with the log (and its traceback, for a server error).
"""
import logging
import re
import secrets
import time

from flask import Flask, Response, g, request
from flask_login import current_user

logger = logging.getLogger("practice.requests")

#: Route variables whose values are secrets.
SECRET_VARIABLES = {"token"}
_INCOMING_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def request_id() -> str:
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _INCOMING_ID.match(incoming) else secrets.token_hex(8)
    return g.request_id


def masked_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_VARIABLES and value:
            path = path.replace(str(value), "***")
    return path


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _log(response: Response) -> Response:
    started = g.get("request_started")
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    user_id = current_user.get_id().partition(":")[0] if current_user and \
        current_user.is_authenticated else "-"
    response.headers["X-Request-ID"] = request_id()
    logger.info("request_id=%s method=%s path=%s status=%s ms=%.1f user=%s", request_id(),
                request.method, masked_path(), response.status_code, elapsed, user_id)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_log)
    app.add_template_global(request_id)
