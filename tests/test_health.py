from datetime import timedelta

import pytest

from portal import create_app
from portal.core.timeutil import utcnow
from portal.extensions import babel, db
from portal.notifications.models import OutboxMessage
from tests.conftest import PageChecker

SETTINGS = {"TESTING": True, "SECRET_KEY": "x", "RATELIMIT_STORAGE_URI": "memory://"}


def test_healthz_answers_when_every_part_is_there(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "templates": "ok",
        "translations": "ok",
        "static": "ok",
    }


@pytest.fixture
def app_without_database(tmp_path, monkeypatch):
    """An app whose database is gone, with a session of its own rather than the test's connection."""
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.sqlite3'}"
    return create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": unreachable})


def test_healthz_is_503_when_the_database_is_gone(app_without_database):
    response = app_without_database.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "unreachable"


def test_a_page_needing_the_database_shows_a_translated_503_when_it_is_gone(app_without_database):
    soup = PageChecker(app_without_database.test_client())("/", expected_status=503)
    assert "Dịch vụ tạm thời không sẵn sàng" in soup.find("h1").get_text()


@pytest.fixture
def make_app(database_url):
    """Another app on the test database, to be broken in one way (the session's app stays whole)."""

    def make(**config):
        return create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, **config})

    return make


def test_healthz_is_503_without_the_templates(make_app, tmp_path):
    app = make_app()
    app.jinja_loader.searchpath = [str(tmp_path)]
    app.jinja_env.cache.clear()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert (response.json["status"], response.json["templates"]) == ("unavailable", "missing")


def test_healthz_is_503_without_the_compiled_translations(make_app, tmp_path, monkeypatch):
    """What an installed package without its .mo files did: every page in English under <html lang="vi">."""
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    # Flask-Babel keeps the catalogs it loaded for every app in the process: this app must look for its own.
    monkeypatch.setattr(babel.domain_instance, "cache", {})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert (response.json["status"], response.json["translations"]) == ("unavailable", "missing")


def test_healthz_is_503_without_the_static_files(make_app, tmp_path):
    app = make_app()
    app.static_folder = str(tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert (response.json["status"], response.json["static"]) == ("unavailable", "missing")


def test_healthz_detail_shows_the_mail_backlog_and_its_age(client, db_session):
    queued_at = utcnow() - timedelta(minutes=5)
    db_session.add(OutboxMessage(kind="test", recipient="nguoidan@example.vn", language="vi", subject="Thư",
                                 body="Nội dung\n", created_at=queued_at, next_attempt_at=queued_at,
                                 last_error="ConnectionRefusedError: [Errno 111] Connection refused"))
    db_session.flush()
    detail = client.get("/healthz?detail=1").json
    assert detail["status"] == "ok" and detail["mail"]["waiting"] == 1 and detail["mail"]["failing"] == 1
    assert 300 <= detail["mail"]["oldest_age_seconds"] < 360
    assert "nguoidan" not in client.get("/healthz?detail=1").get_data(as_text=True)
