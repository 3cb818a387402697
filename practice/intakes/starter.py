"""Reference data every practice starts with (inserted by a data migration)."""
from practice.core.extensions import db

#: Only "Type 1 - Immune hypersensitivity" of the eight-type scheme is public; the practice
#: adds its own types in Settings.
STARTER_CONDITION_TYPES = [
    {"name": "Type 1 - Immune hypersensitivity", "position": 1,
     "description": "A practitioner's classification (qigong), not a medical diagnosis: "
                    "fibromyalgia with swollen or tender nodes, neck and shoulder pain, "
                    "fatigue and fog."},
    {"name": "Not typed", "position": 99,
     "description": "No condition profile assigned yet."},
]


def load_starter_condition_types() -> None:
    from practice.intakes.models import ConditionType

    for row in STARTER_CONDITION_TYPES:
        db.session.add(ConditionType(**row))
