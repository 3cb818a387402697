"""Intake notes: the first assessment and re-assessments, their scores and addenda."""
from flask import Blueprint

from practice.intakes.scoring import REGION_CHOICES

bp = Blueprint("intakes", __name__, url_prefix="/clients")
#: The Widespread Pain Index regions' names by key, for the body figure on any page.
bp.add_app_template_global(dict(REGION_CHOICES), "wpi_region_labels")
