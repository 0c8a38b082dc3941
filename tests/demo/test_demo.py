from datetime import date

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Membership, Role, User
from portal.accounts.services import change_password
from portal.accounts.signin import SignInRefused, authenticate_password
from portal.core.audit import AuditEvent
from portal.demo.services import DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS, load_demo_data
from portal.units.importer import import_official_units
from portal.units.models import BodyType, Unit, UnitKind, UnitSource


def _count(db_session, model, *where):
    return db_session.scalar(select(func.count()).select_from(model).where(*where))


def _unit(db_session, code):
    return db_session.scalar(select(Unit).where(Unit.code == code))


def _official(db_session, email):
    return db_session.scalar(select(User).where(User.email == email))


@pytest.fixture
def loaded(db_session):
    return load_demo_data()


def test_the_sample_issuers_are_historical_units_under_todays_imported_provinces(loaded, db_session):
    assert _count(db_session, Unit, Unit.kind == UnitKind.province, Unit.source == UnitSource.official_list) == 34
    assert _count(db_session, Unit, Unit.kind == UnitKind.commune, Unit.source == UnitSource.official_list) == 3321
    assert loaded.official_units_imported == 34 + 3321
    historical = db_session.scalars(select(Unit).where(Unit.dissolved_on.is_not(None))).all()
    assert {unit.name for unit in historical} == {
        "Huyện Minh Long",
        "Huyện Vĩnh Cửu",
        "Huyện Tân Yên",
        "Xã Tân Trung",
        "Huyện Hà Trung",
        "Thị trấn Hà Trung",
        "Huyện Ia Pa",
    }
    assert {unit.dissolved_on for unit in historical} == {date(2025, 7, 1)}
    assert all(unit.source == UnitSource.manual for unit in historical)
    provinces = {
        code: _unit(db_session, code).parent.name for code in ("XMINHLONG", "XVINHCUU", "XTANYEN", "XHATRUNG", "XIAPA")
    }
    assert provinces == {
        "XMINHLONG": "Tỉnh Quảng Ngãi",
        "XVINHCUU": "Tỉnh Đồng Nai",
        "XTANYEN": "Tỉnh Bắc Ninh",
        "XHATRUNG": "Tỉnh Thanh Hóa",
        "XIAPA": "Tỉnh Gia Lai",
    }
    tan_trung = _unit(db_session, "XTANTRUNG")
    assert (tan_trung.kind, tan_trung.division_type, tan_trung.parent.name) == (UnitKind.commune, "xã", "Huyện Tân Yên")
    assert tan_trung.parent.parent.source == UnitSource.official_list
    town = _unit(db_session, "XHATRUNG-TT")
    assert (town.name, town.kind, town.division_type) == ("Thị trấn Hà Trung", UnitKind.commune, "thị trấn")


def test_the_bodies_and_posting_places_of_each_sample(loaded, db_session):
    def children(code):
        return {(child.name, child.kind, child.body_type) for child in _unit(db_session, code).children}

    assert children("XMINHLONG") == {("Thường trực HĐND huyện Minh Long", UnitKind.body, BodyType.people_council)}
    assert children("XVINHCUU-UBND") == {
        ("Phòng Nội vụ", UnitKind.body, BodyType.office),
        ("Phòng Tư pháp", UnitKind.body, BodyType.office),
        ("Phòng Tài nguyên và Môi trường", UnitKind.body, BodyType.office),
        ("Thanh tra huyện Vĩnh Cửu", UnitKind.body, BodyType.inspectorate),
    }
    assert children("XTANTRUNG") == {
        ("UBND xã Tân Trung", UnitKind.body, BodyType.people_committee),
        ("Ban Thanh tra nhân dân xã Tân Trung", UnitKind.body, BodyType.people_inspection_board),
        ("Thôn 1", UnitKind.village, None),
    }
    assert children("XHATRUNG-TT") == {
        ("UBND thị trấn Hà Trung", UnitKind.body, BodyType.people_committee),
        ("Ủy ban MTTQ Việt Nam thị trấn Hà Trung", UnitKind.body, BodyType.fatherland_front),
        ("Ban Thanh tra nhân dân thị trấn Hà Trung", UnitKind.body, BodyType.people_inspection_board),
        ("Tổ dân phố 1", UnitKind.village, None),
    }
    assert children("XIAPA") == {("UBND huyện Ia Pa", UnitKind.body, BodyType.people_committee)}
    assert _count(db_session, Unit, Unit.source == UnitSource.manual) == len(DEMO_UNITS) == loaded.units_created


def test_the_demo_officials_and_their_roles(loaded, db_session):
    assert loaded.officials_created == len(DEMO_OFFICIALS) == _count(db_session, User)
    roles = {
        (membership.user.email, membership.role, membership.unit.name if membership.unit else None)
        for membership in db_session.scalars(select(Membership))
    }
    assert roles == {
        ("admin@demo.dancuso.vn", Role.site_admin, None),
        ("chu-tich.tantrung@demo.dancuso.vn", Role.unit_head, "Xã Nhã Nam"),
        ("vanthu.tantrung@demo.dancuso.vn", Role.handler, "Xã Nhã Nam"),
        ("tuphap.tantrung@demo.dancuso.vn", Role.handler, "Xã Nhã Nam"),
        ("ttnd.tantrung@demo.dancuso.vn", Role.inspector, "Xã Nhã Nam"),
        ("chu-tich.hatrung@demo.dancuso.vn", Role.unit_head, "Xã Hà Trung"),
        ("vanphong.hatrung@demo.dancuso.vn", Role.handler, "Xã Hà Trung"),
        ("chu-tich.iapa@demo.dancuso.vn", Role.unit_head, "Xã Ia Pa"),
        ("noivu.vinhcuu@demo.dancuso.vn", Role.handler, "Sở Nội vụ tỉnh Đồng Nai"),
        ("giamdoc.snv.dongnai@demo.dancuso.vn", Role.unit_head, "Sở Nội vụ tỉnh Đồng Nai"),
        ("snnmt.dongnai@demo.dancuso.vn", Role.handler, "Sở Nông nghiệp và Môi trường tỉnh Đồng Nai"),
        ("quantri.thanhhoa@demo.dancuso.vn", Role.unit_admin, "Tỉnh Thanh Hóa"),
    }
    chairman = _official(db_session, "chu-tich.tantrung@demo.dancuso.vn")
    assert chairman.full_name == "Nguyễn Văn Hùng"
    # The password opens the first step; with no second factor yet, the official is sent to set it up.
    assert authenticate_password(chairman.email, DEMO_PASSWORD) is chairman
    assert chairman.totp_secret is None and not chairman.has_totp


def test_first_sign_in_asks_for_the_second_factor(loaded, client):
    response = client.post(
        "/accounts/login", data={"email": "noivu.vinhcuu@demo.dancuso.vn", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response.location.startswith("/accounts/login/setup")


def test_loading_twice_creates_nothing_new(loaded, db_session):
    counts = (_count(db_session, Unit), _count(db_session, User), _count(db_session, Membership))
    again = load_demo_data()
    assert (again.official_units_imported, again.units_created, again.officials_created, again.memberships_created) == (
        0,
        0,
        0,
        0,
    )
    assert (_count(db_session, Unit), _count(db_session, User), _count(db_session, Membership)) == counts
    assert _count(db_session, AuditEvent, AuditEvent.action == "demo.loaded") == 1
    assert _count(db_session, AuditEvent, AuditEvent.action == "units.imported") == 1
    assert [login.email for login in again.logins] == [official.email for official in DEMO_OFFICIALS]


def test_the_summary_lists_every_login_the_password_and_the_second_factor(loaded):
    text = loaded.describe()
    for official in DEMO_OFFICIALS:
        assert official.email in text and official.full_name in text and official.position in text
    assert DEMO_PASSWORD in text
    assert "QR code" in text and "second factor" in text
    assert "Chủ tịch UBND xã Nhã Nam (gồm xã Tân Trung cũ)" in text and "Tỉnh Thanh Hóa" in text
    assert "Sở Nội vụ tỉnh Đồng Nai, Tỉnh Đồng Nai" in text


def test_an_imported_list_is_not_imported_again(db_session):
    import_official_units()
    assert load_demo_data().official_units_imported == 0
    assert _count(db_session, AuditEvent, AuditEvent.action == "units.imported") == 1


def test_an_existing_official_keeps_their_password_and_gains_the_demo_role(db_session, create_user):
    existing = create_user(email="admin@demo.dancuso.vn", role=None)
    password_hash = existing.password_hash
    summary = load_demo_data()
    assert summary.officials_created == len(DEMO_OFFICIALS) - 1
    assert existing.password_hash == password_hash
    assert [(m.role, m.unit) for m in existing.memberships] == [(Role.site_admin, None)]


def test_the_demo_load_command(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert all(official.email in result.output for official in DEMO_OFFICIALS)
    assert DEMO_PASSWORD in result.output
    assert "Sample plans published as disclosures: 5." in result.output
    assert "Sample plans published with their tasks and reports: 5." in result.output
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert "0 demo units, 0 officials" in again.output
    assert "Sample plans published with their tasks and reports: 0." in again.output
    assert all(official.email in again.output for official in DEMO_OFFICIALS)


def test_a_site_administrator_who_changed_the_demo_password_keeps_it_when_the_demo_starts_again(app, db_session):
    """`make run` loads the demo on every start: a password changed since must survive it."""
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    admin = _official(db_session, "admin@demo.dancuso.vn")
    change_password(admin, DEMO_PASSWORD, "a new and longer password")
    db_session.commit()
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert "never resets a password" in again.output
    assert authenticate_password(admin.email, "a new and longer password") is admin
    with pytest.raises(SignInRefused):
        authenticate_password(admin.email, DEMO_PASSWORD)


def test_demo_cases_and_routing_rules_in_every_state_and_loaded_once(db_session):
    from datetime import UTC, datetime

    from portal.cases.models import Case, CaseStatus
    from portal.demo.cases import DEMO_CASES, DEMO_RULES
    from portal.routing.models import RoutingRule

    now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    first = load_demo_data(now=now)
    assert (first.cases_created, first.routing_rules_created) == (len(DEMO_CASES), len(DEMO_RULES))
    demo_cases = db_session.scalars(select(Case)).all()
    assert {case.status for case in demo_cases} == set(CaseStatus)
    assert any(case.unit.code == "24022" and any(e.action == "transferred" for e in case.events) for case in demo_cases)
    assert any(case.rating for case in demo_cases) and any(case.published_at for case in demo_cases)
    assert any(case.due_on and case.due_on < now.date() for case in demo_cases)
    again = load_demo_data(now=now)
    assert (again.cases_created, again.routing_rules_created) == (0, 0)
    assert (_count(db_session, Case), _count(db_session, RoutingRule)) == (len(DEMO_CASES), len(DEMO_RULES))


def test_officials_work_in_todays_units_and_the_sample_issuers_lead_to_them(loaded, db_session):
    """No demo official holds a role in a unit that no longer exists; each sample issuer keeps its old code and
    names the units that took it over, from the library's correspondence."""
    from portal.routing.dispatch import escalation_unit_for
    from portal.units.services import dissolved_ancestor, successions_of

    for membership in db_session.scalars(select(Membership).where(Membership.unit_id.is_not(None))):
        assert dissolved_ancestor(membership.unit) is None, membership.unit.name
    successors = {
        code: [(row.successor.name, row.is_default) for row in successions_of(_unit(db_session, code))]
        for code in ("XTANTRUNG", "XHATRUNG-TT", "XVINHCUU", "XHATRUNG")
    }
    assert successors == {
        "XTANTRUNG": [("Xã Nhã Nam", True)],
        "XHATRUNG-TT": [("Xã Hà Trung", True), ("Xã Hoạt Giang", False)],
        "XVINHCUU": [("Tỉnh Đồng Nai", True)],
        "XHATRUNG": [("Tỉnh Thanh Hóa", True)],
    }
    assert _unit(db_session, "XTANTRUNG").legacy_code == "07309"
    assert escalation_unit_for(_unit(db_session, "75")).code == "XDONGNAI-SNV"


def test_the_demo_cases_of_old_places_went_to_the_communes_that_took_them_over(db_session):
    from portal.cases.models import Case

    load_demo_data()
    cases = db_session.scalars(select(Case)).all()
    assert {case.place.name for case in cases} == {"Thôn 1", "Tổ dân phố 1"}
    assert {case.unit.name for case in cases if not any(e.action == "transferred" for e in case.events)} <= {
        "Xã Nhã Nam", "Xã Hà Trung", "UBND xã Hà Trung"}
    received = next(case for case in cases if case.place.name == "Thôn 1")
    assert [e.details["to"] for e in received.events if e.action == "routed"] == ["Xã Nhã Nam"]
