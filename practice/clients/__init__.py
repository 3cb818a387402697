"""Client records: the list, the overview page, the record form, archive and portal access."""
from flask import Blueprint

bp = Blueprint("clients", __name__, url_prefix="/clients")
