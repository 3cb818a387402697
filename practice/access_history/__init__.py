"""“Who saw my record”: the client's own view of the audit trail."""
from flask import Blueprint

bp = Blueprint("access_history", __name__, url_prefix="/portal/access")
