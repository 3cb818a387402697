"""Where pages about a client send the practitioner back to."""
from flask import current_app, url_for


def client_page_url(client_id: int) -> str:
    """The client's overview when that page exists, else their home program page."""
    if "clients.overview" in current_app.view_functions:
        return url_for("clients.overview", client_id=client_id)
    return url_for("exercises.program", client_id=client_id)
