"""The ``plans`` blueprint object, shared by the template and plan view modules."""
from flask import Blueprint, current_app

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.app_template_global()
def endpoint_exists(endpoint: str) -> bool:
    """Whether a page is installed, for links to features that may not be there yet."""
    return endpoint in current_app.view_functions
