import unicodedata
from datetime import date

import pytest

from portal.units.models import BodyType, UnitKind


@pytest.fixture
def thanh_hoa(create_unit):
    return create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province, code="38", division_type="tỉnh")


def test_units_are_found_by_name_without_accents_or_in_nfd(client, create_unit, thanh_hoa):
    unit = create_unit(name="Xã Tân Trung", parent=thanh_hoa, division_type="xã")
    create_unit(name="Xã Tân Yên", parent=thanh_hoa)
    for query in ("tan trung", "TAN TRUNG", "Tân Trung", unicodedata.normalize("NFD", "Tân Trung")):
        response = client.get("/api/v1/units", query_string={"q": query})
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.json == [
            {
                "id": unit.id,
                "code": unit.code,
                "kind": "commune",
                "name": "Xã Tân Trung",
                "division_type": "xã",
                "body_type": None,
                "parent": {"id": thanh_hoa.id, "code": "38", "name": "Tỉnh Thanh Hóa"},
                "is_historical": False,
                "dissolved_on": None,
                "successors": [],
            }
        ]


def test_historical_units_and_bodies_say_so(client, create_unit, thanh_hoa):
    district = create_unit(
        name="Huyện Hà Trung", kind=UnitKind.district, parent=thanh_hoa, dissolved_on=date(2025, 7, 1)
    )
    create_unit(name="Phòng Nội vụ huyện Hà Trung", kind=UnitKind.body, body_type=BodyType.office, parent=district)
    found = client.get("/api/v1/units?q=ha+trung").json
    assert [(u["name"], u["is_historical"], u["dissolved_on"], u["body_type"]) for u in found] == [
        ("Phòng Nội vụ huyện Hà Trung", False, None, "office"),
        ("Huyện Hà Trung", True, "2025-07-01", None),
    ]
    assert found[1]["parent"]["code"] == "38"


def test_filters_by_kind_and_parent(client, create_unit, thanh_hoa):
    commune = create_unit(name="Xã Hà Trung", parent=thanh_hoa)
    create_unit(name="Xã Hà Long", parent=thanh_hoa)
    create_unit(name="Xã Hà Trung Khác")
    create_unit(name="Thôn Hà Trung", kind=UnitKind.village, parent=commune)
    names = lambda url: [u["name"] for u in client.get(url).json]  # noqa: E731
    assert names("/api/v1/units?parent=38") == ["Xã Hà Long", "Xã Hà Trung"]
    assert names("/api/v1/units?kind=province") == ["Tỉnh Thanh Hóa"]
    assert names("/api/v1/units?q=ha+trung&parent=38") == ["Xã Hà Trung"]
    assert names("/api/v1/units?q=ha+trung&kind=village") == ["Thôn Hà Trung"]
    assert names("/api/v1/units?parent=NOPE") == []
    assert names("/api/v1/units?parent=38&kind=village") == []


def test_limit_defaults_to_20_and_may_reach_100(client, create_unit, thanh_hoa):
    for number in range(105):
        create_unit(name=f"Xã Số {number:03d}", parent=thanh_hoa)
    assert len(client.get("/api/v1/units?parent=38").json) == 20
    assert len(client.get("/api/v1/units?parent=38&limit=5").json) == 5
    assert len(client.get("/api/v1/units?parent=38&limit=100").json) == 100
    assert len(client.get("/api/v1/units?q=xa+so&limit=100").json) == 100


def test_one_unit_with_its_children(client, create_unit, thanh_hoa):
    commune = create_unit(name="Xã Hà Trung", parent=thanh_hoa, division_type="xã")
    body = create_unit(
        name="Ủy ban MTTQ tỉnh", kind=UnitKind.body, body_type=BodyType.fatherland_front, parent=thanh_hoa
    )
    response = client.get("/api/v1/units/38")
    assert response.status_code == 200
    unit = response.json
    assert (unit["code"], unit["name"], unit["kind"], unit["parent"], unit["division_type"]) == (
        "38",
        "Tỉnh Thanh Hóa",
        "province",
        None,
        "tỉnh",
    )
    assert unit["children"] == [
        {"id": body.id, "code": body.code, "name": "Ủy ban MTTQ tỉnh", "kind": "body", "is_historical": False},
        {"id": commune.id, "code": commune.code, "name": "Xã Hà Trung", "kind": "commune", "is_historical": False},
    ]
    assert client.get(f"/api/v1/units/{commune.code}").json["children"] == []


@pytest.mark.parametrize("code", ["NOPE", "x" * 10_000, "38%00", "%3Cscript%3E"])
def test_unknown_unit_is_a_json_404(client, thanh_hoa, code):
    response = client.get(f"/api/v1/units/{code}")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.json["code"] == 404 and response.json["message"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=-1",
        "limit=abc",
        "limit=1.5",
        "kind=planet",
        "q=" + "x" * 10_000,
        "parent=" + "x" * 100,
    ],
)
def test_bad_parameters_are_a_json_422(client, query):
    response = client.get(f"/api/v1/units?{query}")
    assert response.status_code == 422, query
    assert response.mimetype == "application/json"
    assert response.json["code"] == 422 and response.json["errors"]["query"]


@pytest.mark.parametrize("query", ["%", "_", "%25%25", "%5C"])
def test_wildcards_and_control_characters_find_nothing(client, create_unit, query):
    create_unit(name="Xã Tân Trung")
    response = client.get(f"/api/v1/units?q={query}")
    assert response.status_code == 200 and response.json == []


def test_hostile_names_are_returned_verbatim_as_json(client, create_unit):
    create_unit(name="<script>alert(1)</script>")
    response = client.get("/api/v1/units?q=script")
    assert response.mimetype == "application/json"
    assert response.json[0]["name"] == "<script>alert(1)</script>"


def test_openapi_document_describes_the_units_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    listing = document["paths"]["/api/v1/units"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert {"q", "kind", "parent", "limit"} <= set(parameters)
    assert parameters["q"]["in"] == "query" and parameters["q"]["schema"]["maxLength"] == 100
    assert parameters["limit"]["schema"] == {"type": "integer", "default": 20, "minimum": 1, "maximum": 100}
    items = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert items == {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}
    assert "422" in listing["responses"]
    unit = document["components"]["schemas"]["Unit"]["properties"]
    assert {"id", "code", "kind", "name", "parent", "division_type", "is_historical", "dissolved_on"} <= set(unit)
    detail = document["paths"]["/api/v1/units/{code}"]["get"]["responses"]
    assert {"200", "404"} <= set(detail)
    children = document["components"]["schemas"]["UnitDetail"]["properties"]["children"]
    assert children["items"] == {"$ref": "#/components/schemas/UnitSummary"}


def test_an_old_name_is_found_with_its_successors_and_today_s_unit_lists_its_predecessors(client, db_session):
    from portal.units.importer import import_official_units
    from portal.units.successions import import_successions

    import_official_units()
    import_successions(legacy_codes=["07309", "15271"])
    found = client.get("/api/v1/units", query_string={"q": "Tan Trung Tan Yen"}).json
    assert [(u["code"], u["name"], u["is_historical"], u["successors"]) for u in found] == [
        ("H07309", "Xã Tân Trung", True,
         [{"code": "07306", "name": "Xã Nhã Nam", "effective_on": "2025-07-01", "is_default": True}]),
    ]
    split = client.get("/api/v1/units/H15271").json
    assert [(s["name"], s["is_default"]) for s in split["successors"]] == [("Xã Hà Trung", True),
                                                                          ("Xã Hoạt Giang", False)]
    assert client.get("/api/v1/units/07309").json["code"] == "H07309", "an old code finds the old unit"
    nha_nam = client.get("/api/v1/units/07306").json
    assert "Xã Tân Trung" in [p["name"] for p in nha_nam["predecessors"]] and nha_nam["successors"] == []
