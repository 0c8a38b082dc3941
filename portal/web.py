"""Wiring of extensions, blueprints, templates, errors and headers into one app."""

from pathlib import Path

from flask import Flask, has_request_context, jsonify, make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.core import httpcache, i18n
from portal.core.errors import DomainError, protocol_headers
from portal.core.sanitize import render_rich_text
from portal.extensions import api, babel, csrf, db, limiter, login_manager, migrate

MACHINE_PREFIXES = ("/api/", "/open311/")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
}
# Never kept by a proxy or a shared computer's browser: officials' screens, and a citizen's tracking and private pages.
PRIVATE_PREFIXES = ("/accounts/", "/audit/", "/casework/", "/my-cases/", "/cases/track", "/cases/t/", "/notifications/")


def _configure_sqlite(dbapi_connection, connection_record):
    """Let SQLAlchemy own transactions (so savepoints work) and enforce foreign keys."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_sqlite(conn):
    """A request that may write takes SQLite's write lock when its transaction begins: a deferred transaction
    that read first and then writes fails at once ("database is locked") when another writer committed meanwhile,
    and a citizen's submission must wait its turn (busy_timeout) rather than fail. Pages that only read (GET)
    begin deferred, so readers never queue behind each other; commands and the worker take the lock."""
    reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
    conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def import_models() -> None:
    """Every model module, so that the metadata Alembic compares against is complete."""
    import portal.accounts.models
    import portal.cases.models
    import portal.consultations.models
    import portal.core.audit
    import portal.core.calendar
    import portal.dialogues.models
    import portal.disclosures.models
    import portal.notifications.models
    import portal.periods.models
    import portal.plans.models
    import portal.reception.models
    import portal.routing.models
    import portal.search.models
    import portal.units.models  # noqa: F401


def import_jobs() -> None:
    """Every feature's periodic jobs (portal/core/jobs.py), so that the worker finds them in the registry."""
    import portal.casework.jobs
    import portal.dialogues.jobs
    import portal.disclosures.jobs
    import portal.notifications.jobs
    import portal.plans.jobs  # noqa: F401


def init_extensions(app: Flask) -> None:
    import_models()
    import_jobs()
    if app.config["PORTAL_PROXY_HOPS"]:
        hops = app.config["PORTAL_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure_sqlite)
            event.listen(engine, "begin", _begin_sqlite)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale, default_translation_directories="translations")
    csrf.init_app(app)
    limiter.init_app(app)
    limiter.request_filter(httpcache.is_public_page_request)
    api.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    from portal.accounts.services import load_user

    login_manager.user_loader(load_user)

    from portal.search.index import install as keep_search_index

    keep_search_index()


def register_blueprints(app: Flask) -> None:
    from portal.accounts.views import bp as accounts_bp
    from portal.audit.views import bp as audit_bp
    from portal.calendar.views import bp as calendar_bp
    from portal.cases.api import blp as cases_api
    from portal.cases.views import bp as cases_bp
    from portal.casework.views import bp as casework_bp
    from portal.consultations.api import blp as consultations_api
    from portal.consultations.views import bp as consultations_bp
    from portal.dialogues.api import blp as dialogues_api
    from portal.dialogues.commitment_views import bp as commitments_bp
    from portal.dialogues.views import bp as dialogues_bp
    from portal.disclosures.api import blp as disclosures_api
    from portal.disclosures.feeds import bp as feeds_bp
    from portal.disclosures.views import bp as disclosures_bp
    from portal.health.views import bp as health_bp
    from portal.language.views import bp as language_bp
    from portal.mycases.views import bp as mycases_bp
    from portal.notifications.views import bp as notifications_bp
    from portal.open311.views import bp as open311_bp
    from portal.periods.views import bp as periods_bp
    from portal.plans.api import blp as plans_api
    from portal.plans.authoring_views import bp as plan_authoring_bp
    from portal.plans.views import bp as plans_bp
    from portal.reception.views import bp as reception_bp
    from portal.routing.views import bp as routing_bp
    from portal.search.api import blp as search_api
    from portal.search.views import bp as search_bp
    from portal.statistics.api import blp as statistics_api
    from portal.statistics.views import bp as statistics_bp
    from portal.units.api import blp as units_api
    from portal.units.home import bp as home_bp
    from portal.units.views import bp as units_bp

    for blueprint in (home_bp, language_bp, health_bp, accounts_bp, units_bp, calendar_bp, audit_bp, disclosures_bp,
                      feeds_bp, cases_bp, mycases_bp, casework_bp, routing_bp, periods_bp, open311_bp, statistics_bp,
                      notifications_bp, plans_bp, plan_authoring_bp, consultations_bp, dialogues_bp, commitments_bp,
                      reception_bp, search_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(open311_bp)
    for api_blueprint in (units_api, disclosures_api, cases_api, statistics_api, plans_api, consultations_api,
                          dialogues_api, search_api):
        api.register_blueprint(api_blueprint)
        csrf.exempt(api_blueprint)


def init_templates(app: Flask) -> None:
    from portal.notifications.services import external_url

    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["date"] = i18n.show_date
    app.jinja_env.filters["datetime"] = i18n.show_datetime
    app.jinja_env.filters["weekday"] = i18n.show_weekday
    app.jinja_env.filters["rich_text"] = render_rich_text
    # Mail templates build their own absolute links, so services name no endpoint.
    app.jinja_env.globals["external_url"] = external_url

    @app.context_processor
    def language_context():
        return {
            "languages": i18n.LANGUAGES,
            "current_language": str(get_locale()),
        }


def register_error_handlers(app: Flask) -> None:
    def render_error(status: int, message: str | None = None):
        if request.path.startswith(MACHINE_PREFIXES):
            return jsonify(code=status, status=HTTP_STATUS_CODES.get(status, ""), message=message or ""), status
        return render_template("errors/error.html", status=status, message=message), status

    def http_error(error: HTTPException):
        message = None
        if request.path.startswith(MACHINE_PREFIXES):
            message = (getattr(error, "data", None) or {}).get("message") or error.description
        response = make_response(render_error(error.code or 500, message))
        response.headers.extend(protocol_headers(error))
        return response

    for status in (400, 401, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, http_error)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.http_status, str(error))

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        db.session.rollback()
        return render_error(503)


def open_front_door(app: Flask) -> None:
    """Kept public pages are answered before Flask runs (portal.core.httpcache), with the same headers."""
    app.wsgi_app = httpcache.FrontDoor(app, SECURITY_HEADERS)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if current_user.is_authenticated or request.path.startswith(PRIVATE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
        return response
