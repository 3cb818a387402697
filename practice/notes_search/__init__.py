"""Search across notes: a practitioner finds words in their own clients' intakes, session notes,
addenda and plans, on SQLite (FTS5) and PostgreSQL (full-text search) alike."""
from flask import Blueprint

bp = Blueprint("notes_search", __name__, url_prefix="/search")
