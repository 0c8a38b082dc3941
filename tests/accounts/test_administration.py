"""Administration of officials: invitations, roles within the administrator's units, account actions."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts import passwords, services, signin
from portal.accounts.models import Invitation, Role
from portal.core.audit import AuditEvent
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from tests.accounts.conftest import NOW
from tests.conftest import TEST_PASSWORD


def _invite(actor, email="lan@example.vn", unit=None, role=Role.handler, name="Trần Thị Lan"):
    data = services.NewInvitation(email, name, unit.code if unit is not None else None, role)
    return services.invite_official(actor, data, now=NOW)


def test_invitation_creates_account_role_and_a_one_time_link(site_admin, create_unit, db_session):
    commune = create_unit(name="Xã Tân Trung")
    user, token = _invite(site_admin, email=" Lan@Example.VN ", unit=commune)
    assert user.email == "lan@example.vn" and user.password_hash is None and len(token) >= 43
    assert [(m.role, m.unit) for m in user.memberships] == [(Role.handler, commune)]
    stored = db_session.scalars(select(Invitation).where(Invitation.user_id == user.id)).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64
    assert services.find_invitation(token, now=NOW).user == user
    services.accept_invitation(token, "my new long password", now=NOW + timedelta(days=1))
    assert passwords.verify_password(user, "my new long password")
    with pytest.raises(NotFound):
        services.accept_invitation(token, "another long password", now=NOW + timedelta(days=1))


def test_invitation_is_audited_with_actor_subject_and_unit(site_admin, create_unit, db_session):
    commune = create_unit()
    user, _ = _invite(site_admin, unit=commune)
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.subject_id == str(user.id))).all()
    assert [(e.action, e.actor_id, e.unit_id) for e in events] == [
        ("accounts.invited", site_admin.id, commune.id),
        ("accounts.role_granted", site_admin.id, commune.id),
    ]


def test_invitation_expires_after_seven_days(site_admin, create_unit):
    _, token = _invite(site_admin, unit=create_unit())
    assert services.find_invitation(token, now=NOW + timedelta(days=6, hours=23))
    with pytest.raises(NotFound):
        services.find_invitation(token, now=NOW + timedelta(days=7, seconds=1))
    with pytest.raises(NotFound):
        services.accept_invitation(token, "my new long password", now=NOW + timedelta(days=8))


@pytest.mark.parametrize("token", ["", "unknown", "x" * 100_000])
def test_unknown_invitation_tokens_are_not_found(token):
    with pytest.raises(NotFound):
        services.find_invitation(token, now=NOW)


def test_accepting_needs_a_long_enough_password(site_admin, create_unit):
    _, token = _invite(site_admin, unit=create_unit())
    with pytest.raises(InvalidInput):
        services.accept_invitation(token, "too short", now=NOW)
    assert services.find_invitation(token, now=NOW)


def test_an_accepted_invitation_leads_to_sign_in_and_setup(site_admin, create_unit):
    user, token = _invite(site_admin, unit=create_unit())
    services.accept_invitation(token, "my new long password", now=NOW)
    assert signin.authenticate_password(user.email, "my new long password", now=NOW) == user
    assert not user.has_totp


def test_inviting_an_existing_official_adds_the_role_without_a_link(site_admin, create_user, create_unit):
    official = create_user(email="lan@example.vn")
    other = create_unit(name="Xã Hà Trung")
    user, token = _invite(site_admin, unit=other, role=Role.unit_head)
    assert user == official and token is None
    assert {m.role for m in official.memberships} == {Role.handler, Role.unit_head}
    assert passwords.verify_password(official, TEST_PASSWORD)
    with pytest.raises(InvalidInput):
        _invite(site_admin, unit=other, role=Role.unit_head)


def test_a_unit_admin_manages_only_its_own_subtree(create_user, province_tree):
    province, inside, village, outside = province_tree
    admin = create_user(role=Role.unit_admin, unit=province)
    _invite(admin, email="a@example.vn", unit=inside)
    _invite(admin, email="b@example.vn", unit=village, role=Role.unit_admin)
    with pytest.raises(NotAllowed):
        _invite(admin, email="c@example.vn", unit=outside)
    with pytest.raises(NotAllowed):
        _invite(admin, email="d@example.vn", unit=None, role=Role.site_admin)
    with pytest.raises(NotAllowed):
        _invite(admin, email="e@example.vn", unit=inside, role=Role.site_admin)


def test_a_unit_scoped_site_admin_cannot_invite_outside_its_subtree(create_user, province_tree):
    province, inside, _, outside = province_tree
    admin = create_user(role=Role.site_admin, unit=province)
    user, _ = _invite(admin, email="a@example.vn", unit=inside, role=Role.site_admin)
    assert [m.role for m in user.memberships] == [Role.site_admin]
    with pytest.raises(NotAllowed):
        _invite(admin, email="b@example.vn", unit=outside)
    with pytest.raises(NotAllowed):
        _invite(admin, email="c@example.vn", unit=None, role=Role.site_admin)
    assert services.find_user_by_email("b@example.vn") is None


def test_only_a_whole_site_admin_appoints_a_whole_site_admin(site_admin):
    user, _ = _invite(site_admin, unit=None, role=Role.site_admin)
    assert [(m.role, m.unit_id) for m in user.memberships] == [(Role.site_admin, None)]


def test_a_role_other_than_site_admin_needs_a_unit(site_admin):
    with pytest.raises(InvalidInput):
        _invite(site_admin, unit=None, role=Role.handler)


def test_an_unknown_unit_code_is_refused(site_admin):
    with pytest.raises(InvalidInput):
        services.invite_official(site_admin, services.NewInvitation("a@example.vn", "A", "NOPE", Role.handler))
    with pytest.raises(InvalidInput):
        services.invite_official(site_admin, services.NewInvitation("a@example.vn", "A", "9" * 100_000, Role.handler))


def test_a_handler_cannot_invite(create_user, create_unit):
    handler = create_user()
    with pytest.raises(NotAllowed):
        _invite(handler, unit=create_unit())


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "a b@example.vn", "x" * 300 + "@example.vn", ""])
def test_invitation_refuses_bad_email_addresses(site_admin, create_unit, email):
    with pytest.raises(InvalidInput):
        _invite(site_admin, email=email, unit=create_unit())


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_invitation_refuses_bad_names(site_admin, create_unit, name):
    with pytest.raises(InvalidInput):
        _invite(site_admin, unit=create_unit(), name=name)


def test_grant_and_revoke_are_audited(site_admin, create_user, create_unit, db_session):
    official = create_user()
    other = create_unit()
    membership = services.grant_role(site_admin, official, other, Role.unit_head, now=NOW)
    services.revoke_role(site_admin, official, membership.id, now=NOW)
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(["accounts.role_granted", "accounts.role_revoked"]))
    ).all()
    assert [(e.action, e.actor_id, e.subject_id, e.unit_id, e.details) for e in events] == [
        ("accounts.role_granted", site_admin.id, str(official.id), other.id, {"role": "unit_head"}),
        ("accounts.role_revoked", site_admin.id, str(official.id), other.id, {"role": "unit_head"}),
    ]
    assert [m.role for m in official.memberships] == [Role.handler]


def test_revoking_checks_the_role_belongs_to_the_official(site_admin, create_user):
    official, other = create_user(), create_user()
    with pytest.raises(NotFound):
        services.revoke_role(site_admin, official, other.memberships[0].id)
    with pytest.raises(NotFound):
        services.revoke_role(site_admin, official, 10_000_000)


def test_revoking_needs_authority_over_the_unit_and_the_role(create_user, province_tree):
    province, inside, _, outside = province_tree
    admin = create_user(role=Role.unit_admin, unit=province)
    far = create_user(unit=outside)
    with pytest.raises(NotAllowed):
        services.revoke_role(admin, far, far.memberships[0].id)
    site_admin_inside = create_user(role=Role.site_admin, unit=inside)
    with pytest.raises(NotAllowed):
        services.revoke_role(admin, site_admin_inside, site_admin_inside.memberships[0].id)
    near = create_user(unit=inside)
    services.revoke_role(admin, near, near.memberships[0].id)


def test_nobody_removes_their_own_site_admin_role(site_admin):
    with pytest.raises(InvalidInput):
        services.revoke_role(site_admin, site_admin, site_admin.memberships[0].id)


def test_revoke_and_disable_and_reset(site_admin, create_user, db_session):
    official = create_user()
    unit_id = official.memberships[0].unit_id
    services.set_enabled(site_admin, official, False, now=NOW)
    services.reset_second_factor(site_admin, official, now=NOW)
    assert not official.is_enabled and not official.has_totp and official.totp_secret is None
    assert official.totp_last_counter is None
    with pytest.raises(signin.SignInRefused):
        signin.authenticate_password(official.email, TEST_PASSWORD, now=NOW)
    services.set_enabled(site_admin, official, True, now=NOW)
    assert signin.authenticate_password(official.email, TEST_PASSWORD, now=NOW) == official
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject_id == str(official.id), AuditEvent.actor_id == site_admin.id)
    ).all()
    assert [(e.action, e.actor_id, e.unit_id) for e in events] == [
        ("accounts.disabled", site_admin.id, unit_id),
        ("accounts.totp_reset", site_admin.id, unit_id),
        ("accounts.enabled", site_admin.id, unit_id),
    ]
    with pytest.raises(InvalidInput):
        services.set_enabled(site_admin, site_admin, False)


def test_a_unit_admin_cannot_take_over_a_site_admin_of_its_unit(create_user, province_tree):
    """Resetting the second factor and making a new link would hand the unit admin the greater power."""
    province, inside, _, _ = province_tree
    admin = create_user(role=Role.unit_admin, unit=province)
    greater = create_user(role=Role.site_admin, unit=inside)
    for action in (
        lambda: services.reset_second_factor(admin, greater),
        lambda: services.reissue_invitation(admin, greater),
        lambda: services.set_enabled(admin, greater, False),
    ):
        with pytest.raises(NotAllowed):
            action()
    assert greater.has_totp and greater.is_enabled


def test_a_unit_admin_manages_an_official_only_when_all_roles_are_in_its_units(create_user, province_tree):
    province, inside, _, outside = province_tree
    admin = create_user(role=Role.unit_admin, unit=province)
    official = create_user(unit=inside)
    assert services.may_manage(admin, official)
    services.grant_role(create_user(role=Role.site_admin, unit=None), official, outside, Role.handler)
    assert not services.may_manage(admin, official)
    with pytest.raises(NotAllowed):
        services.reset_second_factor(admin, official)


def test_reissued_link_replaces_the_old_one(site_admin, create_unit):
    user, first = _invite(site_admin, unit=create_unit())
    second = services.reissue_invitation(site_admin, user, now=NOW)
    with pytest.raises(NotFound):
        services.find_invitation(first, now=NOW)
    assert services.find_invitation(second, now=NOW).user == user


def test_a_reissued_link_resets_a_forgotten_password(site_admin, create_user):
    official = create_user()
    token = services.reissue_invitation(site_admin, official, now=NOW)
    services.accept_invitation(token, "a fresh long password", now=NOW)
    assert signin.authenticate_password(official.email, "a fresh long password", now=NOW) == official


def test_list_officials_shows_a_unit_admin_only_its_units(create_user, province_tree):
    province, inside, village, outside = province_tree
    admin = create_user(full_name="Admin", role=Role.unit_admin, unit=province)
    near = create_user(full_name="Near", unit=village)
    create_user(full_name="Far", unit=outside)
    assert services.list_officials(admin) == [admin, near]


def test_list_officials_searches_ignoring_diacritics_and_filters(site_admin, create_user, create_unit):
    commune = create_unit(code="C1")
    lan = create_user(email="lan@example.vn", full_name="Trần Thị Lân", role=Role.unit_head, unit=commune)
    create_user(email="an@example.vn", full_name="Nguyễn Văn An")
    assert services.list_officials(site_admin, query="tran thi lan") == [lan]
    assert services.list_officials(site_admin, query="TRẦN") == [lan]
    assert services.list_officials(site_admin, query="lan@example") == [lan]
    assert services.list_officials(site_admin, query="%") == []
    assert services.list_officials(site_admin, unit_code="C1") == [lan]
    assert services.list_officials(site_admin, role=Role.unit_head) == [lan]
    assert services.list_officials(site_admin, role=Role.unit_head, unit_code="NOPE") == []


def test_list_officials_is_refused_to_handlers(create_user):
    with pytest.raises(NotAllowed):
        services.list_officials(create_user())
