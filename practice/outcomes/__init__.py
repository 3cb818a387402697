"""Outcomes by protocol: course changes and adherence grouped by plan template and condition
type, over a chosen period, for a practitioner's clients or (for admins) the whole practice."""
from flask import Blueprint

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")
