"""The portal's search ignores case, diacritics and Unicode normalization form, on SQLite and PostgreSQL alike."""

import unicodedata
from datetime import date

import pytest

from portal.units import services
from portal.units.models import UnitKind


@pytest.fixture
def tan_trung(create_unit):
    province = create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province)
    create_unit(name="Xã Tân Yên", parent=province)
    create_unit(name="Xã Trung Tân", parent=province)
    return create_unit(name="Xã Tân Trung", parent=province)


@pytest.mark.parametrize(
    "query",
    [
        "tan trung",
        "TAN TRUNG",
        "TÂN TRUNG",
        "Tân Trung",
        "tÂn TrUnG",
        unicodedata.normalize("NFD", "Tân Trung"),
        unicodedata.normalize("NFD", "TÂN TRUNG"),
        "  tan \t  trung ",
        "xa tan trung",
    ],
)
def test_search_ignores_accents_case_spacing_and_normalization(tan_trung, query):
    assert services.search_units(query) == [tan_trung]


def test_a_name_stored_decomposed_is_found_by_a_composed_query(create_unit):
    unit = create_unit(name=unicodedata.normalize("NFD", "Xã Tân Trung"))
    assert services.search_units("Tân Trung") == [unit]


@pytest.mark.parametrize(
    "query", ["dong nai", "DONG NAI", "Đồng Nai", "ĐỒNG NAI", "đồng nai", unicodedata.normalize("NFD", "Đồng Nai")]
)
def test_d_with_stroke_is_found_as_d(create_unit, query):
    unit = create_unit(name="Tỉnh Đồng Nai", kind=UnitKind.province)
    create_unit(name="Tỉnh Lâm Đồng", kind=UnitKind.province)
    assert services.search_units(query) == [unit]


@pytest.mark.parametrize("query", ["%", "_", "%%", "_%", "\\", "\\%", "%a%", "a_b", "*", "'", '"', "x" * 10_000])
def test_like_wildcards_and_odd_queries_match_nothing(create_unit, query):
    create_unit(name="Xã Tân Trung")
    create_unit(name="Xã Tân Yên")
    assert services.search_units(query) == []


def test_wildcard_characters_match_themselves(create_unit):
    percent = create_unit(name="Tổ 100% hộ nghèo")
    underscore = create_unit(name="Thôn A_B")
    create_unit(name="Thôn AXB")
    assert services.search_units("100%") == [percent]
    assert services.search_units("a_b") == [underscore]


@pytest.mark.parametrize("query", ["\x00", "tan\x00trung", "\x1b[31m", "\ud800"])
def test_control_characters_and_broken_text_do_not_reach_the_database(create_unit, query):
    create_unit(name="Xã Tân Trung")
    assert services.search_units(query) == []


def test_empty_queries_find_nothing(create_unit):
    create_unit(name="Xã Tân Trung")
    assert services.search_units("") == services.search_units("   ") == services.search_units(None) == []


def test_current_units_come_before_historical_ones_then_closer_names(create_unit):
    old = create_unit(name="Thị trấn Hà Trung", dissolved_on=date(2025, 7, 1))
    longer = create_unit(name="Xã Hà Trung Mới")
    current = create_unit(name="Xã Hà Trung")
    assert services.search_units("ha trung") == [current, longer, old]


def test_search_is_limited_and_filtered_by_kind_and_parent(create_unit):
    province = create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province)
    communes = [create_unit(name=f"Xã Hà {number}", parent=province) for number in range(5)]
    create_unit(name="Xã Hà Lạc")
    assert len(services.search_units("ha", limit=3)) == 3
    assert set(services.search_units("xa ha", parent=province)) == set(communes)
    assert services.search_units("thanh hoa", kinds=(UnitKind.commune,)) == []
    assert services.search_units("thanh hoa", kinds=(UnitKind.province,)) == [province]
