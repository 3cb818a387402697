"""Extension objects, created once and bound to the app in ``create_app``."""
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from practice.core.database import Base

#: Loaded rows stay usable after the request's one commit (see ``core/unit_of_work.py``).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
#: Batch mode lets SQLite alter tables; compare_type catches column type changes.
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
bootstrap = Bootstrap5()
