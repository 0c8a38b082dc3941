"""Sign-in: password, second factor, lockout, setup of the second factor, own password."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import passwords, services, signin
from portal.accounts.models import Membership, Role
from portal.core.audit import AuditEvent
from portal.core.errors import InvalidInput, NotAllowed
from tests.accounts.conftest import NOW, code_at, wrong_code
from tests.conftest import TEST_PASSWORD


def _events(db_session, user=None, action=None):
    statement = select(AuditEvent).order_by(AuditEvent.id)
    if user is not None:
        statement = statement.where(AuditEvent.subject_id == str(user.id))
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    return db_session.scalars(statement).all()


def test_password_step_accepts_the_right_password(create_user):
    user = create_user(email="an@example.vn")
    assert signin.authenticate_password(" an@example.VN ", TEST_PASSWORD, now=NOW) == user


@pytest.mark.parametrize("email", ["nobody@example.vn", "x" * 100_000, "", "<script>@example.vn"])
def test_unknown_email_and_wrong_password_get_the_same_refusal(create_user, email):
    user = create_user()
    with pytest.raises(signin.SignInRefused) as unknown:
        signin.authenticate_password(email, TEST_PASSWORD, now=NOW)
    with pytest.raises(signin.SignInRefused) as wrong:
        signin.authenticate_password(user.email, "wrong password!", now=NOW)
    assert str(unknown.value) == str(wrong.value)


def test_a_refusal_is_logged_with_the_address_tried_and_never_the_password(create_user, db_session):
    create_user(email="an@example.vn")
    for email in ("An@Example.vn", "who@example.vn"):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(email, "secret guess 123", ip_address="203.0.113.9", now=NOW)
    events = _events(db_session, action="accounts.login_failed")
    assert [event.details["email"] for event in events] == ["an@example.vn", "who@example.vn"]
    assert all(event.ip_address == "203.0.113.9" for event in events)
    assert not any("secret guess" in str(event.details) for event in events)


def test_repeated_failures_lock_the_account_for_a_while(app, create_user):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(user.email, TEST_PASSWORD, now=NOW + timedelta(minutes=1))
    almost = NOW + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"], seconds=-1)
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(user.email, TEST_PASSWORD, now=almost)
    later = NOW + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"], seconds=1)
    assert signin.authenticate_password(user.email, TEST_PASSWORD, now=later) == user


def test_the_lockout_follows_the_settings(app, create_user):
    user = create_user()
    saved = {key: app.config[key] for key in ("LOGIN_MAX_FAILURES", "LOGIN_LOCKOUT_MINUTES")}
    app.config.update(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_MINUTES=60)
    try:
        for _ in range(2):
            with pytest.raises(signin.SignInRefused):
                signin.authenticate_password(user.email, "wrong password!", now=NOW)
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, TEST_PASSWORD, now=NOW + timedelta(minutes=59))
        assert signin.authenticate_password(user.email, TEST_PASSWORD, now=NOW + timedelta(minutes=61)) == user
    finally:
        app.config.update(saved)


def test_wrong_passwords_and_wrong_codes_count_together(app, create_user):
    user = create_user()
    half = app.config["LOGIN_MAX_FAILURES"] // 2
    for _ in range(half):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", now=NOW)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - half):
        with pytest.raises(signin.SignInRefused):
            signin.verify_second_factor(user, wrong_code(user.totp_secret), now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code_at(user), now=NOW)
    assert user.last_login_at is None


def test_a_success_starts_the_count_again(app, create_user):
    user = create_user()
    for moment in (NOW, NOW + timedelta(minutes=2)):
        for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
            with pytest.raises(signin.SignInRefused):
                signin.authenticate_password(user.email, "wrong password!", now=moment)
        signin.authenticate_password(user.email, TEST_PASSWORD, now=moment)
        signin.verify_second_factor(user, code_at(user, moment), now=moment)
    later = NOW + timedelta(minutes=3)
    assert signin.authenticate_password(user.email, TEST_PASSWORD, now=later) == user


def test_failures_from_one_address_do_not_lock_out_the_official_elsewhere(app, create_user, db_session):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", ip_address="203.0.113.9", now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(user.email, TEST_PASSWORD, ip_address="203.0.113.9", now=NOW)
    assert signin.authenticate_password(user.email, TEST_PASSWORD, ip_address="198.51.100.7", now=NOW) == user
    signin.verify_second_factor(user, code_at(user), ip_address="198.51.100.7", now=NOW)
    assert user.last_login_at == NOW
    refused = _events(db_session, user, signin.REFUSED)
    assert refused and all(event.details["reason"] == "locked" for event in refused)
    assert len(_events(db_session, user, signin.FAILED)) == app.config["LOGIN_MAX_FAILURES"]


def test_attempts_while_locked_do_not_prolong_the_lock(app, create_user):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", ip_address="203.0.113.9", now=NOW)
    for minute in range(1, app.config["LOGIN_LOCKOUT_MINUTES"]):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", ip_address="203.0.113.9",
                                           now=NOW + timedelta(minutes=minute))
    after = NOW + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"], seconds=1)
    assert signin.authenticate_password(user.email, TEST_PASSWORD, ip_address="203.0.113.9", now=after) == user


def test_lockout_is_recorded(app, create_user, db_session):
    user = create_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", now=NOW)
    actions = [event.action for event in _events(db_session, user)]
    assert actions.count("accounts.login_failed") == app.config["LOGIN_MAX_FAILURES"]
    assert "accounts.locked" in actions


def test_disabled_account_cannot_sign_in(create_user):
    user = create_user(is_enabled=False)
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(user.email, TEST_PASSWORD, now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code_at(user), now=NOW)


def test_an_account_disabled_while_signed_in_is_signed_out(create_user):
    user = create_user()
    assert services.load_user(user.get_id()) == user
    user.is_enabled = False
    assert services.load_user(user.get_id()) is None


@pytest.mark.parametrize("session_id", ["not a number", "", "1", "1:", ":0", "1:x", f"{2**63}:0", "١:0"])
def test_a_malformed_session_names_nobody(session_id):
    assert services.load_user(session_id) is None


def test_ending_sessions_voids_every_earlier_session(create_user):
    user = create_user()
    before = user.get_id()
    services.end_sessions(user)
    assert services.load_user(before) is None
    assert services.load_user(user.get_id()) == user


def test_an_invited_official_without_a_password_cannot_sign_in(create_user):
    user = create_user()
    user.password_hash = None
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(user.email, "", now=NOW)


def test_second_factor_accepts_a_current_code_once(create_user, db_session):
    user = create_user()
    code = code_at(user)
    signin.verify_second_factor(user, code, ip_address="203.0.113.9", now=NOW)
    assert user.last_login_at == NOW
    assert _events(db_session, user, "accounts.login")[0].ip_address == "203.0.113.9"
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code, now=NOW + timedelta(seconds=5))


def test_second_factor_allows_one_step_of_clock_drift(create_user):
    user = create_user()
    signin.verify_second_factor(user, code_at(user, NOW - timedelta(seconds=30)), now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code_at(user, NOW + timedelta(seconds=90)), now=NOW + timedelta(seconds=1))


def test_an_older_code_is_refused_after_a_newer_one(create_user):
    user = create_user()
    signin.verify_second_factor(user, code_at(user, NOW), now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code_at(user, NOW - timedelta(seconds=30)), now=NOW + timedelta(seconds=1))


@pytest.mark.parametrize("code", ["wrong", "12345", "abcdef", "", "١٢٣٤٥٦", "1" * 10_000, None])
def test_second_factor_refuses_malformed_codes(create_user, db_session, code):
    user = create_user()
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, wrong_code(user.totp_secret) if code == "wrong" else code, now=NOW)
    assert [event.details["step"] for event in _events(db_session, user, signin.FAILED)] == ["code"]


def test_a_code_with_spaces_is_accepted(create_user):
    user = create_user()
    code = code_at(user)
    signin.verify_second_factor(user, f" {code[:3]} {code[3:]} ", now=NOW)
    assert user.last_login_at == NOW
    assert user.totp_last_counter == pyotp.TOTP(user.totp_secret).timecode(NOW)


def test_totp_setup_keeps_the_secret_only_after_a_right_code(create_user, db_session):
    user = create_user(with_totp=False)
    secret = signin.start_totp_setup(user, now=NOW)
    assert signin.start_totp_setup(user, now=NOW) == secret
    with pytest.raises(InvalidInput):
        signin.confirm_totp_setup(user, wrong_code(secret), now=NOW)
    assert not user.has_totp and len(_events(db_session, user, signin.FAILED)) == 1
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, pyotp.TOTP(secret).at(NOW), now=NOW)
    signin.confirm_totp_setup(user, pyotp.TOTP(secret).at(NOW), now=NOW)
    assert user.has_totp and user.totp_secret == secret and user.last_login_at == NOW
    assert _events(db_session, user, "accounts.totp_set_up")
    with pytest.raises(NotAllowed):
        signin.start_totp_setup(user, now=NOW)
    with pytest.raises(NotAllowed):
        signin.confirm_totp_setup(user, pyotp.TOTP(secret).at(NOW), now=NOW)


def test_the_setup_code_cannot_be_replayed_at_the_next_sign_in(create_user):
    user = create_user(with_totp=False)
    code = pyotp.TOTP(signin.start_totp_setup(user, now=NOW)).at(NOW)
    signin.confirm_totp_setup(user, code, now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.verify_second_factor(user, code, now=NOW + timedelta(seconds=10))


def test_a_locked_official_cannot_set_up_the_second_factor(app, create_user):
    user = create_user(with_totp=False)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate_password(user.email, "wrong password!", now=NOW)
    with pytest.raises(signin.SignInRefused):
        signin.start_totp_setup(user, now=NOW + timedelta(minutes=1))


def test_provisioning_uri_names_the_portal_and_the_official(create_user):
    user = create_user(email="lan@example.vn", with_totp=False)
    secret = signin.start_totp_setup(user, now=NOW)
    parsed = pyotp.parse_uri(signin.totp_provisioning_uri(user, secret))
    assert (parsed.name, parsed.issuer, parsed.secret) == ("lan@example.vn", "Cổng dân chủ cơ sở", secret)


def test_create_site_admin_for_the_whole_site(db_session):
    user = services.create_site_admin(" Admin@Example.vn ", "Quản trị", "a long enough password")
    assert user.email == "admin@example.vn"
    membership = db_session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
    assert (membership.role, membership.unit_id) == (Role.site_admin, None)
    with pytest.raises(InvalidInput):
        services.create_site_admin("admin@example.vn", "Again", "a long enough password")


@pytest.mark.parametrize(
    ("email", "name", "password", "unit_code"),
    [
        ("new@example.vn", "Short", "short", None),
        ("not an email", "Name", "a long enough password", None),
        ("new@example.vn", "", "a long enough password", None),
        ("new@example.vn", "Name", "a long enough password", "NO-SUCH-UNIT"),
    ],
)
def test_create_site_admin_refuses_bad_input(email, name, password, unit_code):
    with pytest.raises(InvalidInput):
        services.create_site_admin(email, name, password, unit_code)


def test_create_site_admin_for_a_unit(create_unit, db_session):
    commune = create_unit()
    user = services.create_site_admin("unit@example.vn", "Quản trị xã", "a long enough password", commune.code)
    assert [(m.role, m.unit) for m in user.memberships] == [(Role.site_admin, commune)]


def test_change_password_needs_the_current_one(create_user, db_session):
    user = create_user()
    with pytest.raises(InvalidInput):
        services.change_password(user, "wrong", "a brand new password")
    with pytest.raises(InvalidInput):
        services.change_password(user, TEST_PASSWORD, "too short")
    services.change_password(user, TEST_PASSWORD, "a brand new password", now=NOW)
    assert passwords.verify_password(user, "a brand new password")
    assert len(_events(db_session, user, "accounts.password_changed")) == 1
