"""Printouts: a session note, an intake and the whole chart as a printed page and as a PDF, and
a client's own record from the portal."""
from flask import Blueprint

bp = Blueprint("printouts", __name__, url_prefix="/printouts")
