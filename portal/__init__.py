"""The grassroots democracy portal: create_app builds one application; nothing is made at import time."""

from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    from portal.config import settings_from_environment

    app.config.update(settings_from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    from portal import web

    web.init_extensions(app)
    web.register_blueprints(app)
    web.init_templates(app)
    web.register_error_handlers(app)
    web.register_security_headers(app)
    web.open_front_door(app)

    from portal.cli import register_commands

    register_commands(app)
    return app
