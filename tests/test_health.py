import pytest

from portal import create_app
from portal.extensions import db


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.fixture
def app_without_database(tmp_path, monkeypatch):
    """An app whose database is gone, with a session of its own rather than the test's connection."""
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.sqlite3'}"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": unreachable, "SECRET_KEY": "x"})


def test_healthz_is_503_when_the_database_is_gone(app_without_database):
    response = app_without_database.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_a_page_needing_the_database_shows_a_translated_503_when_it_is_gone(app_without_database):
    response = app_without_database.test_client().get("/")
    assert response.status_code == 503
    assert "Dịch vụ tạm thời không sẵn sàng" in response.get_data(as_text=True)
