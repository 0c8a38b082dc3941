"""The public form finds old places, lets the citizen pick the part of a split commune, and says before sending
which unit will handle the request, without JavaScript."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.cases.models import Case
from portal.units.importer import import_official_units
from portal.units.services import get_unit_by_code
from portal.units.successions import import_successions

pytestmark = pytest.mark.usefixtures("english_pages")


@pytest.fixture
def reformed(db_session, create_user):
    import_official_units()
    import_successions(legacy_codes=["07309", "15271"])
    for code in ("07306", "15271", "15286"):
        create_user(role=Role.handler, unit=get_unit_by_code(code))


def _form(**fields):
    return {"field": "land", "title": "Đường thôn bị sạt lở",
            "description": "Đoạn đường bê tông bị sạt lở sau mưa lớn, đi lại nguy hiểm.", **fields}


def test_an_old_commune_is_found_and_the_form_says_where_the_request_will_go(page, reformed):
    soup = page("/cases/new/feedback", query_string={"place_query": "Tân Trung Tân Yên"})
    [option] = soup.select("select#place option")
    assert option["value"] == "H07309" and option.has_attr("selected")
    assert option.get_text() == "Xã Tân Trung, Huyện Tân Yên, since 01/07/2025 part of Xã Nhã Nam"
    destination = soup.select_one(".case-destination")
    assert destination.select_one("strong").get_text() == "Your request will be handled by Xã Nhã Nam."
    assert "Since 01/07/2025 Xã Tân Trung is part of Xã Nhã Nam" in destination.get_text()


def test_a_split_commune_offers_each_part_and_the_case_goes_to_the_one_chosen(page, client, reformed, db_session):
    soup = page("/cases/new/feedback", query_string={"place_query": "thi tran ha trung"})
    options = [(parse_qs(urlsplit(a["href"]).query)["place"][0], a.get_text()) for a in soup.select(".place-matches a")]
    assert options == [
        ("H15271:15271", "Thị trấn Hà Trung, Huyện Hà Trung, the part now in Xã Hà Trung"),
        ("H15271:15286", "Thị trấn Hà Trung, Huyện Hà Trung, the part now in Xã Hoạt Giang"),
    ]
    chosen = page("/cases/new/feedback?place=H15271:15286")
    assert "Xã Hoạt Giang" in chosen.select_one(".case-destination strong").get_text()
    response = client.post("/cases/new/feedback", data=_form(place="H15271:15286"))
    assert response.status_code == 302
    case = db_session.scalar(select(Case))
    assert (case.place.code, case.unit.name) == ("H15271", "Xã Hoạt Giang")
    private = page(response.headers["Location"].replace("/receipt", ""))
    assert "the request goes to Xã Hoạt Giang, the part chosen" in private.select_one(".event-routed").get_text()
