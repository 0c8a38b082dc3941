from portal import create_app


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": unreachable, "SECRET_KEY": "x"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_a_page_needing_the_database_shows_a_translated_503_when_it_is_gone(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": unreachable, "SECRET_KEY": "x"})
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "Dịch vụ tạm thời không sẵn sàng" in response.get_data(as_text=True)
