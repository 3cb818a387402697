"""Client records: the list, the overview page, the record form, archive and portal access."""
from flask import Blueprint

from practice.clients.banner import client_banner

bp = Blueprint("clients", __name__, url_prefix="/clients")
bp.add_app_template_global(client_banner)
