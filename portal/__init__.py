"""The grassroots democracy portal: create_app builds one application; nothing is made at import time.

Templates, static files, migrations and translations are found inside this package (portal/templates, static and
migrations link to the folders at the top of the repository and are copied into a wheel), so the app runs the same
from a checkout and installed, from any working directory.
"""

from pathlib import Path

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    from portal.config import instance_path_from_environment, settings_from_environment

    app = Flask(__name__, instance_path=instance_path_from_environment())
    app.config.update(settings_from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    from portal import web
    from portal.core import guard, logs

    logs.install(app)
    web.init_extensions(app)
    guard.install(app)
    web.register_blueprints(app)
    web.init_templates(app)
    web.register_error_handlers(app)
    web.register_security_headers(app)
    web.open_front_door(app)

    from portal.cli import register_commands

    register_commands(app)
    return app
