import unicodedata

from portal.accounts.models import Role
from portal.units.models import BodyType, UnitKind


def test_search_page_finds_units_without_accents(page, create_unit):
    province = create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province)
    create_unit(name="Xã Tân Trung", parent=province)
    soup = page("/units/?q=tan+trung")
    results = soup.select("#results + ul li")
    assert [li.a.get_text() for li in results] == ["Xã Tân Trung"]
    assert "Tỉnh Bắc Ninh" in results[0].get_text()


def test_search_with_decomposed_input(page, create_unit):
    create_unit(name="Xã Tân Trung")
    soup = page("/units/", query_string={"q": unicodedata.normalize("NFD", "Tân Trung")})
    assert [a.get_text() for a in soup.select("#results + ul a")] == ["Xã Tân Trung"]


def test_too_long_query_is_an_error_in_the_form_not_a_crash(page):
    soup = page("/units/", query_string={"q": "x" * 10_000})
    assert soup.select_one(".error-summary a")["href"] == "#q"


def test_unit_page_shows_breadcrumbs_children_and_history(page, create_unit):
    from datetime import date

    province = create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province)
    district = create_unit(name="Huyện Tân Yên", kind=UnitKind.district, parent=province, dissolved_on=date(2025, 7, 1))
    commune = create_unit(name="Xã Tân Trung", parent=district, dissolved_on=date(2025, 7, 1))
    create_unit(
        name="Ban Thanh tra nhân dân", kind=UnitKind.body, body_type=BodyType.people_inspection_board, parent=commune
    )
    soup = page(f"/units/{commune.code}")
    assert [a.get_text() for a in soup.select(".breadcrumbs a")] == ["Tỉnh Bắc Ninh", "Huyện Tân Yên"]
    assert soup.select_one("#children-body + ul a").get_text() == "Ban Thanh tra nhân dân"
    assert "01/07/2025" in soup.select_one(".flash-warning").get_text()
    assert soup.select_one("#administer") is None


def test_unknown_unit_is_404(page):
    page("/units/NOPE", expected_status=404)


def test_hostile_names_are_escaped(page, create_unit):
    unit = create_unit(name="<script>alert(1)</script>")
    soup = page(f"/units/{unit.code}")
    assert soup.h1.get_text() == "<script>alert(1)</script>"
    assert soup.find("script") is None


def test_admin_pages_are_refused_to_a_handler(page, create_user, create_unit, login):
    commune = create_unit()
    login(create_user(unit=commune))
    page(f"/units/{commune.code}/edit", expected_status=403)
    page(
        "/units/new",
        method="post",
        data={"kind": "village", "name": "Thôn 9", "parent_code": commune.code},
        expected_status=403,
    )
    page("/units/import", method="post", expected_status=403)


def test_site_admin_adds_a_body_through_the_form(page, client, create_user, create_unit, login):
    commune = create_unit(name="Xã Tân Trung")
    login(create_user(role=Role.site_admin, unit=None))
    form = page(f"/units/new?parent={commune.code}")
    assert form.select_one("#parent_code")["value"] == commune.code
    response = client.post(
        "/units/new",
        data={
            "kind": "body",
            "body_type": "people_inspection_board",
            "name": "Ban Thanh tra nhân dân xã Tân Trung",
            "parent_code": commune.code,
        },
    )
    assert response.status_code == 302
    soup = page(response.headers["Location"])
    assert soup.h1.get_text() == "Ban Thanh tra nhân dân xã Tân Trung"


def test_form_errors_keep_what_was_typed(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page("/units/new", method="post", data={"kind": "village", "name": "Thôn Mới", "parent_code": "NOPE"})
    assert soup.select_one(".error-summary li")
    assert soup.select_one("#name")["value"] == "Thôn Mới"
