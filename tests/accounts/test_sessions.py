"""Sessions end when they should, on every device and every copy of the cookie; the lockout is per address."""

from datetime import UTC, datetime

import pyotp
import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from tests.conftest import TEST_PASSWORD

ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


class Browser(FlaskClient):
    """A browser of its own. A test's requests share the test's app context, where Flask-Login keeps the user it
    loaded: each request here loads its user from its own cookie, as it does in production."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        return super().open(*args, **kwargs)


@pytest.fixture(autouse=True)
def browsers(app):
    saved, app.test_client_class = app.test_client_class, Browser
    yield
    app.test_client_class = saved


def _signed_in(app, user, address=OFFICE):
    """A browser of its own, signed in through both steps from `address`."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    response = browser.post("/accounts/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/accounts/login/code", response.get_data(as_text=True)[:500]
    response = browser.post("/accounts/login/code", data={"code": _unused_code(user)})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/"
    return browser


def _unused_code(user) -> str:
    """A code the portal accepts now and that this official has not used yet (a code is good once; the portal allows
    one time step of clock drift either side, so an official can sign in up to three times within a step)."""
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(datetime.now(UTC))
    counter = next(step for step in (current - 1, current, current + 1) if step > (user.totp_last_counter or -1))
    return totp.generate_otp(counter)


def _copy_of(app, browser):
    """Another browser holding a copy of the session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def _is_signed_in(browser) -> bool:
    response = browser.get("/casework/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_cookie_copied_before_sign_out_no_longer_opens_casework(app, create_user):
    user = create_user()
    browser = _signed_in(app, user)
    thief = _copy_of(app, browser)
    assert _is_signed_in(thief)
    assert browser.post("/accounts/logout").status_code == 302
    response = thief.get("/casework/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login")


def test_signing_out_ends_the_sessions_on_other_devices_too(app, create_user):
    user = create_user()
    laptop, phone = _signed_in(app, user), _signed_in(app, user)
    laptop.post("/accounts/logout")
    assert not _is_signed_in(phone)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, create_user):
    user = create_user()
    browser, elsewhere = _signed_in(app, user), _signed_in(app, user)
    thief = _copy_of(app, elsewhere)
    new = "a brand new password 2026"
    response = browser.post("/accounts/password", data={"current": TEST_PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert _is_signed_in(browser)
    assert not _is_signed_in(elsewhere) and not _is_signed_in(thief)


def test_a_reset_second_factor_ends_the_officials_sessions(app, create_user):
    official = create_user()
    admin = _signed_in(app, create_user(role=Role.site_admin, unit=None))
    browser = _signed_in(app, official)
    assert admin.post(f"/accounts/users/{official.id}/reset-second-factor").status_code == 302
    assert not _is_signed_in(browser)
    assert _is_signed_in(admin)


def test_an_administrator_ends_an_officials_sessions(app, page, create_user, login, db_session):
    official = create_user()
    browser = _signed_in(app, official)
    thief = _copy_of(app, browser)
    admin = create_user(role=Role.site_admin, unit=None)
    login(admin)
    soup = page(f"/accounts/users/{official.id}")
    form = soup.select_one(f"form[action='/accounts/users/{official.id}/end-sessions']")
    assert form is not None and form.select_one("button[type=submit]")
    soup = page(f"/accounts/users/{official.id}/end-sessions", method="post", follow_redirects=True)
    assert soup.select_one(".flash-success")
    assert not _is_signed_in(browser) and not _is_signed_in(thief)
    assert _is_signed_in(_signed_in(app, official))
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "accounts.sessions_ended")).one()
    assert (event.actor_id, event.subject_id) == (admin.id, str(official.id))


def test_a_handler_cannot_end_another_officials_sessions(app, create_user, login):
    official = create_user()
    browser = _signed_in(app, official)
    client = login(create_user())
    assert client.post(f"/accounts/users/{official.id}/end-sessions").status_code == 403
    assert _is_signed_in(browser)


@pytest.mark.parametrize("attempts", [5, 50])
def test_wrong_passwords_from_a_stranger_do_not_lock_the_official_out(app, create_user, db_session, attempts):
    user = create_user()
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = ATTACKER
    for _ in range(attempts):
        response = stranger.post("/accounts/login", data={"email": user.email, "password": "wrong password!"})
        assert response.status_code in (422, 429)
    locked = stranger.post("/accounts/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert locked.status_code in (422, 429)
    assert _is_signed_in(_signed_in(app, user, OFFICE))
    locks = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "accounts.locked")).all()
    assert [event.ip_address for event in locks] == [ATTACKER]
