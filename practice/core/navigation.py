"""The navigation bar for each role."""
from flask import Flask
from flask_login import current_user

from practice.core.roles import Role

NAVIGATION = {
    Role.PRACTITIONER: [
        ("home.index", "Today"),
        ("appointments.week", "Week"),
        ("clients.index", "Clients"),
        ("plans.templates", "Plan templates"),
        ("exercises.index", "Exercises"),
        ("notes_search.index", "Search notes"),
        ("outcomes.index", "Outcomes"),
    ],
    Role.CLIENT: [
        ("portal.today", "Today"),
        ("portal.checkin", "Check-in"),
        ("appointments.mine", "Appointments"),
        ("portal.history", "History"),
        ("portal.program", "My program"),
        ("printouts.my_record", "My record"),
        ("portal.messages", "Messages"),
        ("access_history.index", "Who saw my record"),
    ],
    Role.ADMIN: [
        ("admin.accounts", "Accounts"),
        ("admin.exports", "Exports"),
        ("admin.audit_log", "Audit log"),
        ("outcomes.index", "Outcomes"),
        ("admin.settings", "Settings"),
    ],
}


def navigation_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    return NAVIGATION[current_user.role]


def register(app: Flask) -> None:
    app.add_template_global(navigation_items)
