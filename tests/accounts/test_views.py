import pyotp
import pytest

from portal.accounts.models import Role
from tests.conftest import TEST_PASSWORD


def test_sign_in_takes_two_steps_and_lands_on_the_account_page(page, client, create_user, login):
    user = create_user(full_name="Trần Thị Lan")
    login(user)
    soup = page("/accounts/")
    assert soup.h1.get_text(strip=True) == "Tài khoản của tôi"
    assert "Trần Thị Lan" in soup.select_one("main p").get_text()


def test_wrong_password_and_unknown_email_show_the_same_error(page, create_user):
    user = create_user()
    wrong = page("/accounts/login", method="post", data={"email": user.email, "password": "nope nope nope"})
    unknown = page("/accounts/login", method="post", data={"email": "who@example.vn", "password": "nope nope nope"})
    assert wrong.select_one(".error-summary li").get_text() == unknown.select_one(".error-summary li").get_text()


def test_empty_form_gets_field_errors_linked_from_the_summary(page):
    soup = page("/accounts/login", method="post", data={"email": "", "password": ""})
    links = [a["href"] for a in soup.select(".error-summary a")]
    assert links == ["#email", "#password"]
    assert soup.select_one("#email")["aria-invalid"] == "true"


def test_first_sign_in_sets_up_the_second_factor(page, client, create_user):
    user = create_user(with_totp=False)
    client.post("/accounts/login", data={"email": user.email, "password": TEST_PASSWORD})
    soup = page("/accounts/login/setup")
    secret = soup.select_one("#totp-secret").get_text(strip=True)
    assert soup.select_one(".qr img")["src"].startswith("data:image/svg+xml")
    response = client.post("/accounts/login/setup", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert user.totp_secret == secret
    client.post("/accounts/logout")
    client.post("/accounts/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert client.get("/accounts/login/setup").headers["Location"].endswith("/accounts/login/code")


def test_the_code_step_needs_the_password_step_first(client):
    response = client.get("/accounts/login/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/accounts/login")


def test_sign_out(client, create_user, login):
    login(create_user())
    assert client.post("/accounts/logout").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_signed_in_pages_are_never_cached(client, create_user, login):
    login(create_user())
    assert client.get("/accounts/").headers["Cache-Control"] == "no-store"


def test_officials_list_is_for_administrators(page, create_user, login):
    login(create_user(role=Role.handler))
    page("/accounts/users", expected_status=403)


def test_administrator_invites_and_the_official_chooses_a_password(page, client, create_user, create_unit, login):
    login(create_user(role=Role.site_admin, unit=None))
    commune = create_unit(name="Xã Tân Trung")
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
    page(path)
    response = client.post(path, data={"password": "a long new password", "confirm": "a long new password"})
    assert response.status_code == 302
    page(path, expected_status=404)


def test_invitation_form_rejects_mismatched_passwords(page, create_user, create_unit, client, login, db_session):
    from portal.accounts import services

    admin = create_user(role=Role.site_admin, unit=None)
    _, token = services.invite_official(
        admin, services.NewInvitation("x@example.vn", "X", create_unit().code, Role.handler)
    )
    soup = page(
        f"/accounts/invitations/{token}", method="post", data={"password": "a long new password", "confirm": "other"}
    )
    assert soup.select(".error-summary li")


def test_huge_email_is_refused_with_a_message(page):
    soup = page("/accounts/login", method="post", data={"email": "a" * 100_000 + "@example.vn", "password": "x"})
    assert soup.select_one(".error-summary li")


def test_sign_in_is_rate_limited(client, create_user):
    user = create_user()
    statuses = [
        client.post("/accounts/login", data={"email": user.email, "password": "wrong"}).status_code for _ in range(22)
    ]
    assert statuses[-1] == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_sign_in_never_redirects_off_site(client, create_user, target):
    user = create_user()
    client.post("/accounts/login", query_string={"next": target}, data={"email": user.email, "password": TEST_PASSWORD})
    response = client.post("/accounts/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.headers["Location"] == "/"
