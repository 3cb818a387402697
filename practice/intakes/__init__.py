"""Intake notes: the first assessment and re-assessments, their scores and addenda."""
from flask import Blueprint

bp = Blueprint("intakes", __name__, url_prefix="/clients")
