"""Consent: the client's consent to treatment and to the keeping of their records, recorded
with the wording they agreed to, and their own opt-in to reminders and other messages."""
from flask import Blueprint

bp = Blueprint("consent", __name__, url_prefix="/consent")
