"""The ``admin`` blueprint, and what the admin feature plugs into the app when registered."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.record_once
def _install_practice_settings(state: BlueprintSetupState) -> None:
    """Hand the stored time zone to practice/formatting.py, and helpers to templates.

    ``practice_settings()`` in a template gives the practice's name and handout contact
    details; ``|action_label`` puts an audit action into words.
    """
    from practice.admin.action_labels import describe_action
    from practice.admin.settings_services import practice_settings, stored_timezone_name

    state.app.extensions["practice_timezone_loader"] = stored_timezone_name
    state.app.add_template_global(practice_settings)
    state.app.add_template_filter(describe_action, "action_label")
