import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.routing.models import RoutingRule
from portal.units.models import BodyType, UnitKind

pytestmark = pytest.mark.usefixtures("english_pages")


@pytest.fixture
def land_office(create_unit, commune):
    return create_unit(name="Địa chính xã", kind=UnitKind.body, body_type=BodyType.office, parent=commune)


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)



def _rules(db_session):
    return db_session.scalar(select(func.count()).select_from(RoutingRule))


def test_the_page_lists_rules_and_adds_one(admin, login, page, commune, land_office, db_session):
    login(admin)
    soup = page("/routing/")
    assert soup.select_one("h1").get_text(strip=True) == "Routing of cases"
    assert soup.select_one("form[action='/routing/rules'] select#kind") is not None
    response = page.client.post("/routing/rules", data={"kind": "", "field": "land", "area_code": commune.code,
                                                         "target_code": land_office.code})
    assert response.status_code == 302 and response.location.endswith("/routing/")
    soup = page("/routing/")
    cells = [td.get_text(" ", strip=True) for td in soup.select("table tbody tr td")]
    assert any(land_office.code in cell for cell in cells)
    assert soup.select_one(f"form[action='/routing/rules/{db_session.scalars(select(RoutingRule)).one().id}/delete']")


def test_errors_are_shown_in_the_form_with_the_input_kept(admin, login, page, commune, db_session):
    login(admin)
    hostile = "<script>alert(1)</script>"
    soup = page("/routing/rules", method="post", expected_status=422,
                data={"kind": "nonsense", "field": "land", "area_code": hostile, "target_code": "NOPE"})
    assert soup.select_one(".error-summary li") is not None
    assert soup.select_one("#area_code")["value"] == hostile
    assert soup.find("script", string="alert(1)") is None
    soup = page("/routing/rules", method="post", expected_status=422,
                data={"kind": "", "field": "", "area_code": "", "target_code": "NOPE"})
    assert "responsible unit" in soup.select_one(".error-summary li").get_text()
    assert _rules(db_session) == 0


def test_deleting_a_rule_by_post(admin, login, page, commune, land_office, db_session):
    login(admin)
    page.client.post("/routing/rules", data={"field": "land", "area_code": commune.code,
                                             "target_code": land_office.code})
    rule_id = db_session.scalars(select(RoutingRule)).one().id
    assert page.client.get(f"/routing/rules/{rule_id}/delete").status_code == 405
    response = page.client.post(f"/routing/rules/{rule_id}/delete")
    assert response.status_code == 302 and _rules(db_session) == 0
    assert db_session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "routing.rule_deleted")) == 1
    assert page.client.post(f"/routing/rules/{rule_id}/delete").status_code == 404


def test_the_route_tester_explains_the_choice(admin, login, page, commune, village, land_office):
    login(admin)
    page.client.post("/routing/rules", data={"field": "land", "area_code": commune.code,
                                             "target_code": land_office.code})
    soup = page(f"/routing/?test-kind=feedback&test-field=land&test-place={village.code}")
    result = soup.select_one("#route-result").get_text(" ", strip=True)
    assert land_office.code in result and "rule" in result
    soup = page(f"/routing/?test-kind=feedback&test-field=fees&test-place={village.code}")
    assert "No rule matches" in soup.select_one("#route-result").get_text(" ", strip=True)
    soup = page("/routing/?test-kind=feedback&test-field=fees&test-place=NOPE")
    assert soup.select_one("#test-place-error") is not None and soup.select_one("#route-result") is None
    page("/routing/?test-kind=%00&test-field=x", expected_status=400)
    soup = page("/routing/?test-kind=x&test-field=x&test-place=" + "A" * 5000)
    assert soup.select_one("#test-kind-error") is not None


def test_the_unit_finder_shows_codes(admin, login, page, commune):
    login(admin)
    soup = page("/routing/?q=tan+trung")
    assert commune.code in [item.get_text(strip=True) for item in soup.select(".unit-list li strong")]


def test_officials_without_an_administrator_role_are_refused(create_user, login, page, commune, land_office, client):
    assert client.get("/routing/").status_code == 302
    login(create_user(role=Role.handler, unit=commune))
    page("/routing/", expected_status=403)
    page("/routing/rules", method="post", expected_status=403, data={"field": "land", "target_code": land_office.code})
