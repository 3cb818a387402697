"""Qi Practice: client records for medical qigong practitioners."""
import importlib
import logging
import pkgutil
import secrets
from pathlib import Path

from flask import Flask

from config import Config, ProductionConfig
from practice.core.converters import RecordIdConverter
from practice.core.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from practice.core.security import CleanFormRequest

TEMPLATE_FOLDER = Path(__file__).resolve().parent.parent / "templates"


def create_app(config_class: type[Config] | None = None) -> Flask:
    import os

    if config_class is None:
        config_class = ProductionConfig if os.environ.get("PRACTICE_ENV") == "production" else Config
    if config_class is ProductionConfig:
        ProductionConfig.check()
    app = Flask(__name__, template_folder=str(TEMPLATE_FOLDER), instance_relative_config=True)
    app.config.from_object(config_class)
    app.url_map.converters["int"] = RecordIdConverter
    _configure_instance(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.request_class = CleanFormRequest
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def _configure_instance(app: Flask) -> None:
    """Development defaults that live in ``instance/``: the database and a stable secret key."""
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'practice.sqlite3'}"
    if not app.config.get("SECRET_KEY"):
        instance.mkdir(parents=True, exist_ok=True)
        key_file = instance / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.testing and app.config.get("MAIL_SERVER") is None and app.debug:
        app.config.setdefault("MAIL_OUTBOX", str(instance / "outbox"))
    logging.basicConfig(level=logging.INFO if not app.testing else logging.WARNING)


def register_extensions(app: Flask) -> None:
    import practice.models  # noqa: F401  (every mapper known before first use)
    from practice.auth.sessions import user_for_session
    from practice.core import form_rendering

    form_rendering.install()

    db.init_app(app)
    from practice.notes_search.index import include_object

    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"),
                     include_object=include_object)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        # The cookie names a server-side session; its row decides (practice/auth/sessions.py).
        return user_for_session(session_id)


def register_blueprints(app: Flask) -> None:
    """Every feature package that defines ``bp``, with its route modules (``routes.py``,
    ``*_routes.py``) imported so their views are attached first."""
    import practice

    for feature in pkgutil.iter_modules(practice.__path__):
        if not feature.ispkg:
            continue
        package = importlib.import_module(f"practice.{feature.name}")
        blueprint = getattr(package, "bp", None)
        if blueprint is None:
            continue
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "routes" or module.name.endswith("_routes"):
                importlib.import_module(f"practice.{feature.name}.{module.name}")
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from practice.core import errors, kept_forms, once, request_log, security, unit_of_work
    from practice.core.access import require_login

    request_log.init_app(app)
    app.before_request(require_login)
    kept_forms.init_app(app)
    once.init_app(app)
    app.after_request(security.set_security_headers)
    unit_of_work.init_app(app)
    errors.register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from practice.core import formatting, navigation

    formatting.register(app)
    navigation.register(app)


def register_commands(app: Flask) -> None:
    from practice import cli

    cli.register(app)
