"""Open311 dates: times carry Vietnam's offset, and start_date/end_date bound the moment a case was received."""

from datetime import date, timedelta
from urllib.parse import quote

from portal.casework import services as casework
from portal.core.timeutil import LOCAL_TZ, start_of_local_day
from tests.clock import vietnam_time

DAY = date(2026, 3, 10)


def _published_at(create_case, handler, moment):
    case = create_case(is_public_consent=True, now=moment).case
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description, now=moment)
    return case


def test_date_filters_bound_the_local_day_at_any_hour(client, create_case, handler, clock, vietnam_hour):
    received = vietnam_time(DAY, vietnam_hour)
    case = _published_at(create_case, handler, received)
    clock(received + timedelta(minutes=5))

    def codes(query):
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 200, response.json
        return [item["service_request_id"] for item in response.json]

    next_day = DAY + timedelta(days=1)
    assert codes(f"start_date={DAY}T00:00:00%2B07:00") == [case.code]
    assert codes(f"start_date={DAY}T00:00:00") == [case.code]  # no offset: a time in Vietnam
    assert codes(f"end_date={next_day}T00:00:00%2B07:00") == [case.code]
    assert codes(f"start_date={next_day}T00:00:00%2B07:00") == []
    assert codes(f"end_date={DAY}T00:00:00%2B07:00") == []
    utc_start = quote(start_of_local_day(DAY).isoformat())
    assert codes(f"start_date={utc_start}") == [case.code]
    [item] = client.get("/open311/v2/requests.json").json
    assert item["requested_datetime"] == received.astimezone(LOCAL_TZ).isoformat(timespec="seconds")
    assert item["requested_datetime"].endswith("+07:00")
    assert item["expected_datetime"] == f"{case.due_on.isoformat()}T23:59:59+07:00"
