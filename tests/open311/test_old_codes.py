"""Open311 jurisdiction_id may be a code from before the 2025 reform: the answer names the unit that took it."""

from portal.accounts.models import Role
from portal.cases.models import Case
from portal.extensions import db
from portal.units.importer import import_official_units
from portal.units.services import get_unit_by_code
from portal.units.successions import import_successions


def test_an_old_commune_code_is_accepted_and_answered_with_the_unit_that_took_the_request(
    client, create_user, english_pages
):
    import_official_units()
    import_successions(legacy_codes=["07309"])
    handler = create_user(role=Role.handler, unit=get_unit_by_code("07306"))
    response = client.post("/open311/v2/requests.json", data={
        "jurisdiction_id": "07309", "service_code": "environment", "public": "false",
        "description": "Bãi rác tự phát cạnh kênh thôn 1 gây mùi hôi, đề nghị thu dọn.",
    })
    assert response.status_code == 201, response.json
    [created] = response.json
    assert (created["jurisdiction_id"], created["agency_responsible"]) == ("07306", "Xã Nhã Nam")
    assert "Since 01/07/2025 Xã Tân Trung is part of Xã Nhã Nam." in created["service_notice"]
    case = db.session.query(Case).filter_by(code=created["service_request_id"]).one()
    assert (case.place.code, case.unit.code, case.assignee) == ("H07309", "07306", handler)

    listing = client.get("/open311/v2/services.json?jurisdiction_id=07309")
    assert listing.status_code == 200
