"""Progress: clients' daily check-ins, adherence to home programs, and charts."""
from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/progress")
