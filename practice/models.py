"""Imports every model module so the mappers (and Alembic) see the whole schema."""
from practice.appointments import feeds as appointments_feeds  # noqa: F401
from practice.appointments import hours as appointments_hours  # noqa: F401
from practice.appointments import models as appointments_models  # noqa: F401
from practice.appointments import working_hours as appointments_working_hours  # noqa: F401
from practice.attention import models as attention_models  # noqa: F401
from practice.auth import models as auth_models  # noqa: F401
from practice.clients import models as clients_models  # noqa: F401
from practice.consent import models as consent_models  # noqa: F401
from practice.core import audit, data_stamps, kept_forms, mail, once, settings  # noqa: F401
from practice.core.database import index_foreign_keys  # noqa: E402
from practice.core.extensions import db  # noqa: E402
from practice.exercises import models as exercises_models  # noqa: F401
from practice.intakes import models as intakes_models  # noqa: F401
from practice.notes_search import index as notes_search_index  # noqa: F401
from practice.plans import models as plans_models  # noqa: F401
from practice.precautions import models as precautions_models  # noqa: F401
from practice.progress import models as progress_models  # noqa: F401
from practice.referrals import models as referrals_models  # noqa: F401
from practice.snippets import models as snippets_models  # noqa: F401
from practice.treatments import models as treatments_models  # noqa: F401

#: Migration 0033 made these; a foreign key added later needs its index in its migration.
FOREIGN_KEY_INDEXES = index_foreign_keys(db.metadata)
