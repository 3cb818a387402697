"""The demo practice's settings: its name, time zone and the contact details on handouts."""
from practice.core.extensions import db
from practice.core.settings import SETTINGS_ID, PracticeSettings
from practice.demo.people import DOMAIN

DEMO_SETTINGS = {
    "practice_name": "Riverside Qigong Practice",
    "timezone": "Europe/London",
    "address": "2 Mill Lane\nLeeds LS1 4AB",
    "phone": "+44 113 496 0000",
    "email": f"hello@{DOMAIN}",
    "website": "https://www.example.org/riverside-qigong",
}


def seed_settings(context) -> None:
    settings = PracticeSettings(id=SETTINGS_ID, updated_by_id=context.admins[0].id, **DEMO_SETTINGS)
    db.session.add(settings)
