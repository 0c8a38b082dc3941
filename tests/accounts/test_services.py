from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import services
from portal.accounts.models import Invitation, Membership, Role
from portal.core.audit import AuditEvent
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.units.models import UnitKind
from tests.conftest import TEST_PASSWORD

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def test_password_step_accepts_the_right_password(create_user):
    user = create_user(email="an@example.vn")
    assert services.authenticate_password(" an@example.VN ", TEST_PASSWORD, now=NOW) == user


@pytest.mark.parametrize("email", ["nobody@example.vn", "x" * 100_000])
def test_unknown_email_and_wrong_password_get_the_same_refusal(create_user, email):
    user = create_user()
    with pytest.raises(services.SignInRefused) as unknown:
        services.authenticate_password(email, TEST_PASSWORD, now=NOW)
    with pytest.raises(services.SignInRefused) as wrong:
        services.authenticate_password(user.email, "wrong password!", now=NOW)
    assert str(unknown.value) == str(wrong.value)


def test_repeated_failures_lock_the_account_for_a_while(app, create_user):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(services.SignInRefused):
            services.authenticate_password(user.email, "wrong password!", now=NOW)
    with pytest.raises(services.SignInRefused):
        services.authenticate_password(user.email, TEST_PASSWORD, now=NOW + timedelta(minutes=1))
    later = NOW + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"] + 1)
    assert services.authenticate_password(user.email, TEST_PASSWORD, now=later) == user


def test_lockout_is_recorded(app, create_user, db_session):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(services.SignInRefused):
            services.authenticate_password(user.email, "wrong password!", now=NOW)
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == str(user.id))).all()
    assert actions.count("accounts.login_failed") == app.config["LOGIN_MAX_FAILURES"]
    assert "accounts.locked" in actions


def test_disabled_account_cannot_sign_in(create_user):
    user = create_user(is_enabled=False)
    with pytest.raises(services.SignInRefused):
        services.authenticate_password(user.email, TEST_PASSWORD, now=NOW)


def test_second_factor_accepts_a_current_code_once(create_user):
    user = create_user()
    code = pyotp.TOTP(user.totp_secret).at(NOW)
    services.verify_second_factor(user, code, now=NOW)
    assert user.last_login_at == NOW
    with pytest.raises(services.SignInRefused):
        services.verify_second_factor(user, code, now=NOW + timedelta(seconds=5))


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "", "1" * 10_000])
def test_second_factor_refuses_wrong_codes(create_user, code):
    user = create_user()
    if code == "000000" and pyotp.TOTP(user.totp_secret).at(NOW) == code:
        pytest.skip("the random secret produced this code")
    with pytest.raises(services.SignInRefused):
        services.verify_second_factor(user, code, now=NOW)
    assert user.failed_logins == 1


def test_totp_setup_keeps_the_secret_only_after_a_right_code(create_user):
    user = create_user(with_totp=False)
    secret = services.new_totp_secret()
    with pytest.raises(InvalidInput):
        services.confirm_totp_setup(
            user, secret, "000001" if pyotp.TOTP(secret).at(NOW) != "000001" else "000002", now=NOW
        )
    assert not user.has_totp
    services.confirm_totp_setup(user, secret, pyotp.TOTP(secret).at(NOW), now=NOW)
    assert user.has_totp and user.totp_secret == secret
    with pytest.raises(NotAllowed):
        services.confirm_totp_setup(user, services.new_totp_secret(), "123456", now=NOW)


def test_provisioning_uri_names_the_portal_and_the_official(create_user):
    user = create_user(email="lan@example.vn")
    secret = services.new_totp_secret()
    uri = services.totp_provisioning_uri(user, secret)
    assert uri.startswith("otpauth://totp/") and "lan%40example.vn" in uri and f"secret={secret}" in uri


def test_create_site_admin_for_the_whole_site(db_session):
    user = services.create_site_admin("Admin@Example.vn", "Quản trị", "a long enough password")
    membership = db_session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
    assert (membership.role, membership.unit_id) == (Role.site_admin, None)
    with pytest.raises(InvalidInput):
        services.create_site_admin("admin@example.vn", "Again", "a long enough password")
    with pytest.raises(InvalidInput):
        services.create_site_admin("new@example.vn", "Short", "short")


def test_invitation_creates_account_role_and_a_one_time_link(create_user, create_unit, db_session):
    admin = create_user(role=Role.site_admin, unit=None)
    commune = create_unit(name="Xã Tân Trung")
    user, token = services.invite_official(
        admin, services.NewInvitation("lan@example.vn", "Trần Thị Lan", commune.code, Role.handler), now=NOW
    )
    assert token and user.password_hash is None
    stored = db_session.scalars(select(Invitation).where(Invitation.user_id == user.id)).one()
    assert stored.token_hash != token
    services.accept_invitation(token, "my new long password", now=NOW + timedelta(days=1))
    assert services.verify_password(user, "my new long password")
    with pytest.raises(NotFound):
        services.accept_invitation(token, "another long password", now=NOW + timedelta(days=1))


def test_invitation_expires_after_seven_days(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    _, token = services.invite_official(
        admin, services.NewInvitation("lan@example.vn", "Lan", create_unit().code, Role.handler), now=NOW
    )
    with pytest.raises(NotFound):
        services.find_invitation(token, now=NOW + timedelta(days=7, seconds=1))


def test_inviting_an_existing_official_adds_the_role_without_a_link(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    official = create_user(email="lan@example.vn")
    other = create_unit(name="Xã Hà Trung")
    user, token = services.invite_official(
        admin, services.NewInvitation("lan@example.vn", "Lan", other.code, Role.unit_head), now=NOW
    )
    assert user == official and token is None
    assert {m.role for m in official.memberships} == {Role.handler, Role.unit_head}


def test_a_unit_admin_cannot_invite_outside_its_units(create_user, create_unit):
    province = create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province)
    inside = create_unit(name="Xã Hà Trung", parent=province)
    outside = create_unit(name="Xã Tân Trung")
    admin = create_user(role=Role.unit_admin, unit=province)
    services.invite_official(admin, services.NewInvitation("a@example.vn", "A", inside.code, Role.handler), now=NOW)
    with pytest.raises(NotAllowed):
        services.invite_official(
            admin, services.NewInvitation("b@example.vn", "B", outside.code, Role.handler), now=NOW
        )
    with pytest.raises(NotAllowed):
        services.invite_official(admin, services.NewInvitation("c@example.vn", "C", None, Role.site_admin), now=NOW)


def test_a_handler_cannot_invite(create_user, create_unit):
    handler = create_user()
    with pytest.raises(NotAllowed):
        services.invite_official(handler, services.NewInvitation("a@example.vn", "A", create_unit().code, Role.handler))


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x" * 300 + "@example.vn", ""])
def test_invitation_refuses_bad_email_addresses(create_user, create_unit, email):
    admin = create_user(role=Role.site_admin, unit=None)
    with pytest.raises(InvalidInput):
        services.invite_official(admin, services.NewInvitation(email, "A", create_unit().code, Role.handler))


def test_revoke_and_disable_and_reset(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    official = create_user()
    services.revoke_role(admin, official.memberships[0].id, now=NOW)
    services.set_enabled(admin, official, False, now=NOW)
    services.reset_second_factor(admin, official, now=NOW)
    assert not official.is_enabled and not official.has_totp and official.totp_secret is None
    with pytest.raises(InvalidInput):
        services.set_enabled(admin, admin, False)


def test_reissued_link_replaces_the_old_one(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    _, first = services.invite_official(
        admin, services.NewInvitation("lan@example.vn", "Lan", create_unit().code, Role.handler), now=NOW
    )
    user = services.find_user_by_email("lan@example.vn")
    second = services.reissue_invitation(admin, user, now=NOW)
    with pytest.raises(NotFound):
        services.find_invitation(first, now=NOW)
    assert services.find_invitation(second, now=NOW).user == user


def test_change_password_needs_the_current_one(create_user):
    user = create_user()
    with pytest.raises(InvalidInput):
        services.change_password(user, "wrong", "a brand new password")
    services.change_password(user, TEST_PASSWORD, "a brand new password")
    assert services.verify_password(user, "a brand new password")
