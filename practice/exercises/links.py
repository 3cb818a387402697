"""Where pages about a client send the practitioner back to."""
from flask import url_for


def client_page_url(client_id: int) -> str:
    return url_for("clients.overview", client_id=client_id)
