"""Appointments: the practitioner's booked sessions, their week and their day."""
from flask import Blueprint

bp = Blueprint("appointments", __name__, url_prefix="/appointments")
