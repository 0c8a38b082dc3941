"""A district of sample 001 (Vĩnh Cửu): its People's Committee, the offices its plan names, and their officials."""

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.plans.reading import read_plan
from portal.plans.services import approve_plan, import_plan, publish_plan
from portal.units.models import BodyType, UnitKind
from tests.plans.test_reading import sample_text

IMPORTED_AT = datetime(2024, 3, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def district(create_unit):
    province = create_unit(name="Tỉnh Đồng Nai", kind=UnitKind.province)
    district = create_unit(name="Huyện Vĩnh Cửu", kind=UnitKind.district, parent=province)
    committee = create_unit(
        name="UBND huyện Vĩnh Cửu", kind=UnitKind.body, parent=district, body_type=BodyType.people_committee
    )
    for name in ("Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài nguyên và Môi trường"):
        create_unit(name=name, kind=UnitKind.body, parent=committee, body_type=BodyType.office)
    create_unit(name="Xã Thạnh Phú", kind=UnitKind.commune, parent=district)
    return committee


@pytest.fixture
def office(district):
    return next(unit for unit in district.children if unit.name == "Phòng Nội vụ")


@pytest.fixture
def commune_of_district(district):
    return next(unit for unit in district.parent.children if unit.name == "Xã Thạnh Phú")


@pytest.fixture
def drafter(create_user, district):
    return create_user(role=Role.handler, unit=district, full_name="Trần Thị Lan")


@pytest.fixture
def head(create_user, district):
    return create_user(role=Role.unit_head, unit=district, full_name="Nguyễn Văn Hùng")


@pytest.fixture
def office_handler(create_user, office):
    return create_user(role=Role.handler, unit=office, full_name="Lê Văn Minh")


@pytest.fixture
def proposal():
    return read_plan(sample_text(1))


@pytest.fixture
def draft_plan(proposal, district, drafter):
    return import_plan(proposal, district, drafter, now=IMPORTED_AT)


@pytest.fixture
def published_plan(draft_plan, head):
    approve_plan(draft_plan, head, now=IMPORTED_AT)
    publish_plan(draft_plan, head, now=IMPORTED_AT)
    return draft_plan
