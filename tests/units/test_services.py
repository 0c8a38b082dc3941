import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.core.errors import InvalidInput, NotAllowed
from portal.units import services
from portal.units.importer import import_official_units
from portal.units.models import BodyType, Unit, UnitKind, UnitSource


def test_import_brings_34_provinces_and_3321_communes_and_is_idempotent(db_session, create_unit):
    manual = create_unit(name="Huyện Minh Long", kind=UnitKind.district, code="X00001")
    first = import_official_units()
    assert (first.provinces, first.communes, first.created, first.updated) == (34, 3321, 3355, 0)
    second = import_official_units()
    assert (second.created, second.updated) == (0, 0)
    assert (
        db_session.scalar(select(func.count()).select_from(Unit).where(Unit.source == UnitSource.official_list)) == 3355
    )
    assert manual.name == "Huyện Minh Long"
    province = services.get_unit_by_code("38")
    assert province.name == "Tỉnh Thanh Hóa"
    commune = services.get_unit_by_code("15271")
    assert (commune.name, commune.parent, commune.kind) == ("Xã Hà Trung", province, UnitKind.commune)


@pytest.mark.parametrize(
    "query",
    ["tan trung", "TÂN TRUNG", "Tân Trung", unicodedata.normalize("NFD", "Tân Trung"), "  tan   trung "],
)
def test_search_ignores_accents_case_and_normalization(create_unit, query):
    unit = create_unit(name="Xã Tân Trung")
    create_unit(name="Xã Tân Yên")
    assert services.search_units(query) == [unit]


def test_search_folds_d_with_stroke(create_unit):
    unit = create_unit(name="Tỉnh Đồng Nai", kind=UnitKind.province)
    assert services.search_units("dong nai") == [unit]


@pytest.mark.parametrize("query", ["%", "_", "\\", "%%", "x" * 10_000])
def test_like_wildcards_match_literally(create_unit, query):
    create_unit(name="Xã Tân Trung")
    assert services.search_units(query) == []


def test_current_units_come_before_historical_ones(create_unit):
    old = create_unit(name="Thị trấn Hà Trung", dissolved_on=date(2025, 7, 1))
    current = create_unit(name="Xã Hà Trung")
    assert services.search_units("ha trung") == [current, old]


def test_site_admin_adds_a_historical_district_with_a_commune_and_bodies(create_user, create_unit, db_session):
    admin = create_user(role=Role.site_admin, unit=None)
    province = create_unit(name="Tỉnh Quảng Ngãi", kind=UnitKind.province, code="51")
    district = services.create_unit(
        admin,
        services.UnitData(
            kind=UnitKind.district,
            name="Huyện Minh Long",
            parent_code="51",
            division_type="huyện",
            dissolved_on=date(2025, 7, 1),
        ),
    )
    council = services.create_unit(
        admin,
        services.UnitData(
            kind=UnitKind.body,
            name="Thường trực HĐND huyện Minh Long",
            parent_code=district.code,
            body_type=BodyType.people_council,
        ),
    )
    assert district.parent == province and district.is_historical and district.code.startswith("X")
    assert council.parent == district and council.code != district.code
    assert services.list_children(district) == {UnitKind.body: [council]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": UnitKind.body, "name": "Phòng Nội vụ"}, "Hãy chọn loại cơ quan"),
        ({"kind": UnitKind.village, "name": "Thôn 1"}, "Không thể đặt loại đơn vị"),
        ({"kind": UnitKind.commune, "name": ""}, "Hãy nhập tên đơn vị"),
        ({"kind": UnitKind.commune, "name": "x" * 201}, "tối đa 200"),
        ({"kind": UnitKind.commune, "name": "Xã A", "body_type": BodyType.office}, "Chỉ cơ quan, tổ chức"),
    ],
)
def test_invalid_units_are_refused_with_a_translated_reason(create_user, create_unit, data, message):
    admin = create_user(role=Role.site_admin, unit=None)
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province)
    with pytest.raises(InvalidInput, match=message):
        services.create_unit(admin, services.UnitData(parent_code=province.code, **data))


def test_a_handler_cannot_add_units(create_user, create_unit):
    commune = create_unit()
    handler = create_user(unit=commune)
    with pytest.raises(NotAllowed):
        services.create_unit(handler, services.UnitData(kind=UnitKind.village, name="Thôn 2", parent_code=commune.code))


def test_a_unit_admin_adds_villages_inside_its_commune_only(create_user, create_unit):
    commune, other = create_unit(), create_unit(name="Xã Khác")
    admin = create_user(role=Role.unit_admin, unit=commune)
    village = services.create_unit(
        admin, services.UnitData(kind=UnitKind.village, name="Thôn 2", parent_code=commune.code)
    )
    assert village.parent == commune
    with pytest.raises(NotAllowed):
        services.create_unit(admin, services.UnitData(kind=UnitKind.village, name="Thôn 3", parent_code=other.code))


def test_a_unit_cannot_be_moved_inside_itself(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    province = create_unit(name="Tỉnh A", kind=UnitKind.province)
    body = services.create_unit(
        admin, services.UnitData(kind=UnitKind.body, name="Ban A", parent_code=province.code, body_type=BodyType.other)
    )
    inner = services.create_unit(
        admin, services.UnitData(kind=UnitKind.body, name="Tổ B", parent_code=body.code, body_type=BodyType.other)
    )
    with pytest.raises(InvalidInput, match="vào chính nó"):
        services.update_unit(
            admin,
            body,
            services.UnitData(kind=UnitKind.body, name="Ban A", parent_code=inner.code, body_type=BodyType.other),
        )


def test_official_units_are_renamed_only_by_import_but_may_be_dissolved(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province, source=UnitSource.official_list)
    with pytest.raises(InvalidInput):
        services.update_unit(admin, province, services.UnitData(kind=UnitKind.province, name="Tỉnh Khác"))
    services.update_unit(
        admin, province, services.UnitData(kind=UnitKind.province, name="Tỉnh Gia Lai", dissolved_on=date(2030, 1, 1))
    )
    assert province.dissolved_on == date(2030, 1, 1)


def test_renaming_keeps_search_in_step(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None)
    province = create_unit(name="Tỉnh A", kind=UnitKind.province)
    village_parent = create_unit(name="Xã B", parent=province)
    village = services.create_unit(
        admin, services.UnitData(kind=UnitKind.village, name="Thôn 1", parent_code=village_parent.code)
    )
    services.update_unit(
        admin, village, services.UnitData(kind=UnitKind.village, name="Thôn Đồng Tâm", parent_code=village_parent.code)
    )
    assert services.search_units("dong tam") == [village]
