import re
import unicodedata
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.units import services
from portal.units.models import BodyType, UnitKind, UnitSource

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def quang_ngai(create_unit):
    return create_unit(name="Tỉnh Quảng Ngãi", kind=UnitKind.province, code="51", source=UnitSource.official_list)


def _new(kind, name, parent=None, **fields):
    return services.NewUnit(kind=kind, name=name, parent_code=parent.code if parent else None, **fields)


def _events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_a_historical_district_with_a_commune_villages_and_bodies(db_session, site_admin, quang_ngai):
    district = services.create_unit(
        site_admin,
        _new(UnitKind.district, "Huyện Minh Long", quang_ngai, division_type="huyện", dissolved_on=date(2025, 7, 1)),
        now=NOW,
    )
    commune = services.create_unit(
        site_admin, _new(UnitKind.commune, "Xã Long Hiệp", district, division_type="xã", dissolved_on=date(2025, 7, 1))
    )
    village = services.create_unit(site_admin, _new(UnitKind.village, "Thôn Dư Hầu", commune, division_type="thôn"))
    committee = services.create_unit(
        site_admin, _new(UnitKind.body, "UBND huyện Minh Long", district, body_type=BodyType.people_committee)
    )
    bodies = [
        services.create_unit(site_admin, _new(UnitKind.body, name, parent, body_type=body_type))
        for name, parent, body_type in [
            ("Thường trực HĐND huyện Minh Long", district, BodyType.people_council),
            ("Phòng Nội vụ", committee, BodyType.office),
            ("Thanh tra huyện", committee, BodyType.inspectorate),
            ("Ủy ban MTTQ Việt Nam xã Long Hiệp", commune, BodyType.fatherland_front),
            ("Ban Thanh tra nhân dân xã Long Hiệp", commune, BodyType.people_inspection_board),
            ("Ban Giám sát đầu tư của cộng đồng xã Long Hiệp", commune, BodyType.investment_supervision_board),
        ]
    ]

    assert district.parent == quang_ngai and district.is_historical and district.source == UnitSource.manual
    assert district.created_at == NOW and district.division_type == "huyện"
    assert village.ancestors() == [commune, district, quang_ngai]
    codes = [unit.code for unit in (district, commune, village, committee, *bodies)]
    assert all(re.fullmatch(r"X\d{5}", code) for code in codes) and len(set(codes)) == len(codes)
    assert services.list_children(district) == {
        UnitKind.body: [bodies[0], committee],
        UnitKind.commune: [commune],
    }
    assert services.list_children(committee) == {UnitKind.body: [bodies[1], bodies[2]]}
    assert services.list_children(commune)[UnitKind.village] == [village]
    created = _events(db_session, "units.created")
    assert len(created) == 10 and created[0].unit_id == district.id and created[0].actor_id == site_admin.id
    assert created[0].details == {
        "code": district.code,
        "name": "Huyện Minh Long",
        "kind": "district",
        "parent": "51",
        "dissolved_on": "2025-07-01",
    }


def test_manual_codes_count_up_past_spelled_out_codes(create_unit, site_admin, quang_ngai):
    create_unit(name="Huyện Vĩnh Cửu", kind=UnitKind.district, code="XVINHCUU", parent=quang_ngai)
    create_unit(name="Huyện Ia Pa", kind=UnitKind.district, code="X00041", parent=quang_ngai)
    unit = services.create_unit(site_admin, _new(UnitKind.district, "Huyện Sơn Hà", quang_ngai))
    assert unit.code == "X00042"


def test_a_code_taken_at_the_same_moment_is_retried(monkeypatch, create_unit, site_admin, quang_ngai):
    create_unit(name="Huyện Ba Tơ", kind=UnitKind.district, code="X00001", parent=quang_ngai)
    proposals = iter(["X00001", "X00002"])
    monkeypatch.setattr(services, "_next_manual_code", lambda: next(proposals))
    unit = services.create_unit(site_admin, _new(UnitKind.district, "Huyện Sơn Tây", quang_ngai))
    assert unit.code == "X00002" and services.get_unit_by_code("X00002") == unit


def test_giving_up_after_repeated_clashes_is_a_conflict(monkeypatch, create_unit, site_admin, quang_ngai):
    create_unit(name="Huyện Ba Tơ", kind=UnitKind.district, code="X00001", parent=quang_ngai)
    monkeypatch.setattr(services, "_next_manual_code", lambda: "X00001")
    with pytest.raises(Conflict):
        services.create_unit(site_admin, _new(UnitKind.district, "Huyện Sơn Tây", quang_ngai))


def test_names_are_stored_composed_with_single_spaces(site_admin, quang_ngai):
    unit = services.create_unit(
        site_admin, _new(UnitKind.district, "  " + unicodedata.normalize("NFD", "Huyện   Minh\tLong") + " ", quang_ngai)
    )
    assert unit.name == "Huyện Minh Long" and unicodedata.is_normalized("NFC", unit.name)
    assert unit.search_name == "huyen minh long"


@pytest.mark.parametrize(
    ("kind", "name", "parent", "fields", "message"),
    [
        (UnitKind.commune, "", "province", {}, "Enter the name of the unit."),
        (UnitKind.commune, " \t ", "province", {}, "Enter the name of the unit."),
        (UnitKind.commune, "x" * 201, "province", {}, "at most 200 characters"),
        (UnitKind.commune, "x" * 100_000, "province", {}, "at most 200 characters"),
        (UnitKind.commune, "Xã\x00A", "province", {}, "without control characters"),
        (UnitKind.commune, "Xã A", "province", {"division_type": "x" * 65}, "at most 64 characters"),
        (UnitKind.body, "Phòng Nội vụ", "province", {}, "Choose what kind of body this is."),
        (UnitKind.body, "Phòng Nội vụ", None, {"body_type": BodyType.office}, "A body belongs to a unit."),
        (UnitKind.commune, "Xã A", "province", {"body_type": BodyType.office}, "Only a body has a body type."),
        (UnitKind.commune, "Xã A", "village", {}, "belongs to a province or a district"),
        (UnitKind.commune, "Xã A", None, {}, "belongs to a province or a district"),
        (UnitKind.village, "Thôn 1", "province", {}, "belongs to a commune or ward"),
        (UnitKind.district, "Huyện A", "commune", {}, "A district belongs to a province."),
        (UnitKind.province, "Tỉnh A", "province", {}, "A province belongs to no other unit."),
    ],
)
def test_invalid_units_are_refused_with_a_reason(
    english, site_admin, create_unit, quang_ngai, kind, name, parent, fields, message
):
    commune = create_unit(name="Xã Long Hiệp", parent=quang_ngai)
    parents = {
        None: None,
        "province": quang_ngai,
        "commune": commune,
        "village": create_unit(name="Thôn 1", kind=UnitKind.village, parent=commune),
    }
    with pytest.raises(InvalidInput, match=re.escape(message)):
        services.create_unit(site_admin, _new(kind, name, parents[parent], **fields))


@pytest.mark.parametrize("code", ["NOPE", "x" * 10_000, "5\x001"])
def test_an_unknown_parent_code_is_refused(english, site_admin, code):
    with pytest.raises(InvalidInput, match="There is no unit with the code"):
        services.create_unit(site_admin, services.NewUnit(kind=UnitKind.district, name="Huyện A", parent_code=code))


@pytest.mark.parametrize("code", ["NOPE", "", "x" * 10_000, "51\x00", "５１"])
def test_unknown_codes_are_not_found(quang_ngai, code):
    with pytest.raises(NotFound):
        services.get_unit_by_code(code)


def test_a_handler_or_a_unit_head_cannot_add_units(create_user, create_unit):
    commune = create_unit()
    for role in (Role.handler, Role.unit_head, Role.inspector):
        official = create_user(role=role, unit=commune)
        with pytest.raises(NotAllowed):
            services.create_unit(official, _new(UnitKind.village, "Thôn 2", commune))


def test_a_unit_admin_adds_inside_its_own_unit_only(create_user, create_unit):
    commune, other = create_unit(), create_unit(name="Xã Khác")
    admin = create_user(role=Role.unit_admin, unit=commune)
    village = services.create_unit(admin, _new(UnitKind.village, "Thôn 2", commune))
    board = services.create_unit(
        admin, _new(UnitKind.body, "Ban Thanh tra nhân dân", commune, body_type=BodyType.people_inspection_board)
    )
    assert village.parent == commune and board.parent == commune
    with pytest.raises(NotAllowed):
        services.create_unit(admin, _new(UnitKind.village, "Thôn 3", other))
    with pytest.raises(NotAllowed):
        services.create_unit(admin, _new(UnitKind.province, "Tỉnh Mới"))


def test_only_a_whole_site_admin_adds_a_top_level_unit(create_user, site_admin, quang_ngai):
    province_admin = create_user(role=Role.site_admin, unit=quang_ngai)
    with pytest.raises(NotAllowed):
        services.create_unit(province_admin, _new(UnitKind.province, "Tỉnh Mới"))
    district = services.create_unit(province_admin, _new(UnitKind.district, "Huyện Trà Bồng", quang_ngai))
    assert district.parent == quang_ngai
    province = services.create_unit(
        site_admin, _new(UnitKind.province, "Tỉnh Quảng Nam", dissolved_on=date(2025, 7, 1))
    )
    assert province.parent is None and province.is_historical


def test_a_unit_is_edited_by_the_administrators_of_the_unit_above(create_user, create_unit, quang_ngai):
    commune = create_unit(name="Xã Long Hiệp", parent=quang_ngai)
    commune_admin = create_user(role=Role.unit_admin, unit=commune)
    province_admin = create_user(role=Role.unit_admin, unit=quang_ngai)
    assert services.may_add_to(commune_admin, commune) and not services.may_edit_unit(commune_admin, commune)
    assert services.may_edit_unit(province_admin, commune) and not services.may_edit_unit(province_admin, quang_ngai)
    with pytest.raises(NotAllowed):
        services.update_unit(commune_admin, commune, _new(UnitKind.commune, "Xã Đổi Tên", quang_ngai))
    services.update_unit(province_admin, commune, _new(UnitKind.commune, "Xã Long Hiệp Mới", quang_ngai))
    assert commune.name == "Xã Long Hiệp Mới"


def test_editing_records_what_changed_and_keeps_search_in_step(db_session, site_admin, create_unit, quang_ngai):
    commune = create_unit(name="Xã Long Hiệp", parent=quang_ngai)
    village = services.create_unit(site_admin, _new(UnitKind.village, "Thôn 1", commune))
    services.update_unit(
        site_admin, village, _new(UnitKind.village, "Thôn Đồng Tâm", commune, division_type="thôn"), now=NOW
    )
    assert services.search_units("dong tam") == [village] and services.search_units("thon 1") == []
    event = _events(db_session, "units.updated")[-1]
    assert (event.unit_id, event.actor_id, event.occurred_at.replace(tzinfo=UTC)) == (village.id, site_admin.id, NOW)
    assert event.details == {
        "code": village.code,
        "before": {"name": "Thôn 1", "division_type": ""},
        "after": {"name": "Thôn Đồng Tâm", "division_type": "thôn"},
    }


def test_a_unit_cannot_be_moved_inside_itself_or_its_descendants(english, site_admin, quang_ngai):
    board = services.create_unit(site_admin, _new(UnitKind.body, "Ban A", quang_ngai, body_type=BodyType.other))
    team = services.create_unit(site_admin, _new(UnitKind.body, "Tổ B", board, body_type=BodyType.other))
    group = services.create_unit(site_admin, _new(UnitKind.body, "Nhóm C", team, body_type=BodyType.other))
    for target in (board, team, group):
        with pytest.raises(InvalidInput, match="inside itself"):
            services.update_unit(site_admin, board, _new(UnitKind.body, "Ban A", target, body_type=BodyType.other))
    assert board.parent == quang_ngai


def test_a_unit_with_sub_units_keeps_a_kind_they_can_stay_in(english, site_admin, create_unit, quang_ngai):
    commune = services.create_unit(site_admin, _new(UnitKind.commune, "Xã A", quang_ngai))
    services.create_unit(site_admin, _new(UnitKind.village, "Thôn 1", commune))
    with pytest.raises(InvalidInput, match="could not stay there"):
        services.update_unit(site_admin, commune, _new(UnitKind.body, "Xã A", quang_ngai, body_type=BodyType.other))
    assert commune.kind == UnitKind.commune


def test_moving_needs_authority_over_the_new_place(create_user, create_unit, quang_ngai):
    mine, theirs = create_unit(name="Xã Mình", parent=quang_ngai), create_unit(name="Xã Khác", parent=quang_ngai)
    admin = create_user(role=Role.unit_admin, unit=mine)
    village = services.create_unit(admin, _new(UnitKind.village, "Thôn 1", mine))
    with pytest.raises(NotAllowed):
        services.update_unit(admin, village, _new(UnitKind.village, "Thôn 1", theirs))
    assert village.parent == mine


def test_official_units_change_only_by_import_but_may_be_dissolved(english, db_session, site_admin, create_unit):
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province, source=UnitSource.official_list)
    commune = create_unit(name="Xã Ia Pa", parent=province, source=UnitSource.official_list, division_type="xã")
    other = create_unit(name="Tỉnh Khác", kind=UnitKind.province)
    for change in (
        _new(UnitKind.commune, "Xã Khác", province, division_type="xã"),
        _new(UnitKind.commune, "Xã Ia Pa", other, division_type="xã"),
        _new(UnitKind.village, "Xã Ia Pa", province, division_type="xã"),
        _new(UnitKind.commune, "Xã Ia Pa", province, division_type="phường"),
    ):
        with pytest.raises(InvalidInput, match="only by importing the list again"):
            services.update_unit(site_admin, commune, change)
    services.update_unit(
        site_admin,
        commune,
        _new(UnitKind.commune, "Xã Ia Pa", province, division_type="xã", dissolved_on=date(2030, 1, 1)),
    )
    assert (commune.name, commune.parent, commune.dissolved_on) == ("Xã Ia Pa", province, date(2030, 1, 1))
    assert _events(db_session, "units.updated")[-1].details["after"] == {"dissolved_on": "2030-01-01"}


def test_an_official_commune_may_be_marked_a_remote_area(db_session, site_admin, create_unit):
    """No list says which communes are remote; the administrator does, and complaints there get longer periods."""
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province, source=UnitSource.official_list)
    commune = create_unit(name="Xã Ia Pa", parent=province, source=UnitSource.official_list, division_type="xã")
    services.update_unit(
        site_admin, commune, _new(UnitKind.commune, "Xã Ia Pa", province, division_type="xã", is_remote_area=True)
    )
    assert commune.is_remote_area
    assert _events(db_session, "units.updated")[-1].details["after"] == {"is_remote_area": True}
