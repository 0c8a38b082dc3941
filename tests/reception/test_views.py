from datetime import UTC, datetime, time

import pytest
from icalendar import Calendar

from portal.accounts.models import Role
from portal.reception import services
from portal.units.models import UnitKind

# Monday 2 February 2026, 09:00 in Vietnam: the 18th of February falls on Tết.
BEFORE_TET = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def commune(create_unit):
    return create_unit(name="Xã Tân Trung", kind=UnitKind.commune)


@pytest.fixture
def head(create_user, commune):
    return create_user(role=Role.unit_head, unit=commune)


@pytest.fixture
def schedule(commune, head):
    return services.publish_schedule(commune, services.NewSchedule(
        "monthly", 18, None, time(7, 30), time(11, 0), "Phòng tiếp công dân UBND xã", "Chủ tịch UBND xã",
        "next_working_day"), head)


def test_the_next_dates_show_the_move_off_tet(page, schedule, commune, clock):
    clock(BEFORE_TET)
    soup = page(f"/reception/?unit={commune.code}")
    first = soup.select("ul.reception-dates li")[0].get_text(" ", strip=True)
    assert "23/02/2026" in first and "18/02/2026" in first and "Tết" in first
    assert soup.find("a", href="/casework/record?place=" + commune.code) is None


def test_in_english(page, schedule, commune, clock, english_pages):
    clock(BEFORE_TET)
    assert page(f"/reception/?unit={commune.code}").h1.get_text(strip=True) == f"Citizen reception at {commune.name}"


def test_the_desk_official_records_a_visit_with_the_unit_chosen(page, login, schedule, commune, create_user, clock):
    clock(BEFORE_TET)
    login(create_user(role=Role.handler, unit=commune))
    soup = page(f"/reception/?unit={commune.code}")
    link = soup.find("a", href=f"/casework/record?place={commune.code}")
    assert link is not None
    record = page(link["href"])
    assert record.select_one("#place option[selected]")["value"] == commune.code


def test_the_schedule_as_a_calendar_file(client, schedule, clock):
    clock(BEFORE_TET)
    calendar = Calendar.from_ical(client.get(f"/reception/{schedule.id}.ics").data)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    starts = [event["dtstart"].dt.isoformat() for event in calendar.walk("VEVENT")]
    assert starts[:2] == ["2026-02-23T07:30:00+07:00", "2026-03-18T07:30:00+07:00"]
    assert len(starts) == 12


def test_the_head_publishes_a_schedule_through_the_form(page, login, head, commune, clock):
    clock(BEFORE_TET)
    client = login(head)
    page(f"/reception/new?unit={commune.code}")
    data = {"recurrence": "weekly", "weekday": "3", "starts": "07:30", "ends": "11:00", "place": "Trụ sở UBND xã",
            "receiver": "Chủ tịch UBND xã", "day_off_rule": "previous_working_day"}
    assert client.post(f"/reception/new?unit={commune.code}", data=data).status_code == 302
    assert services.schedules_of(commune)[0].weekday == 3
    refused = page(f"/reception/new?unit={commune.code}", method="post",
                   data={**data, "ends": "07:00", "place": "<b>x</b>"}, expected_status=422)
    assert refused.select_one("#place")["value"] == "<b>x</b>"
    assert refused.select_one("#ends-error") is not None
