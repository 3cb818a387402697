"""Qi Practice: client records for medical qigong practitioners."""
import logging
import secrets
from pathlib import Path

from flask import Flask

from config import Config, ProductionConfig
from practice.extensions import bootstrap, csrf, db, limiter, login_manager, migrate

TEMPLATE_FOLDER = Path(__file__).resolve().parent.parent / "templates"


def create_app(config_class: type[Config] | None = None) -> Flask:
    import os

    if config_class is None:
        config_class = ProductionConfig if os.environ.get("PRACTICE_ENV") == "production" else Config
    if config_class is ProductionConfig:
        ProductionConfig.check()
    app = Flask(__name__, template_folder=str(TEMPLATE_FOLDER), instance_relative_config=True)
    app.config.from_object(config_class)
    _configure_instance(app)
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
    from practice.auth.models import User

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
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
        user_id, _, stamp = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active or user.security_stamp != stamp:
            return None
        return user


def register_blueprints(app: Flask) -> None:
    from practice.admin.views import bp as admin_bp
    from practice.auth.views import bp as auth_bp
    from practice.clients.views import bp as clients_bp
    from practice.exercises.views import bp as exercises_bp
    from practice.home.views import bp as home_bp
    from practice.plans.views import bp as plans_bp
    from practice.portal.access_history import bp as access_history_bp
    from practice.portal.views import bp as portal_bp
    from practice.progress.views import bp as progress_bp
    from practice.treatments.views import bp as treatments_bp

    for blueprint in (auth_bp, home_bp, admin_bp, clients_bp, exercises_bp, portal_bp, progress_bp,
                      plans_bp, treatments_bp, access_history_bp):
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from practice import errors, security
    from practice.auth.access import require_login

    app.before_request(require_login)
    app.after_request(security.set_security_headers)
    errors.register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from practice import formatting, navigation

    formatting.register(app)
    navigation.register(app)


def register_commands(app: Flask) -> None:
    from practice import cli

    cli.register(app)
