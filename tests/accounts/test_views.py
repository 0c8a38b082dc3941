import time

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import passwords, services
from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from tests.conftest import TEST_PASSWORD


def _password_step(client, user, password=TEST_PASSWORD, **kwargs):
    return client.post("/accounts/login", data={"email": user.email, "password": password}, **kwargs)


def _error(soup) -> str:
    return soup.select_one(".error-summary li").get_text(strip=True)


def test_sign_in_takes_two_steps_and_lands_on_the_account_page(page, create_user, login):
    user = create_user(full_name="Trần Thị Lan")
    login(user)
    soup = page("/accounts/")
    assert soup.h1.get_text(strip=True) == "Tài khoản của tôi"
    assert "Trần Thị Lan" in soup.select_one("main p").get_text()


def test_between_the_steps_the_session_holds_only_the_pending_official(client, create_user):
    user = create_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = _password_step(client, user)
    assert response.headers["Location"] == "/accounts/login/code"
    with client.session_transaction() as session:
        assert set(session) == {"pending_user_id", "pending_since"}
        assert session["pending_user_id"] == user.id
    client.post("/accounts/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    with client.session_transaction() as session:
        assert "pending_user_id" not in session and session["_user_id"] == user.get_id()


def test_the_pending_step_expires_after_five_minutes(client, create_user):
    user = create_user()
    _password_step(client, user)
    with client.session_transaction() as session:
        session["pending_since"] = time.time() - 5 * 60 - 1
    response = client.post("/accounts/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/login"
    assert client.get("/accounts/").status_code == 302


def test_wrong_password_and_unknown_email_show_the_same_error(page, create_user):
    user = create_user()
    wrong = page("/accounts/login", method="post",
                 expected_status=422, data={"email": user.email, "password": "nope nope nope"})
    unknown = page("/accounts/login", method="post", expected_status=422,
                   data={"email": "who@example.vn", "password": "nope nope nope"})
    assert _error(wrong) == _error(unknown)
    assert wrong.select_one("#email")["value"] == user.email
    assert not wrong.select_one("#password").get("value")


def test_a_wrong_code_and_a_locked_account_show_the_same_error(app, page, client, create_user):
    user = create_user()
    _password_step(client, user)
    wrong = page("/accounts/login/code", method="post", expected_status=422, data={"code": "abcdef"})
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _password_step(client, user, "wrong password!")
    locked = page("/accounts/login", method="post", expected_status=422,
                  data={"email": user.email, "password": TEST_PASSWORD})
    unknown = page("/accounts/login", method="post", expected_status=422,
                   data={"email": "who@example.vn", "password": "x"})
    assert _error(wrong) == _error(locked) == _error(unknown)


def test_empty_form_gets_field_errors_linked_from_the_summary(page):
    soup = page("/accounts/login", method="post", expected_status=422, data={"email": "", "password": ""})
    links = [a["href"] for a in soup.select(".error-summary a")]
    assert links == ["#email", "#password"]
    assert soup.select_one("#email")["aria-invalid"] == "true"


def test_first_sign_in_sets_up_the_second_factor(page, client, create_user, db_session):
    user = create_user(with_totp=False)
    assert _password_step(client, user).headers["Location"] == "/accounts/login/setup"
    soup = page("/accounts/login/setup")
    secret = soup.select_one("#totp-secret").get_text(strip=True)
    image = soup.select_one(".qr img")
    assert image["src"].startswith("data:image/svg+xml") and image["alt"]
    assert "Cổng dân chủ cơ sở" in soup.select_one("#totp-secret + p.meta").get_text()
    assert page("/accounts/login/setup").select_one("#totp-secret").get_text(strip=True) == secret
    with client.session_transaction() as session:
        assert secret not in str(dict(session))
    response = client.post("/accounts/login/setup", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/"
    assert user.totp_secret == secret and user.has_totp
    assert db_session.scalars(select(AuditEvent).where(AuditEvent.action == "accounts.totp_set_up")).all()
    client.post("/accounts/logout")
    _password_step(client, user)
    assert client.get("/accounts/login/setup").headers["Location"] == "/accounts/login/code"
    assert page("/accounts/login/code").select_one("#totp-secret") is None


def test_a_wrong_setup_code_keeps_the_official_on_the_setup_page(page, client, create_user):
    user = create_user(with_totp=False)
    _password_step(client, user)
    soup = page("/accounts/login/setup", method="post", expected_status=422, data={"code": "12"})
    assert soup.select_one(".error-summary") and soup.select_one("#totp-secret")
    assert not user.has_totp


def test_an_official_without_an_app_is_sent_from_the_code_step_to_the_setup_step(client, create_user):
    user = create_user(with_totp=False)
    _password_step(client, user, query_string={"next": "/accounts/users"})
    response = client.get("/accounts/login/code", query_string={"next": "/accounts/users"})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/login/setup?next=/accounts/users"
    assert client.post("/accounts/login/code", data={"code": "123456"}).headers["Location"] == "/accounts/login/setup"
    assert not user.has_totp


def test_the_code_step_needs_the_password_step_first(client):
    for path in ("/accounts/login/code", "/accounts/login/setup"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/accounts/login"


def test_sign_out_is_a_post_and_is_audited(client, create_user, login, db_session):
    user = create_user()
    login(user)
    assert client.get("/accounts/logout").status_code == 405
    assert client.post("/accounts/logout").status_code == 302
    assert client.get("/accounts/").status_code == 302
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).all()
    assert actions == ["accounts.login", "accounts.logout"]


def test_a_disabled_official_is_signed_out_at_the_next_request(client, create_user, login):
    user = create_user()
    login(user)
    user.is_enabled = False
    response = client.get("/accounts/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login")


def test_signed_in_pages_are_never_cached(client, create_user, login):
    login(create_user())
    assert client.get("/accounts/").headers["Cache-Control"] == "no-store"


def test_account_page_lists_roles_with_links_to_units(page, create_user, create_unit, login):
    commune = create_unit(name="Xã Tân Trung", code="15271")
    login(create_user(role=Role.unit_head, unit=commune))
    soup = page("/accounts/")
    link = soup.select_one(".unit-list a")
    assert link["href"] == "/units/15271" and link.get_text(strip=True) == "Xã Tân Trung"
    assert soup.select_one("a[href='/accounts/users']") is None
    assert soup.select_one("a[href='/audit/']") is None
    assert soup.select_one("form[action='/accounts/password'] input[name='current']")


def test_account_page_links_administrators_to_officials_and_the_log(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page("/accounts/")
    assert soup.select_one("a[href='/accounts/users']") and soup.select_one("a[href='/audit/']")


def test_change_password(page, client, create_user, login):
    user = create_user()
    login(user)
    form = {"current": TEST_PASSWORD, "password": "a brand new password", "confirm": "a brand new password"}
    soup = page("/accounts/password", method="post",
                expected_status=422, data={**form, "confirm": "something else entirely"})
    assert soup.select(".error-summary li")
    soup = page("/accounts/password", method="post", expected_status=422, data={**form, "current": "wrong"})
    assert soup.select_one("#current")["aria-invalid"] == "true"
    assert client.post("/accounts/password", data=form).status_code == 302
    assert passwords.verify_password(user, "a brand new password")


def test_officials_list_is_for_administrators(page, client, create_user, login):
    assert client.get("/accounts/users").headers["Location"].startswith("/accounts/login?next=")
    login(create_user(role=Role.handler))
    page("/accounts/users", expected_status=403)
    page("/accounts/users/invite", expected_status=403)


def test_officials_list_searches(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None, full_name="Quản trị"))
    create_user(full_name="Trần Thị Lân")
    create_user(full_name="Nguyễn Văn An")
    soup = page("/accounts/users?q=lan")
    assert [a.get_text(strip=True) for a in soup.select("tbody td a")] == ["Trần Thị Lân"]
    soup = page("/accounts/users?role=nonsense&q=" + "x" * 100_000)
    assert soup.select(".error-summary li")


def test_administrator_invites_and_the_official_chooses_a_password(page, client, create_user, create_unit, login):
    login(create_user(role=Role.site_admin, unit=None))
    commune = create_unit(name="Xã Tân Trung")
    invite_page = page("/accounts/users/invite")
    assert [field["name"] for field in invite_page.select("main form [name]")] == [
        "full_name",
        "email",
        "unit_code",
        "role",
    ]
    soup = page(
        "/accounts/users/invite",
        method="post",
        data={
            "full_name": "<script>alert(1)</script>",
            "email": "new@example.vn",
            "unit_code": commune.code,
            "role": "handler",
        },
    )
    link = soup.select_one("#invitation-link").get_text(strip=True)
    assert link.startswith("http://localhost/accounts/invitations/")
    listing = page("/accounts/users")
    assert "<script>alert(1)</script>" in [a.get_text() for a in listing.select("td a")]
    assert listing.find("script") is None
    client.post("/accounts/logout")
    path = link.removeprefix("http://localhost")
    assert "<script>" in page(path).select_one("main > p").get_text()
    response = client.post(path, data={"password": "a long new password", "confirm": "a long new password"})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/login"
    assert page(path, expected_status=404).select_one("main p").get_text(strip=True)
    user = services.find_user_by_email("new@example.vn")
    assert _password_step(client, user, "a long new password").headers["Location"] == "/accounts/login/setup"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "a" * 100_000 + "@example.vn"),
        ("full_name", "x" * 100_000),
        ("unit_code", "9" * 100_000),
        ("role", "emperor"),
        ("email", "not an email"),
        ("unit_code", "NOPE"),
    ],
)
def test_invite_refuses_bad_input_with_a_message(page, create_user, create_unit, login, field, value):
    login(create_user(role=Role.site_admin, unit=None))
    data = {"full_name": "Lan", "email": "lan@example.vn", "unit_code": create_unit().code, "role": "handler"}
    soup = page("/accounts/users/invite", method="post", expected_status=422, data={**data, field: value})
    assert soup.select(".error-summary li")
    assert services.find_user_by_email("lan@example.vn") is None


def test_invite_outside_the_admins_units_is_a_form_error(page, create_user, create_unit, login):
    mine, other = create_unit(), create_unit(name="Xã Khác")
    login(create_user(role=Role.unit_admin, unit=mine))
    data = {"full_name": "Lan", "email": "lan@example.vn", "unit_code": other.code, "role": "handler"}
    soup = page("/accounts/users/invite", method="post", expected_status=422, data=data)
    assert soup.select(".error-summary li") and soup.select_one("#invitation-link") is None


def test_inviting_an_existing_official_adds_the_role(page, create_user, create_unit, login):
    login(create_user(role=Role.site_admin, unit=None))
    existing = create_user(email="lan@example.vn")
    data = {"full_name": "Lan", "email": "LAN@example.vn", "unit_code": create_unit().code, "role": "unit_head"}
    soup = page("/accounts/users/invite", method="post", data=data)
    assert soup.select_one("#invitation-link") is None
    assert len(existing.memberships) == 2


def test_unknown_invitation_link_is_a_translated_404(page):
    soup = page("/accounts/invitations/not-a-token", expected_status=404)
    assert soup.h1.get_text(strip=True) == "Không tìm thấy trang"
    assert soup.select_one("main p").get_text(strip=True)


def test_invitation_form_rejects_mismatched_or_short_passwords(page, create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    _, token = services.invite_official(
        admin, services.NewInvitation("x@example.vn", "X", create_unit().code, Role.handler)
    )
    for data in ({"password": "a long new password", "confirm": "other"}, {"password": "short", "confirm": "short"}):
        soup = page(f"/accounts/invitations/{token}", method="post", expected_status=422, data=data)
        assert soup.select(".error-summary li")
    assert services.find_invitation(token)


def test_official_page_actions(page, client, create_user, login, db_session):
    admin = create_user(role=Role.site_admin, unit=None)
    official = create_user(full_name="Trần Thị Lan")
    login(admin)
    soup = page(f"/accounts/users/{official.id}")
    assert soup.h1.get_text(strip=True) == "Trần Thị Lan"
    assert client.post(f"/accounts/users/{official.id}/disable").status_code == 302
    assert not official.is_enabled
    assert client.post(f"/accounts/users/{official.id}/enable").status_code == 302
    assert official.is_enabled
    assert client.post(f"/accounts/users/{official.id}/reset-second-factor").status_code == 302
    assert not official.has_totp
    link = page(f"/accounts/users/{official.id}/reinvite", method="post").select_one("#invitation-link")
    assert services.find_invitation(link.get_text(strip=True).rsplit("/", 1)[1]).user == official
    other = create_user()
    unit_code = other.memberships[0].unit.code
    response = client.post(f"/accounts/users/{official.id}/roles", data={"unit_code": unit_code, "role": "unit_head"})
    assert response.status_code == 302
    soup = page(f"/accounts/users/{official.id}/roles", method="post",
                expected_status=422, data={"unit_code": "", "role": "handler"})
    assert soup.select(".error-summary li")
    membership = next(m for m in official.memberships if m.role == Role.unit_head)
    assert client.post(f"/accounts/users/{official.id}/roles/{membership.id}/revoke").status_code == 302
    assert [m.role for m in official.memberships] == [Role.handler]
    page(f"/accounts/users/{official.id}/roles/{other.memberships[0].id}/revoke", method="post", expected_status=404)
    assert client.post(f"/accounts/users/{admin.id}/disable").status_code == 302
    assert admin.is_enabled


def test_official_page_is_refused_outside_the_admins_units(page, create_user, create_unit, login):
    mine = create_unit()
    login(create_user(role=Role.unit_admin, unit=mine))
    stranger = create_user()
    page(f"/accounts/users/{stranger.id}", expected_status=403)
    page(f"/accounts/users/{stranger.id}/reset-second-factor", method="post", expected_status=403)
    page("/accounts/users/10000000", expected_status=404)
    assert stranger.has_totp


def test_huge_email_is_refused_with_a_message(page):
    soup = page("/accounts/login", method="post",
                expected_status=422, data={"email": "a" * 100_000 + "@example.vn", "password": "x"})
    assert soup.select_one(".error-summary li")


def test_sign_in_is_rate_limited_with_the_translated_error_page(page, client, create_user):
    user = create_user()
    statuses = [_password_step(client, user, "wrong").status_code for _ in range(20)]
    assert set(statuses) == {422}
    soup = page("/accounts/login", method="post", data={"email": user.email, "password": "x"}, expected_status=429)
    assert "Có quá nhiều biểu mẫu được gửi" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#email")["value"] == user.email


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"])
def test_sign_in_never_redirects_off_site(client, create_user, target):
    user = create_user()
    _password_step(client, user, query_string={"next": target})
    response = client.post(
        "/accounts/login/code", query_string={"next": target}, data={"code": pyotp.TOTP(user.totp_secret).now()}
    )
    assert response.headers["Location"] == "/accounts/"


def test_sign_in_returns_to_the_page_asked_for(client, create_user):
    user = create_user(role=Role.site_admin, unit=None)
    response = client.get("/accounts/users")
    login_url = response.headers["Location"]
    response = client.post(login_url, data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/accounts/login/code?next=/accounts/users"
    response = client.post(response.headers["Location"], data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.headers["Location"] == "/accounts/users"


def test_password_guessing_on_the_account_page_is_rate_limited(client, create_user, login):
    login(create_user())
    form = {"current": "guess", "password": "a brand new password", "confirm": "a brand new password"}
    statuses = [client.post("/accounts/password", data=form).status_code for _ in range(21)]
    assert statuses[:20] == [422] * 20 and statuses[20] == 429
