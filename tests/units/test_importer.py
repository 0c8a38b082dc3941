from datetime import date

from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.units import services
from portal.units.importer import import_official_units
from portal.units.models import Unit, UnitKind, UnitSource


def _count(db_session, *conditions) -> int:
    return db_session.scalar(select(func.count()).select_from(Unit).where(*conditions))


def test_import_brings_34_provinces_and_3321_communes_and_is_idempotent(db_session, create_unit, site_admin):
    manual = create_unit(name="Huyện Minh Long", kind=UnitKind.district, code="X00001", dissolved_on=date(2025, 7, 1))
    first = import_official_units(actor=site_admin)
    assert (first.provinces, first.communes, first.created, first.updated) == (34, 3321, 3355, 0)
    assert _count(db_session, Unit.source == UnitSource.official_list, Unit.kind == UnitKind.province) == 34
    assert _count(db_session, Unit.source == UnitSource.official_list, Unit.kind == UnitKind.commune) == 3321

    second = import_official_units()
    assert (second.provinces, second.communes, second.created, second.updated) == (34, 3321, 0, 0)
    assert _count(db_session, Unit.source == UnitSource.official_list) == 3355
    assert (manual.name, manual.parent, manual.source) == ("Huyện Minh Long", None, UnitSource.manual)

    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "units.imported")).all()
    assert [event.details for event in events] == [
        {"provinces": 34, "communes": 3321, "created": 3355, "updated": 0},
        {"provinces": 34, "communes": 3321, "created": 0, "updated": 0},
    ]
    assert events[0].actor_id == site_admin.id and events[1].actor_id is None


def test_codes_names_and_division_types_follow_the_official_list(db_session):
    import_official_units()
    hanoi, thanh_hoa = services.get_unit_by_code("01"), services.get_unit_by_code("38")
    assert (hanoi.name, hanoi.division_type, hanoi.parent) == ("Thành phố Hà Nội", "thành phố trung ương", None)
    assert (thanh_hoa.name, thanh_hoa.division_type) == ("Tỉnh Thanh Hóa", "tỉnh")
    ward = services.get_unit_by_code("00070")
    assert (ward.name, ward.kind, ward.division_type, ward.parent) == (
        "Phường Hoàn Kiếm",
        UnitKind.commune,
        "phường",
        hanoi,
    )
    commune = services.get_unit_by_code("15271")
    assert (commune.name, commune.division_type, commune.parent) == ("Xã Hà Trung", "xã", thanh_hoa)
    assert services.get_unit_by_code("06994").division_type == "đặc khu"
    assert services.search_units("dong nai", kinds=(UnitKind.province,))[0].name == "Tỉnh Đồng Nai"


def test_import_again_repairs_changed_units_and_keeps_what_administrators_added(db_session, site_admin):
    import_official_units()
    hanoi = services.get_unit_by_code("01")
    ward, commune = services.get_unit_by_code("00070"), services.get_unit_by_code("15271")
    ward.name, ward.search_name, ward.parent = "Phường Cũ", "phuong cu", services.get_unit_by_code("38")
    commune.dissolved_on = date(2030, 1, 1)
    village = services.create_unit(
        site_admin, services.NewUnit(kind=UnitKind.village, name="Thôn 1", parent_code="15271")
    )
    db_session.flush()

    result = import_official_units()

    assert (result.created, result.updated) == (0, 1)
    assert (ward.name, ward.parent) == ("Phường Hoàn Kiếm", hanoi)
    assert services.search_units("hoan kiem") == [ward]
    assert commune.dissolved_on == date(2030, 1, 1)
    assert (village.name, village.parent, village.source) == ("Thôn 1", commune, UnitSource.manual)


def test_a_hand_made_unit_with_an_official_code_is_left_alone(db_session, create_unit):
    squatter = create_unit(name="Tổ công tác", kind=UnitKind.commune, code="00070")
    result = import_official_units()
    assert (result.created, result.updated) == (3354, 0)
    assert (squatter.name, squatter.source) == ("Tổ công tác", UnitSource.manual)
