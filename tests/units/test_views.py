import unicodedata
from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.units.models import BodyType, UnitKind, UnitSource


@pytest.fixture
def thanh_hoa(create_unit):
    return create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province, code="38", source=UnitSource.official_list)


def _switch_to(client, login, user):
    client.post("/accounts/logout")
    login(user)


def _texts(soup, selector):
    return [tag.get_text(" ", strip=True) for tag in soup.select(selector)]


def test_search_without_accents_shows_name_place_kind_and_history(page, create_unit, thanh_hoa):
    create_unit(name="Xã Hà Trung", parent=thanh_hoa, code="15271")
    district = create_unit(
        name="Huyện Hà Trung", kind=UnitKind.district, parent=thanh_hoa, dissolved_on=date(2025, 7, 1)
    )
    create_unit(name="Thị trấn Hà Trung", parent=district, dissolved_on=date(2025, 7, 1))
    soup = page("/units/?q=ha+trung")
    rows = soup.select(".search-results li")
    assert [row.select_one(".unit-name").get_text() for row in rows] == [
        "Xã Hà Trung",
        "Huyện Hà Trung",
        "Thị trấn Hà Trung",
    ]
    assert rows[0].select_one(".unit-name")["href"] == "/units/15271"
    assert _texts(soup, ".search-results .unit-parents") == [
        "· Tỉnh Thanh Hóa",
        "· Tỉnh Thanh Hóa",
        "· Huyện Hà Trung · Tỉnh Thanh Hóa",
    ]
    assert rows[0].select_one(".unit-kind") is not None and rows[0].select_one(".unit-historical") is None
    assert "01/07/2025" in rows[2].select_one(".unit-historical").get_text()
    assert soup.select_one("#provinces") is None


@pytest.mark.parametrize(
    "query", ["tan trung", "TÂN TRUNG", "TAN TRUNG", unicodedata.normalize("NFD", "Tân Trung"), "  Tân   Trung  "]
)
def test_search_ignores_accents_case_and_normalization(page, create_unit, query):
    create_unit(name="Xã Tân Trung")
    create_unit(name="Xã Tân Yên")
    soup = page("/units/", query_string={"q": query})
    assert _texts(soup, ".search-results .unit-name") == ["Xã Tân Trung"]


def test_without_a_query_the_current_provinces_are_listed(page, create_unit, thanh_hoa):
    create_unit(name="Tỉnh Đồng Nai", kind=UnitKind.province)
    create_unit(name="Tỉnh Hà Tây", kind=UnitKind.province, dissolved_on=date(2008, 8, 1))
    soup = page("/units/")
    assert _texts(soup, ".province-list a") == ["Tỉnh Đồng Nai", "Tỉnh Thanh Hóa"]
    assert soup.select_one("#results") is None and soup.select_one(".error-summary") is None


@pytest.mark.parametrize("query", ["%", "_", "%%"])
def test_wildcards_and_control_characters_find_nothing(page, create_unit, query):
    create_unit(name="Xã Tân Trung")
    soup = page("/units/", query_string={"q": query})
    assert soup.select_one("#results") is not None and soup.select(".search-results li") == []


@pytest.mark.parametrize("length", [101, 10_000, 100_000])
def test_too_long_query_is_an_error_in_the_form_not_a_crash(page, length):
    soup = page("/units/", query_string={"q": "x" * length})
    assert soup.select_one(".error-summary a")["href"] == "#q"
    assert soup.select_one("#results") is None


def test_unit_page_shows_breadcrumbs_facts_bodies_and_sub_units(page, create_unit, thanh_hoa):
    district = create_unit(
        name="Huyện Hà Trung",
        kind=UnitKind.district,
        parent=thanh_hoa,
        dissolved_on=date(2025, 7, 1),
        division_type="huyện",
    )
    town = create_unit(
        name="Thị trấn Hà Trung", parent=district, dissolved_on=date(2025, 7, 1), division_type="thị trấn"
    )
    create_unit(
        name="Ủy ban MTTQ thị trấn Hà Trung", kind=UnitKind.body, body_type=BodyType.fatherland_front, parent=town
    )
    create_unit(
        name="Ban Thanh tra nhân dân", kind=UnitKind.body, body_type=BodyType.people_inspection_board, parent=town
    )
    create_unit(name="Tổ dân phố 1", kind=UnitKind.village, parent=town)

    soup = page(f"/units/{town.code}")

    assert _texts(soup, ".breadcrumbs a") == ["Tỉnh Thanh Hóa", "Huyện Hà Trung"]
    assert soup.select_one(".breadcrumbs a")["href"] == "/units/38"
    assert soup.h1.get_text() == "Thị trấn Hà Trung"
    assert soup.select_one(".unit-code").get_text() == town.code
    assert soup.select_one(".unit-division-type").get_text() == "thị trấn"
    assert soup.select_one(".unit-kind").get_text()
    assert "01/07/2025" in soup.select_one(".historical-notice").get_text()
    assert [section["aria-labelledby"] for section in soup.select("section[aria-labelledby^=children-]")] == [
        "children-body",
        "children-village",
    ]
    assert _texts(soup, "#children-body + ul .unit-name") == ["Ban Thanh tra nhân dân", "Ủy ban MTTQ thị trấn Hà Trung"]
    assert _texts(soup, "#children-village + ul .unit-name") == ["Tổ dân phố 1"]
    assert soup.select_one("#administer") is None


def test_a_province_lists_all_its_communes_compactly(page, create_unit, thanh_hoa):
    for number in range(166):
        create_unit(name=f"Xã Số {number:03d}", parent=thanh_hoa)
    soup = page("/units/38")
    communes = soup.select_one("#children-commune + ul")
    assert {"columns", "compact"} <= set(communes["class"])
    assert len(communes.select("li")) == 166
    assert soup.select_one(".breadcrumbs") is None


def test_unknown_unit_is_the_translated_404_page(page):
    for code in ("NOPE", "x" * 5000, "38%00", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
        soup = page(f"/units/{code}", expected_status=404)
        assert soup.h1.get_text() == "Không tìm thấy trang"
        assert soup.find("script") is None


def test_administrators_see_the_links_their_role_allows(page, client, login, create_user, create_unit, thanh_hoa):
    commune = create_unit(name="Xã Hà Trung", parent=thanh_hoa)
    login(create_user(role=Role.unit_admin, unit=commune))
    soup = page(f"/units/{commune.code}")
    assert soup.select_one(".admin-links .add-unit")["href"] == f"/units/new?parent={commune.code}"
    assert soup.select_one(".admin-links .edit-unit") is None

    _switch_to(client, login, create_user(role=Role.unit_admin, unit=thanh_hoa))
    soup = page(f"/units/{commune.code}")
    assert soup.select_one(".admin-links .edit-unit")["href"] == f"/units/{commune.code}/edit"
    assert soup.select_one(".admin-links .add-unit") is not None


def test_admin_pages_are_refused_to_a_handler(page, create_user, create_unit, login, thanh_hoa):
    commune = create_unit(parent=thanh_hoa)
    login(create_user(unit=commune))
    for url in (f"/units/new?parent={commune.code}", "/units/new", f"/units/{commune.code}/edit"):
        soup = page(url, expected_status=403)
        assert soup.h1.get_text() == "Bạn không có quyền truy cập trang này"
    page(
        "/units/new",
        method="post",
        data={"kind": "village", "name": "Thôn 9", "parent_code": commune.code},
        expected_status=403,
    )
    page(f"/units/{commune.code}/edit", method="post", data={"kind": "commune", "name": "X"}, expected_status=403)
    page("/units/import", method="post", expected_status=403)
    assert page("/units/").select_one(".import-form") is None
    assert page(f"/units/{commune.code}").select_one(".admin-links") is None


def test_admin_pages_send_visitors_to_sign_in(client, thanh_hoa):
    for url in ("/units/new", "/units/38/edit"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    assert client.post("/units/import").status_code == 302


def test_site_admin_adds_a_historical_district_through_the_form(page, client, db_session, site_admin, login, thanh_hoa):
    login(site_admin)
    form = page("/units/new?parent=38")
    assert form.select_one("#parent_code")["value"] == "38"
    assert form.select_one("#kind option[selected]")["value"] == "district"
    assert form.select_one("form[method=post] button[type=submit]")
    response = client.post(
        "/units/new?parent=38",
        data={
            "kind": "district",
            "body_type": "",
            "name": "Huyện Hà Trung",
            "division_type": "huyện",
            "parent_code": "38",
            "dissolved_on": "01/07/2025",
        },
    )
    assert response.status_code == 302
    soup = page(response.headers["Location"], follow_redirects=True)
    assert soup.h1.get_text() == "Huyện Hà Trung"
    assert "01/07/2025" in soup.select_one(".historical-notice").get_text()
    assert _texts(soup, ".breadcrumbs a") == ["Tỉnh Thanh Hóa"]
    assert soup.select_one(".flash-success")
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "units.created"))
    assert event.actor_id == site_admin.id and event.details["name"] == "Huyện Hà Trung"


def test_adding_into_a_unit_not_administered_is_a_form_error(page, create_user, create_unit, login, thanh_hoa):
    mine, theirs = create_unit(name="Xã Mình", parent=thanh_hoa), create_unit(name="Xã Khác", parent=thanh_hoa)
    login(create_user(role=Role.unit_admin, unit=mine))
    soup = page(
        f"/units/new?parent={mine.code}",
        method="post", expected_status=422,
        data={"kind": "village", "name": "Thôn Lạ", "parent_code": theirs.code},
    )
    assert soup.select_one(".error-summary li")
    assert soup.select_one("#name")["value"] == "Thôn Lạ"
    assert page(f"/units/{theirs.code}").select_one("#children-village") is None


def test_a_unit_admin_adds_a_body_inside_its_commune(page, client, create_user, create_unit, login, thanh_hoa):
    commune = create_unit(name="Xã Hà Trung", parent=thanh_hoa)
    login(create_user(role=Role.unit_admin, unit=commune))
    response = client.post(
        f"/units/new?parent={commune.code}",
        data={
            "kind": "body",
            "body_type": "people_inspection_board",
            "name": "Ban Thanh tra nhân dân xã Hà Trung",
            "parent_code": commune.code,
        },
    )
    assert response.status_code == 302
    soup = page(f"/units/{commune.code}")
    assert _texts(soup, "#children-body + ul .unit-name") == ["Ban Thanh tra nhân dân xã Hà Trung"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "village", "name": "Thôn Mới", "parent_code": "NOPE"}, None),
        ({"kind": "village", "name": "Thôn Mới", "parent_code": "38"}, None),
        ({"kind": "planet", "name": "Thôn Mới", "parent_code": "38"}, "kind"),
        ({"kind": "body", "body_type": "band", "name": "Thôn Mới", "parent_code": "38"}, "body_type"),
        ({"kind": "district", "name": "", "parent_code": "38"}, "name"),
        ({"kind": "district", "name": "x" * 100_000, "parent_code": "38"}, "name"),
        ({"kind": "district", "name": "Huyện Mới", "parent_code": "38", "dissolved_on": "31/02/2025"}, "dissolved_on"),
        ({"kind": "district", "name": "Huyện Mới", "parent_code": "x" * 1000}, "parent_code"),
    ],
)
def test_form_errors_are_shown_with_what_was_typed(page, site_admin, login, thanh_hoa, data, field):
    login(site_admin)
    soup = page("/units/new", method="post", expected_status=422, data=data)
    summary = soup.select_one(".error-summary li")
    assert summary is not None
    if field:
        assert summary.a["href"] == f"#{field}"
        assert soup.select_one(f"#{field}")["aria-invalid"] == "true"
    if len(data["name"]) < 200:
        assert soup.select_one("#name")["value"] == data["name"]


def test_editing_a_hand_made_unit(page, client, site_admin, login, create_unit, thanh_hoa):
    district = create_unit(
        name="Huyện Hà Trung", kind=UnitKind.district, parent=thanh_hoa, dissolved_on=date(2025, 7, 1)
    )
    login(site_admin)
    soup = page(f"/units/{district.code}/edit")
    assert soup.select_one("#kind option[selected]")["value"] == "district"
    assert soup.select_one("#dissolved_on")["value"] == "2025-07-01"
    assert soup.select_one("#parent_code")["value"] == "38"
    response = client.post(
        f"/units/{district.code}/edit",
        data={"kind": "district", "name": "Huyện  Hà Trung cũ", "parent_code": "38", "dissolved_on": "2025-07-01"},
    )
    assert response.status_code == 302
    assert page(f"/units/{district.code}").h1.get_text() == "Huyện Hà Trung cũ"


def test_an_official_unit_cannot_be_renamed_by_hand(page, site_admin, login, thanh_hoa):
    login(site_admin)
    soup = page("/units/38/edit", method="post",
                expected_status=422, data={"kind": "province", "name": "Tỉnh Khác", "division_type": ""})
    assert soup.select_one(".error-summary li")
    assert page("/units/38").h1.get_text() == "Tỉnh Thanh Hóa"


def test_the_import_button_is_for_whole_site_admins(page, client, create_user, login, site_admin, thanh_hoa):
    assert page("/units/").select_one(".import-form") is None
    login(create_user(role=Role.site_admin, unit=thanh_hoa))
    assert page("/units/").select_one(".import-form") is None
    _switch_to(client, login, site_admin)
    form = page("/units/").select_one(".import-form")
    assert form["method"] == "post" and form["action"] == "/units/import"
    assert form.select_one("input[type=hidden][name=csrf_token]") is not None


def test_a_province_admin_cannot_import(page, create_user, login, thanh_hoa):
    login(create_user(role=Role.site_admin, unit=thanh_hoa))
    soup = page("/units/import", method="post", expected_status=403)
    message = soup.select_one("main p").get_text()
    assert message == "Chỉ quản trị viên toàn cổng mới được nhập danh mục đơn vị chính thức."


def test_importing_through_the_button_flashes_the_counts(page, site_admin, login):
    login(site_admin)
    soup = page("/units/import", method="post", follow_redirects=True)
    assert "3321" in soup.select_one(".flash-success").get_text().replace(".", "").replace(",", "")
    assert len(soup.select(".province-list a")) == 34


def test_import_without_the_csrf_token_is_refused(page, app, monkeypatch, site_admin, login):
    login(site_admin)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = page("/units/").select_one(".import-form input[name=csrf_token]")["value"]
    assert token
    page("/units/import", method="post", expected_status=400)


def test_hostile_names_are_escaped(page, create_unit, site_admin, login):
    hostile = create_unit(name="<script>alert(1)</script>", kind=UnitKind.province)
    child = create_unit(name="Xã <b>đậm</b>", parent=hostile)
    soup = page(f"/units/{hostile.code}")
    assert soup.h1.get_text() == "<script>alert(1)</script>"
    assert soup.find("script") is None and soup.find("b") is None
    assert _texts(soup, "#children-commune + ul .unit-name") == ["Xã <b>đậm</b>"]
    soup = page(f"/units/{child.code}")
    assert _texts(soup, ".breadcrumbs a") == ["<script>alert(1)</script>"] and soup.find("script") is None
    soup = page("/units/?q=script")
    assert _texts(soup, ".search-results .unit-name") == ["<script>alert(1)</script>"] and soup.find("script") is None
    login(site_admin)
    soup = page(f"/units/{hostile.code}/edit")
    assert soup.select_one("#name")["value"] == "<script>alert(1)</script>" and soup.find("script") is None
