"""What an app process needs besides its database to serve real pages: a process that answers while it cannot
render a page, or renders it in English under `<html lang="vi">`, must fail its health check, not pass it."""

from pathlib import Path

from flask import Flask
from flask_babel import force_locale, get_translations
from jinja2 import TemplateNotFound
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.core.i18n import LANGUAGES
from portal.extensions import db

SOURCE_LANGUAGE = "en"  # the msgids: English needs no catalog
STYLESHEET = "css/portal.css"


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "unreachable"
    return "ok"


def _templates(app: Flask) -> str:
    try:
        app.jinja_env.get_template("base.html")
    except TemplateNotFound:
        return "missing"
    return "ok"


def _translations() -> str:
    """The catalogs this process loaded (Flask-Babel keeps what it found first, so a catalog that appears later
    needs a restart, and this keeps failing until then)."""
    for code in LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        with force_locale(code):
            if not getattr(get_translations(), "files", None):
                return "missing"
    return "ok"


def _static(app: Flask) -> str:
    return "ok" if app.static_folder and (Path(app.static_folder) / STYLESHEET).is_file() else "missing"


def check_health(app: Flask) -> dict[str, str]:
    """Each part's state, "ok" or why not; called inside a request."""
    return {
        "database": _database(),
        "templates": _templates(app),
        "translations": _translations(),
        "static": _static(app),
    }
