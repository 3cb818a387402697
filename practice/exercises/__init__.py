"""The exercise library and clients' home programs (assignments)."""
from flask import Blueprint

bp = Blueprint("exercises", __name__, url_prefix="/exercises")
