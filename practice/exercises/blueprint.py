from flask import Blueprint

bp = Blueprint("exercises", __name__, url_prefix="/exercises")
