"""A practitioner's own note snippets: phrases written every day, put into a note with a click
or a keystroke (snippets.js), or copied from the list beside the note without JavaScript."""
from flask import Blueprint

bp = Blueprint("snippets", __name__, url_prefix="/snippets")
