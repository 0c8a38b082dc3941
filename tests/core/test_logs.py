"""Logs never hold a private link's token, a credential or a database statement's parameters."""

import io
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core.logs import RedactingGunicornLogger, protect, redact
from portal.extensions import db

SECRET = "Zq9-secret_Token"
PRIVATE_PATHS = [
    f"/cases/t/{SECRET}",
    f"/cases/t/{SECRET}/receipt",
    f"/cases/t/{SECRET}/files/3",
    f"/my-cases/{SECRET}",
    f"/disclosures/follow/confirm/{SECRET}",
    f"/disclosures/follow/stop/{SECRET}",
    f"/accounts/invitations/{SECRET}",
    f"/open311/v2/requests/PA-00000-00000.json?token={SECRET}",
    f"/open311/v2/requests/PA-00000-00000.json?lang=vi&token={SECRET}&x=1",
]


@pytest.mark.parametrize("path", PRIVATE_PATHS)
def test_private_links_lose_their_token(path):
    redacted = redact(f'203.0.113.9 - - "GET {path} HTTP/1.1" 200 -')
    assert SECRET not in redacted and "[redacted]" in redacted


@pytest.mark.parametrize("path", ["/cases/track?code=PA-00000-00000", "/my-cases/sent", "/cases/PA-00000-00000",
                                  "/disclosures/follow", "/disclosures/tokens"])
def test_other_addresses_are_kept_whole(path):
    assert redact(path) == path


def test_flask_and_the_development_server_log_without_tokens(app, caplog):
    caplog.set_level(logging.INFO)
    app.logger.error("Exception on %s [%s]", f"/cases/t/{SECRET}", "GET")
    logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "now", f"GET /my-cases/{SECRET} HTTP/1.1",
                                       200)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2 and not any(SECRET in message for message in messages)
    assert messages[0] == "Exception on /cases/t/[redacted] [GET]"


def test_gunicorns_access_log_has_no_token_and_no_credential(tmp_path):
    log = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(log))
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s %({authorization}i)s %({cookie}i)s')
    logger = RedactingGunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/cases/t/{SECRET}?token={SECRET}",
        "PATH_INFO": f"/cases/t/{SECRET}",
        "QUERY_STRING": f"token={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portal.example.vn/my-cases/{SECRET}",
    }
    request = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {SECRET}"), ("COOKIE", f"session={SECRET}")])
    response = SimpleNamespace(status="200 OK", sent=12, headers=[("Content-Type", "text/html")])
    logger.access(response, request, environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = log.read_text()
    assert "203.0.113.9" in line and "/cases/t/[redacted]" in line and "/my-cases/[redacted]" in line
    assert SECRET not in line and line.count("[redacted]") == 7


def test_gunicorn_started_from_the_project_uses_the_redacting_logger():
    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    config = Config()
    config.set("logger_class", settings["logger_class"])
    assert config.logger_class is RedactingGunicornLogger


def test_a_database_error_is_logged_without_the_rows_values(app, db_session, caplog):
    assert db.engine.hide_parameters
    email = "citizen.private@example.vn"
    db_session.add(User(email=email, full_name="Một"))
    db_session.flush()
    with pytest.raises(IntegrityError) as error, db_session.begin_nested():
        db_session.execute(text("INSERT INTO users (email, full_name, is_enabled, created_at, session_version) "
                                "VALUES (:email, :name, true, CURRENT_TIMESTAMP, 0)"), {"email": email, "name": "Hai"})
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(error.value)
    caplog.set_level(logging.ERROR)
    try:
        raise error.value
    except IntegrityError:
        app.logger.exception("Exception on %s [POST]", f"/cases/t/{SECRET}/info")
    assert "IntegrityError" in caplog.text and "[SQL parameters hidden" in caplog.text
    assert email not in caplog.text and SECRET not in caplog.text


def test_the_workers_and_services_logs_are_redacted_through_their_handlers():
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    protect(handler)
    logger = logging.getLogger("portal.notifications.services")
    logger.addHandler(handler)
    try:
        logger.warning("Mail %s to be retried: %s", 7, "550 5.1.1 <binh.le@example.vn>: user unknown")
    finally:
        logger.removeHandler(handler)
    assert written.getvalue() == "Mail 7 to be retried: 550 5.1.1 <[email]>: user unknown\n"
