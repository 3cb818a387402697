"""Session records: a session given to a client, signed and locked, with addenda."""
from flask import Blueprint

from practice.treatments.pain import pain_change

bp = Blueprint("treatments", __name__, url_prefix="/sessions")
bp.add_app_template_global(pain_change, "pain_change")
