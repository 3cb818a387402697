"""The navigation bar for each role; links whose feature is not installed are skipped."""
from flask import Flask, current_app
from flask_login import current_user

from practice.auth.models import Role

NAVIGATION = {
    Role.PRACTITIONER: [
        ("home.index", "Today"),
        ("clients.index", "Clients"),
        ("plans.templates", "Plan templates"),
        ("exercises.index", "Exercises"),
    ],
    Role.CLIENT: [
        ("portal.today", "Today"),
        ("portal.checkin", "Check-in"),
        ("portal.history", "History"),
        ("portal.program", "My program"),
        ("access_history.index", "Who saw my record"),
    ],
    Role.ADMIN: [
        ("admin.accounts", "Accounts"),
        ("admin.exports", "Exports"),
        ("admin.audit_log", "Audit log"),
        ("admin.settings", "Settings"),
    ],
}


def navigation_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label in NAVIGATION[current_user.role]
            if endpoint in current_app.view_functions]


def register(app: Flask) -> None:
    app.add_template_global(navigation_items)
