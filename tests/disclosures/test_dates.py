"""A posting's days are Vietnamese days: posted from 00:00 of its first day to 24:00 of its last, at any hour."""

from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from portal.core.timeutil import end_of_local_day, local_date, start_of_local_day, utcnow
from portal.disclosures import lists, reports, services
from portal.disclosures.models import Disclosure, DisclosureStatus
from portal.extensions import db
from tests.clock import RFC3339, vietnam_time

ATOM = "{http://www.w3.org/2005/Atom}"
FIRST_DAY = date(2026, 3, 10)  # a Tuesday in a month without holidays


def _reloaded(disclosure: Disclosure) -> Disclosure:
    """The row as the database gives it back, not the values the session still holds."""
    db.session.flush()
    db.session.expire(disclosure)
    return db.session.scalars(select(Disclosure).where(Disclosure.id == disclosure.id)).one()


def _approved_from(draft, head, first_day: date, **fields) -> Disclosure:
    disclosure = draft(start=start_of_local_day(first_day), **fields)
    services.approve_disclosure(head, disclosure, now=start_of_local_day(first_day) - timedelta(days=3))
    return _reloaded(disclosure)


def _listed_as(disclosure: Disclosure, now) -> set[DisclosureStatus]:
    """The statuses whose SQL filter finds the disclosure at that moment."""
    found = set()
    for status in (DisclosureStatus.scheduled, DisclosureStatus.posted, DisclosureStatus.completed):
        page, _next = lists.list_public(lists.Listing(unit=disclosure.unit, status=status), now=now)
        if disclosure in page:
            found.add(status)
    return found


def test_a_posting_changes_status_at_local_midnight(draft, head):
    disclosure = _approved_from(draft, head, FIRST_DAY)
    last_day = disclosure.posting_last_day
    assert disclosure.posting_start == start_of_local_day(FIRST_DAY)
    assert type(last_day) is date
    moments = [
        (vietnam_time(FIRST_DAY - timedelta(days=1), "23:59:59"), DisclosureStatus.scheduled),
        (vietnam_time(FIRST_DAY, "00:00"), DisclosureStatus.posted),
        (vietnam_time(FIRST_DAY, "06:59:59"), DisclosureStatus.posted),
        (vietnam_time(last_day, "23:59:59"), DisclosureStatus.posted),
        (vietnam_time(last_day + timedelta(days=1), "00:00"), DisclosureStatus.completed),
    ]
    for moment, expected in moments:
        assert services.status_of(disclosure, moment) == expected, moment
        assert _listed_as(disclosure, moment) == {expected}, moment


def test_the_days_left_count_local_days(draft, head, vietnam_hour):
    disclosure = _approved_from(draft, head, FIRST_DAY)
    last_day = disclosure.posting_last_day
    assert services.days_left(disclosure, vietnam_time(last_day, vietnam_hour)) == 1
    assert services.days_left(disclosure, vietnam_time(last_day - timedelta(days=1), vietnam_hour)) == 2
    assert services.days_left(disclosure, vietnam_time(last_day + timedelta(days=1), vietnam_hour)) == 0


def test_a_posting_from_today_in_the_form_is_posted_today_at_any_hour(
    page, client, login, clock, handler, head, commune, vietnam_hour
):
    now = vietnam_time(FIRST_DAY, vietnam_hour)
    clock(now)
    login(handler)
    response = client.post(
        f"/disclosures/new?unit={commune.code}",
        data={"category": "kt-xh", "title": "Kế hoạch hôm nay", "body": "Nội dung", "posting_start": "2026-03-10"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    disclosure = db.session.scalars(select(Disclosure).where(Disclosure.title == "Kế hoạch hôm nay")).one()
    services.approve_disclosure(head, disclosure, now=now)
    disclosure = _reloaded(disclosure)
    assert disclosure.posting_start == now
    assert local_date(disclosure.posting_start) == FIRST_DAY
    assert services.status_of(disclosure, utcnow()) == DisclosureStatus.posted
    client.post("/accounts/logout")
    soup = page(f"/disclosures/{disclosure.id}")
    assert soup.select_one(".tag").get_text() == "Đang niêm yết"
    assert "10/03/2026" in soup.select_one("dl.facts").get_text()


def test_a_posting_from_tomorrow_waits_for_local_midnight(client, login, clock, handler, head, commune, vietnam_hour):
    clock(vietnam_time(FIRST_DAY, vietnam_hour))
    login(handler)
    client.post(
        f"/disclosures/new?unit={commune.code}",
        data={"category": "kt-xh", "title": "Kế hoạch ngày mai", "body": "Nội dung", "posting_start": "2026-03-11"},
    )
    disclosure = db.session.scalars(select(Disclosure).where(Disclosure.title == "Kế hoạch ngày mai")).one()
    services.approve_disclosure(head, disclosure, now=utcnow())
    disclosure = _reloaded(disclosure)
    assert disclosure.posting_start == start_of_local_day(date(2026, 3, 11))
    assert services.status_of(disclosure, utcnow()) == DisclosureStatus.scheduled


@pytest.mark.parametrize("hhmm", ["00:30", "23:30"])
def test_the_year_and_quarter_are_those_of_the_first_local_day(draft, head, commune, hhmm):
    new_year = _approved_from(draft, head, date(2027, 1, 1), title="Năm mới")
    new_year.posting_start = vietnam_time(date(2027, 1, 1), hhmm)
    old_year = _approved_from(draft, head, date(2026, 12, 31), title="Năm cũ")
    old_year.posting_start = vietnam_time(date(2026, 12, 31), hhmm)
    db.session.flush()
    now = vietnam_time(date(2027, 1, 2), "12:00")

    def titles(year):
        page, _next = lists.list_public(lists.Listing(unit=commune, year=year), now=now)
        return {d.title for d in page}

    assert titles(2027) == {"Năm mới"}
    assert titles(2026) == {"Năm cũ"}
    assert [d.title for d in reports.quarterly_list(commune, 2027, 1)] == ["Năm mới"]
    assert [d.title for d in reports.quarterly_list(commune, 2026, 4)] == ["Năm cũ"]


def test_the_feed_carries_offsets_and_the_moments_stored(client, draft, head, commune, clock, vietnam_hour):
    _approved_from(draft, head, FIRST_DAY)
    clock(vietnam_time(FIRST_DAY, vietnam_hour))
    feed = ElementTree.fromstring(client.get(f"/feeds/disclosures.atom?unit={commune.code}").data)
    [entry] = feed.iter(f"{ATOM}entry")
    for element in (feed.find(f"{ATOM}updated"), entry.find(f"{ATOM}published"), entry.find(f"{ATOM}updated")):
        assert RFC3339.match(element.text), element.text
    published = entry.find(f"{ATOM}published").text
    assert datetime.fromisoformat(published) == start_of_local_day(FIRST_DAY)


def test_the_api_carries_offsets_and_the_posting_bounds(client, draft, head, clock, vietnam_hour):
    disclosure = _approved_from(draft, head, FIRST_DAY)
    clock(vietnam_time(FIRST_DAY, vietnam_hour))
    body = client.get(f"/api/v1/disclosures/{disclosure.id}").json
    for value in (body["posting_start"], body["posting_end"], body["versions"][0]["created_at"]):
        assert RFC3339.match(value), value
    assert datetime.fromisoformat(body["posting_start"]) == start_of_local_day(FIRST_DAY)
    assert body["posting_last_day"] == disclosure.posting_last_day.isoformat()
    end = datetime.fromisoformat(body["posting_end"])
    assert end == end_of_local_day(disclosure.posting_last_day)
    assert end.astimezone(UTC).hour == 17  # 24:00 in Vietnam
    assert body["status"] == "posted"


def test_the_quarterly_list_opens_on_the_local_quarter(page, draft, head, commune, clock, vietnam_hour):
    _approved_from(draft, head, date(2026, 4, 1), title="Quý II")
    _approved_from(draft, head, date(2026, 3, 31), title="Quý I")
    clock(vietnam_time(date(2026, 4, 1), vietnam_hour))
    soup = page(f"/disclosures/quarterly?unit={commune.code}")
    assert soup.select_one("input#year")["value"] == "2026"
    assert soup.select_one("select#quarter option[selected]")["value"] == "2"
    assert [a.get_text(strip=True) for a in soup.select("main table a")] == ["Quý II"]
