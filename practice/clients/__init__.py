"""Client records, their intakes and portal access."""
from flask import Blueprint

bp = Blueprint("clients", __name__, url_prefix="/clients")
