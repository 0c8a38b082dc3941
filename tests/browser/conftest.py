"""Browser journeys: a real headless Chromium (Debian's package) drives the portal served on a local port.

The portal runs in a thread with its own SQLite database, migrated and loaded with the
demo data, because what the browser sees must be committed.
"""

import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from portal import create_app
from portal.demo.samples import publish_sample_plans
from portal.demo.services import load_demo_data
from portal.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    missing = None
    if not CHROMIUM.exists():
        missing = "Chromium is not installed (apt-get install chromium); .ci/run installs it"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(autouse=True)
def db_session():
    """Browser journeys read what the live server committed, so they do not run inside a rolled-back transaction."""
    yield None


def _closed_before_sending(app):
    """Werkzeug's development server reads the socket before it closes a response, so a browser that resets the
    connection (a cancelled favicon, a page left mid-load) leaves a static file open, and the warning that follows
    fails whichever journey is running. The journeys' server is therefore handed bodies already read and closed."""

    def application(environ, start_response):
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return application


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("browser") / "portal.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "browser-tests",
            "PORTAL_BASE_URL": "http://127.0.0.1",
            "RATELIMIT_STORAGE_URI": "memory://",
            "PORTAL_UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    with app.app_context():
        upgrade()
        load_demo_data()
        publish_sample_plans()
        db.session.commit()
    server = make_server("127.0.0.1", 0, _closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.portal = app
    yield server
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(browser):
    """Pages must work with JavaScript off."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshots(tmp_path_factory):
    """Where journeys leave screenshots for a person to look at after a run."""
    folder = Path(tmp_path_factory.getbasetemp()) / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


def sign_in_first_time(page, base_url: str, email: str) -> None:
    """Sign a demo official in through the real pages, setting up the second factor as a person would."""
    import pyotp

    from portal.demo.services import DEMO_PASSWORD

    page.goto(base_url + "/accounts/login")
    page.get_by_label("Địa chỉ email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()


def has_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def choose_place(page, query: str, code: str) -> None:
    """Find the place by name as a citizen does, and pick it if the portal lists several. The search is a page
    load: it is awaited before the list is read, or a list not yet shown reads as empty."""
    page.fill("#place_query", query)
    with page.expect_navigation():
        page.get_by_role("button", name="Tìm địa điểm").click()
    matches = page.locator(f"ul.place-matches a[href$='place={code}']")
    if matches.count():
        with page.expect_navigation():
            matches.click()
    assert page.locator("#place").input_value() == code
