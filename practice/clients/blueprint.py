"""The ``clients`` blueprint; its routes live in the ``*_views`` modules beside it."""
from flask import Blueprint

bp = Blueprint("clients", __name__, url_prefix="/clients")
