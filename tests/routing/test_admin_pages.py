"""Administrators choose each province's escalation unit, see the communes where officials are missing, and
correct which units took over a dissolved one."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.routing.models import EscalationUnit
from portal.units.models import UnitKind

pytestmark = pytest.mark.usefixtures("english_pages")


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)


def test_an_administrator_chooses_the_escalation_unit_and_a_wrong_code_keeps_the_form(
    admin, login, page, province, create_unit, db_session
):
    office = create_unit(name="Sở Nội vụ", kind=UnitKind.body, parent=province)
    login(admin)
    refused = page("/routing/escalation", method="post", data={"province_code": province.code, "unit_code": "NOPE"},
                   expected_status=422)
    assert "no unit with the code" in refused.select_one(".error-summary").get_text()
    assert refused.select_one("#unit_code")["value"] == "NOPE"
    response = page.client.post("/routing/escalation", data={"province_code": province.code,
                                                              "unit_code": office.code})
    assert response.status_code == 302
    row = db_session.scalar(select(EscalationUnit))
    assert (row.province, row.unit, row.set_by_id) == (province, office, admin.id)
    listed = page("/routing/escalation")
    assert [td.get_text(" ", strip=True) for td in listed.select(".escalation-units td")][:2] == [
        f"{province.name} {province.code}", f"Sở Nội vụ {office.code}"]
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "routing.escalation_set"))


def test_the_unstaffed_page_counts_cases_waiting_in_communes_without_officials(
    admin, login, page, province, commune, create_unit, create_user, create_case
):
    staffed = create_unit(name="Xã Nhã Nam", parent=province)
    create_user(role=Role.handler, unit=staffed)
    create_user(role=Role.unit_head, unit=staffed)
    only_handler = create_unit(name="Xã An Dương", parent=province)
    create_user(role=Role.handler, unit=only_handler)
    create_case(place=commune)
    create_case(place=commune)
    login(admin)
    soup = page(f"/routing/unstaffed?province={province.code}")
    rows = {row.select_one("a").get_text(): row for row in soup.select(".staffing-gaps tbody tr")}
    assert set(rows) == {"Xã Tân Trung", "Xã An Dương"}
    empty = rows["Xã Tân Trung"]
    assert [empty.select_one(f".gap-{c}").get_text() for c in ("officials", "head", "handler", "fields", "waiting")] \
        == ["0", "none", "none", "all fields", "2"]
    assert rows["Xã An Dương"].select_one(".gap-head").get_text() == "none"
    assert rows["Xã An Dương"].select_one(".gap-fields").get_text() == ""
    assert list(rows)[0] == "Xã Tân Trung", "the commune with cases waiting comes first"


def test_the_staffing_pages_are_for_administrators(create_user, login, client, province):
    login(create_user(role=Role.handler))
    assert client.get(f"/routing/unstaffed?province={province.code}").status_code == 403
    assert client.get("/routing/escalation").status_code == 403


def test_an_administrator_corrects_the_units_that_took_over_a_dissolved_commune(
    admin, login, page, province, create_unit, db_session
):
    old = create_unit(name="Xã Tân Trung", parent=province, dissolved_on=date(2025, 7, 1))
    first = create_unit(name="Xã Nhã Nam", parent=province)
    second = create_unit(name="Xã Phúc Hòa", parent=province)
    login(admin)
    assert page(f"/units/{old.code}").select_one("a.edit-successors")
    bad = page(f"/units/{old.code}/successors", method="post",
               data={"successor_codes": "NOPE", "effective_on": "01/07/2025"}, expected_status=422)
    assert "no unit with the code NOPE" in bad.select_one(".error-summary").get_text()
    response = page.client.post(f"/units/{old.code}/successors",
                                data={"successor_codes": f"{second.code}, {first.code}", "effective_on": "01/07/2025"})
    assert response.status_code == 302
    shown = page(f"/units/{old.code}")
    assert [a.get_text() for a in shown.select(".unit-successors .unit-successor")] == ["Xã Phúc Hòa", "Xã Nhã Nam"]
