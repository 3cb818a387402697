"""Referrals: the practitioner's record of telling a client to see a doctor or get help."""
from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals")
