"""Links that leave the app (emailed, or shown to pass on): built from ``BASE_URL``.

A link built from the request (``url_for(..., _external=True)``) would carry whatever Host
header the request came with, so anyone could have a reset link for someone else's account
pointed at their own site.
"""
from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """The link on ``BASE_URL``; outside a request too (a command that sends invitations)."""
    if has_request_context():
        return current_app.config["BASE_URL"] + url_for(endpoint, **values)
    with current_app.test_request_context():
        return current_app.config["BASE_URL"] + url_for(endpoint, **values)
