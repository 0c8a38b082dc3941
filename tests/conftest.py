"""Test harness: one migrated database per run, each test inside a transaction that is rolled back.

The suite runs on SQLite always; with PORTAL_TEST_DATABASE_URL set it runs on that
PostgreSQL database instead (`.ci/run` runs it both ways). `--vietnam-time=23:30` runs every test with the clock
pinned at that time of today in Vietnam (moving on from there), to find code that takes a date from the wrong clock.
"""

import os
from collections import Counter
from datetime import UTC, datetime

import flask_babel
import pyotp
import pytest
from bs4 import BeautifulSoup
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import text
from werkzeug.test import encode_multipart

from portal import create_app
from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import hash_password
from portal.core import cache, httpcache
from portal.core.timeutil import local_date
from portal.extensions import db, limiter
from portal.units.models import Unit, UnitKind, UnitSource
from tests.clock import VIETNAM_HOURS, pinned, vietnam_time

pytest_plugins = ["tests.case_fixtures"]

TEST_PASSWORD = "correct horse battery staple"
NEW_UNIT = object()


def pytest_addoption(parser):
    parser.addoption(
        "--vietnam-time",
        metavar="HH:MM",
        help="pin the clock at this time of today in Vietnam for every test (it moves on from there)",
    )


@pytest.fixture(autouse=True, scope="session")
def vietnam_time_of_the_run(request):
    hhmm = request.config.getoption("--vietnam-time")
    if not hhmm:
        yield None
        return
    moment = vietnam_time(local_date(datetime.now(UTC)), hhmm)
    with pinned(moment, tick=True):
        yield moment


@pytest.fixture(params=VIETNAM_HOURS, ids=lambda hhmm: f"vn{hhmm.replace(':', '')}")
def vietnam_hour(request):
    """A date-sensitive test runs once per hour of VIETNAM_HOURS: the wall-clock time, "HH:MM"."""
    return request.param


@pytest.fixture
def clock():
    """Pins the clock for the test: clock(moment) stops it there; calling it again moves it. Never sleep."""
    with pinned(datetime.now(UTC)) as traveller:
        yield traveller.move_to


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test-secret-key",
            "PORTAL_BASE_URL": "http://localhost",
            "SERVER_NAME": "localhost",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    # Requests in a test run inside the test's app context, where Flask-Babel keeps the locale it chose first
    # (often while a service ran outside any request): each request chooses its own, as in production.
    app.before_request(flask_babel.refresh)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    yield app
    with app.app_context():
        db.engine.dispose()


class _ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy picks an engine per model; in tests everything must go through the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind or self.bind


@pytest.fixture(autouse=True)
def db_session(app):
    """Every test runs in one outer transaction that is rolled back; commits become savepoints."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _ConnectionBoundSession}
        )
        limiter.reset()
        cache.clear_all()  # values built from rows an earlier test's rolled-back transaction wrote
        httpcache.forget_pages()
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def english_messages():
    """For tests that match services' messages in English: outside a request they speak Vietnamese, the default."""
    with flask_babel.force_locale("en"):
        yield


@pytest.fixture
def english_pages(client):
    """For view tests that read English text: the language cookie, as the language switch sets it."""
    client.set_cookie("lang", "en")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def create_unit(db_session):
    counter = iter(range(1, 1_000_000))

    def create(name="Xã Tân Trung", kind=UnitKind.commune, parent=None, code=None, **fields):
        unit = Unit(
            name=name,
            kind=kind,
            parent=parent,
            code=code or f"T{next(counter):05d}",
            source=fields.pop("source", UnitSource.manual),
            division_type=fields.pop("division_type", ""),
            **fields,
        )
        db_session.add(unit)
        db_session.flush()
        return unit

    return create


@pytest.fixture
def create_user(db_session, create_unit):
    """An official; by default with a password and a confirmed second factor, a handler of a new commune.

    `unit=None` with role site_admin makes a whole-site administrator.
    """
    counter = iter(range(1, 1_000_000))

    def create(email=None, full_name="Nguyễn Văn An", role=Role.handler, unit=NEW_UNIT, with_totp=True, **fields):
        user = User(
            email=email or f"official{next(counter)}@example.vn",
            full_name=full_name,
            password_hash=hash_password(fields.pop("password", TEST_PASSWORD)),
            **fields,
        )
        if with_totp:
            user.totp_secret = pyotp.random_base32()
            user.totp_confirmed_at = datetime.now(UTC)
        db_session.add(user)
        if role is not None:
            db_session.add(Membership(user=user, unit=create_unit() if unit is NEW_UNIT else unit, role=role))
        db_session.flush()
        return user

    return create


def multipart_in_memory(data: dict) -> dict:
    """A browser's multipart body, encoded whole in memory: the test client spools one over 500 KB to a temporary
    file it never closes, and the warning would fail the test."""
    boundary, body = encode_multipart(data)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


class PageChecker:
    """Fetch a page and check the invariants every page must keep, then hand back the parsed HTML."""

    def __init__(self, client):
        self.client = client

    def __call__(self, url, *, method="get", expected_status=200, follow_redirects=False, **kwargs):
        response = getattr(self.client, method)(url, follow_redirects=follow_redirects, **kwargs)
        assert response.status_code == expected_status, response.get_data(as_text=True)[:2000]
        if response.mimetype != "text/html":
            return response
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        check_page_invariants(soup)
        soup.response = response
        return soup


def check_page_invariants(soup: BeautifulSoup) -> None:
    html = soup.find("html")
    assert html is not None and html.get("lang") in {"vi", "en"}
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    title = soup.find("title").get_text(" ", strip=True)
    assert title.startswith(headings[0].get_text(" ", strip=True)), (title, headings[0].get_text())
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [key for key, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert soup.find("main") is not None
    labelled = {label.get("for") for label in soup.find_all("label")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        assert field.get("id") in labelled or field.get("aria-label") or field.find_parent("label"), (
            f"unlabelled field {field}"
        )
    for tag in soup.find_all(["script", "link", "img", "iframe"]):
        source = tag.get("src") or tag.get("href") or ""
        assert not source.startswith(("http://", "https://", "//")), f"external asset {source}"


@pytest.fixture
def page(client):
    return PageChecker(client)


@pytest.fixture
def login(client):
    """Sign an official in through the real two-step form."""

    def sign_in(user, password=TEST_PASSWORD):
        response = client.post("/accounts/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        code = pyotp.TOTP(user.totp_secret).now()
        response = client.post("/accounts/login/code", data={"code": code})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in
