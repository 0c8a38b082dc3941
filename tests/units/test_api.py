import unicodedata

from portal.units.models import UnitKind


def test_units_are_found_by_name_without_accents_or_in_nfd(client, create_unit):
    province = create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province, code="24")
    unit = create_unit(name="Xã Tân Trung", parent=province)
    for query in ("tan trung", unicodedata.normalize("NFD", "Tân Trung")):
        response = client.get("/api/v1/units", query_string={"q": query})
        assert response.status_code == 200
        assert response.json == [
            {
                "id": unit.id,
                "code": unit.code,
                "kind": "commune",
                "name": "Xã Tân Trung",
                "division_type": "",
                "body_type": None,
                "parent": {"id": province.id, "code": "24", "name": "Tỉnh Bắc Ninh"},
                "is_historical": False,
                "dissolved_on": None,
            }
        ]


def test_filters_by_kind_and_parent(client, create_unit):
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province)
    create_unit(name="Xã Ia Pa", parent=province)
    create_unit(name="Xã Khác")
    names = [u["name"] for u in client.get(f"/api/v1/units?parent={province.code}").json]
    assert names == ["Xã Ia Pa"]
    assert [u["name"] for u in client.get("/api/v1/units?kind=province").json] == ["Tỉnh Gia Lai"]
    assert client.get("/api/v1/units?parent=NOPE").json == []


def test_one_unit_with_its_children(client, create_unit):
    province = create_unit(name="Tỉnh Gia Lai", kind=UnitKind.province, code="52")
    child = create_unit(name="Xã Ia Pa", parent=province)
    body = client.get("/api/v1/units/52").json
    assert body["children"] == [{"id": child.id, "code": child.code, "name": "Xã Ia Pa"}]


def test_unknown_unit_is_a_json_404(client):
    response = client.get("/api/v1/units/NOPE")
    assert response.status_code == 404 and response.mimetype == "application/json"


def test_bad_parameters_are_a_json_422(client):
    for query in ("limit=0", "limit=abc", "kind=planet", "q=" + "x" * 1000):
        response = client.get(f"/api/v1/units?{query}")
        assert response.status_code == 422, query
        assert response.mimetype == "application/json"


def test_hostile_names_are_returned_verbatim_as_json(client, create_unit):
    create_unit(name="<script>alert(1)</script>")
    response = client.get("/api/v1/units?q=script")
    assert response.json[0]["name"] == "<script>alert(1)</script>"


def test_openapi_document_describes_the_units_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    parameters = {p["name"] for p in document["paths"]["/api/v1/units"]["get"]["parameters"]}
    assert {"q", "kind", "parent", "limit"} <= parameters
    assert "/api/v1/units/{code}" in document["paths"]
