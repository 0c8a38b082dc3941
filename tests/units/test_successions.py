"""The 2025 correspondence, imported from the vietnamadminunits library: real old units and their successors."""

import time
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.core.errors import InvalidInput, NotAllowed
from portal.units import services
from portal.units.importer import import_official_units
from portal.units.models import SuccessionSource, Unit, UnitSuccession
from portal.units.successions import REFORM_DATE, import_successions

TAN_TRUNG, HA_TRUNG_TOWN, HA_TRUNG_DISTRICT, BAC_GIANG = "07309", "15271", "392", "24"


@pytest.fixture
def reformed(db_session):
    """Today's list and the old units the tests name, as `units import` leaves them."""
    import_official_units()
    import_successions(legacy_codes=[TAN_TRUNG, HA_TRUNG_TOWN, HA_TRUNG_DISTRICT])


def _successors(legacy_code):
    unit = services.get_unit_by_code("H" + legacy_code)
    return [(s.successor.code, s.successor.name, s.is_default, s.effective_on) for s in services.successions_of(unit)]


def test_a_commune_merged_whole_leads_to_the_one_commune_that_took_it(reformed):
    old = services.find_place(TAN_TRUNG)
    assert (old.name, old.is_historical, old.legacy_code, old.parent.name, old.parent.parent.name) == (
        "Xã Tân Trung", True, TAN_TRUNG, "Huyện Tân Yên", "Tỉnh Bắc Giang")
    assert _successors(TAN_TRUNG) == [("07306", "Xã Nhã Nam", True, REFORM_DATE)]
    assert "Xã Tân Trung" in [p.predecessor.name for p in services.predecessions_of(services.get_unit_by_code("07306"))]


def test_a_commune_split_between_two_new_ones_lists_both_the_larger_part_first(reformed):
    assert _successors(HA_TRUNG_TOWN) == [
        ("15271", "Xã Hà Trung", True, REFORM_DATE),
        ("15286", "Xã Hoạt Giang", False, REFORM_DATE),
    ]


def test_a_district_leads_to_the_province_whose_bodies_took_over_its_offices(reformed):
    district = services.find_place(HA_TRUNG_DISTRICT)
    assert (district.name, district.kind.value, district.parent.code) == ("Huyện Hà Trung", "district", "38")
    assert _successors(HA_TRUNG_DISTRICT) == [("38", "Tỉnh Thanh Hóa", True, REFORM_DATE)]


def test_a_province_merged_into_another_leads_to_it(reformed):
    assert _successors(BAC_GIANG) == [("24", "Tỉnh Bắc Ninh", True, REFORM_DATE)]
    assert services.find_place(BAC_GIANG).code == "24", "today's code wins over an old one that is the same"
    assert services.find_place(HA_TRUNG_TOWN).name == "Xã Hà Trung"
    assert services.find_place(TAN_TRUNG).code == "H" + TAN_TRUNG, "an old code nobody uses today finds the old unit"


def test_the_whole_import_takes_seconds_and_running_it_again_changes_nothing(db_session):
    import_official_units()
    started = time.perf_counter()
    first = import_successions()
    elapsed = time.perf_counter() - started
    units = db_session.scalar(select(func.count()).select_from(Unit).where(Unit.legacy_code.is_not(None)))
    rows = db_session.scalar(select(func.count()).select_from(UnitSuccession))
    second = import_successions()
    assert first.created_units == units > 9_000 and first.created_successions == rows > 10_000
    assert (second.created_units, second.created_successions) == (0, 0)
    assert db_session.scalar(select(func.count()).select_from(UnitSuccession)) == rows
    assert elapsed < 30


def test_an_administrator_corrects_a_succession_and_the_import_keeps_the_correction(reformed, create_user, english):
    admin = create_user(role=Role.site_admin, unit=None)
    services.set_successors(admin, "H" + HA_TRUNG_TOWN, ["15286"], date(2025, 7, 1))
    import_successions(legacy_codes=[HA_TRUNG_TOWN])
    rows = services.successions_of(services.get_unit_by_code("H" + HA_TRUNG_TOWN))
    assert [(r.successor.code, r.is_default, r.source) for r in rows] == [("15286", True, SuccessionSource.manual)]


def test_a_succession_is_refused_for_a_current_unit_an_unknown_code_or_an_outsider(reformed, create_user, english):
    admin = create_user(role=Role.site_admin, unit=None)
    with pytest.raises(InvalidInput, match="still exists"):
        services.set_successors(admin, "15271", ["15286"], date(2025, 7, 1))
    with pytest.raises(InvalidInput, match="no unit with the code 99999"):
        services.set_successors(admin, "H" + TAN_TRUNG, ["99999"], date(2025, 7, 1))
    with pytest.raises(InvalidInput, match="no longer exists either"):
        services.set_successors(admin, "H" + TAN_TRUNG, ["H" + HA_TRUNG_TOWN], date(2025, 7, 1))
    outsider = create_user(role=Role.unit_admin, unit=services.get_unit_by_code("38"))
    with pytest.raises(NotAllowed):
        services.set_successors(outsider, "H" + TAN_TRUNG, ["07306"], date(2025, 7, 1))


@pytest.mark.parametrize("query", ["Tân Trung Tân Yên", "tan trung tan yen", "xa Tan Trung, huyen Tan Yen"])
def test_searching_an_old_commune_with_its_district_shows_it_historical_and_where_it_went(reformed, page,
                                                                                        english_pages, query):
    soup = page(f"/units/?q={query}")
    [line] = soup.select(".search-results li")
    assert line.select_one(".unit-name").get_text() == "Xã Tân Trung"
    assert " ".join(line.select_one(".unit-succeeded-by").get_text().split()) == "since 01/07/2025 part of Xã Nhã Nam"
    assert line.select_one(".unit-successor")["href"] == "/units/07306"


@pytest.mark.parametrize("query", ["huyện Hà Trung", "huyen ha trung", "HUYEN HA TRUNG"])
def test_an_old_district_is_found_first_and_leads_to_the_province(reformed, page, english_pages, query):
    soup = page(f"/units/?q={query}")
    first = soup.select(".search-results li")[0]
    assert first.select_one(".unit-name").get_text() == "Huyện Hà Trung"
    assert first.select_one(".unit-successor").get_text() == "Tỉnh Thanh Hóa"
    district = page(first.select_one(".unit-name")["href"])
    assert " ".join(district.select_one(".unit-successors").get_text().split()) == (
        "Since 01/07/2025 it is part of Tỉnh Thanh Hóa."
    )


def test_a_split_commune_names_both_parts_and_each_names_it_among_the_units_it_took_over(reformed, page,
                                                                                       english_pages):
    soup = page("/units/H15271")
    assert [a.get_text() for a in soup.select(".unit-successors .unit-successor")] == ["Xã Hà Trung", "Xã Hoạt Giang"]
    taken = page("/units/15286")
    assert "Thị trấn Hà Trung" in [a.get_text() for a in taken.select(".unit-predecessors .unit-name")]
