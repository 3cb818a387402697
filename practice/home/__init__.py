"""The landing page after sign-in, one per role."""
from flask import Blueprint

bp = Blueprint("home", __name__)
