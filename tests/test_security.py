"""Security basics that hold on every page: CSRF, cookie flags, password hashing, private pages."""

import pytest

from portal import create_app
from portal.accounts.passwords import hash_password
from tests.conftest import PageChecker


@pytest.fixture
def production_like_app(database_url):
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                       "PORTAL_BASE_URL": "https://portal.example.vn", "SESSION_COOKIE_SECURE": True})


def test_forms_without_a_csrf_token_are_refused_with_what_was_typed(production_like_app):
    client = production_like_app.test_client()
    soup = PageChecker(client)("/accounts/login", method="post", expected_status=422,
                               data={"email": "a@b.vn", "password": "x"})
    assert soup.select_one("input[name=email]")["value"] == "a@b.vn"
    assert soup.select_one(".error-summary") is not None
    assert client.get("/accounts/").status_code == 302


def test_the_session_cookie_is_secure_httponly_and_lax(production_like_app):
    client = production_like_app.test_client()
    client.get("/accounts/login")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"


def test_https_base_url_turns_on_secure_cookies(monkeypatch, tmp_path):
    from portal.config import settings_from_environment

    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example.vn")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert settings_from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is True


def test_secret_key_is_generated_once_and_kept_out_of_the_code(monkeypatch, tmp_path):
    from portal.config import settings_from_environment

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = settings_from_environment(tmp_path)["SECRET_KEY"]
    assert len(first) >= 64 and settings_from_environment(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_passwords_are_hashed_with_argon2id():
    assert hash_password("correct horse battery staple").startswith("$argon2id$")


def test_private_pages_are_not_cacheable(client):
    assert client.get("/accounts/login").headers["Cache-Control"] == "no-store"
