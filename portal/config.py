"""Settings, read from the environment once when the app is created.

Every setting is listed with its meaning in the README's "Settings" table.
"""

import os
import secrets
from pathlib import Path


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY, or one generated on first start and kept in the instance folder (never in git)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'portal.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def instance_path_from_environment() -> str | None:
    """PORTAL_INSTANCE_DIR, or None for Flask's choice: `instance/` in a checkout, `<venv>/var/portal-instance` when
    installed, which a new virtual environment would lose; production sets it (see the README)."""
    folder = os.environ.get("PORTAL_INSTANCE_DIR", "")
    return str(Path(folder).resolve()) if folder else None


def settings_from_environment(instance_path: Path) -> dict:
    base_url = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    redis_url = os.environ.get("REDIS_URL", "")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "PORTAL_DATA_KEY": os.environ.get("PORTAL_DATA_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # A failed statement's message would otherwise carry its parameters (citizens' emails, private links) into
        # the server's log.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "PORTAL_BASE_URL": base_url,
        "PORTAL_PROXY_HOPS": int(os.environ.get("PORTAL_PROXY_HOPS", "0")),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "PORTAL_SUBMIT_LIMIT": os.environ.get("PORTAL_SUBMIT_LIMIT", "10 per minute; 100 per day"),
        "PORTAL_TRACK_LIMIT": os.environ.get("PORTAL_TRACK_LIMIT", "20 per minute"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "portal@localhost"),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", base_url.startswith("https://")),
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", base_url.startswith("https://")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("PORTAL_SESSION_MINUTES", "480")) * 60,
        "LOGIN_MAX_FAILURES": int(os.environ.get("PORTAL_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCKOUT_MINUTES": int(os.environ.get("PORTAL_LOGIN_LOCKOUT_MINUTES", "15")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("PORTAL_MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # The text fields of one multipart form, read into memory. Werkzeug's default (500 KB) answered a pasted draft
        # well within its 500,000 characters (consultations.services.MAX_DRAFT, up to 4 bytes each in UTF-8) with a
        # bare 413, losing it; with room for that, a text over its limit comes back in the form with the error.
        "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "PORTAL_UPLOAD_DIR": os.environ.get("PORTAL_UPLOAD_DIR", str(instance_path / "uploads")),
        "WTF_CSRF_TIME_LIMIT": None,
        "API_TITLE": "Grassroots democracy portal API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "components": {"securitySchemes": {"unitToken": {"type": "http", "scheme": "bearer"}}},
        },
    }
