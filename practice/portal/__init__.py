"""The client portal: a client's own pages, phone first."""
from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")
