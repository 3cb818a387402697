"""The precautions checklist on each client's record, and the checks it drives elsewhere."""
from flask import Blueprint

from practice.precautions.kinds import parse_kinds

bp = Blueprint("precautions", __name__, url_prefix="/precautions")
bp.add_app_template_global(parse_kinds)
