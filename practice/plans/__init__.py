"""Session plans: practice-wide and personal plan templates, and each client's plans."""
from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")
