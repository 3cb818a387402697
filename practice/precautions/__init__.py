"""The precautions checklist on each client's record, and the checks it drives elsewhere."""
from flask import Blueprint

bp = Blueprint("precautions", __name__, url_prefix="/precautions")
