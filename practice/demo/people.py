"""Who is in the demo practice. Names and details are invented."""
from datetime import date

DOMAIN = "demo.qi-practice.org"

PRACTICE = {
    "admins": [{"name": "Alex Morgan", "email": f"admin@{DOMAIN}"}],
    "practitioners": [
        {
            "name": "Mei Lin Chen",
            "email": f"mei.chen@{DOMAIN}",
            "clients": [
                {"given": "Hannah", "family": "Price", "born": date(1979, 4, 12),
                 "pronouns": "she/her", "phone": "+44 113 496 0101", "portal": True,
                 "emergency": ("Tom Price", "+44 113 496 0102")},
                {"given": "Graham", "family": "Whitfield", "born": date(1966, 9, 3),
                 "pronouns": "he/him", "phone": "+44 113 496 0111", "portal": True,
                 "emergency": ("Susan Whitfield", "+44 113 496 0112")},
                {"given": "Priya", "family": "Nair", "born": date(1988, 1, 25),
                 "pronouns": "she/her", "phone": "+44 113 496 0121", "portal": False,
                 #: Her due date, in days from the day the demo is seeded (10 weeks pregnant
                 #: at her first intake, 108 days before: about 25 weeks now).
                 "due_in_days": 102,
                 "emergency": ("Arjun Nair", "+44 113 496 0122")},
            ],
        },
        {
            "name": "Daniel Okafor",
            "email": f"daniel.okafor@{DOMAIN}",
            "clients": [
                {"given": "Rosa", "family": "Martinez", "born": date(1972, 11, 8),
                 "pronouns": "she/her", "phone": "+44 161 496 0131", "portal": True,
                 "emergency": ("Luis Martinez", "+44 161 496 0132")},
                {"given": "Sam", "family": "Taylor", "born": date(1990, 6, 17),
                 "pronouns": "they/them", "phone": "+44 161 496 0141", "portal": True,
                 "emergency": ("Jo Taylor", "+44 161 496 0142")},
                {"given": "Margaret", "family": "O'Brien", "born": date(1958, 2, 28),
                 "pronouns": "she/her", "phone": "+44 161 496 0151", "portal": False,
                 "emergency": ("Kevin O'Brien", "+44 161 496 0152")},
            ],
        },
    ],
}
