"""A case's days are Vietnamese days, whatever the hour it arrives: 00:30 on Monday in Vietnam is Sunday in UTC."""

from datetime import date, datetime

from portal.cases.models import Case
from portal.casework import services as casework
from portal.core.timeutil import local_date
from portal.extensions import db
from tests.clock import RFC3339, vietnam_time

MONDAY = date(2026, 3, 9)


def test_the_ten_working_days_start_the_day_after_the_local_day_of_receipt(
    page, create_case, handler, clock, vietnam_hour
):
    """Law 42/2013 Art. 28(1): 10 working days from receipt; Civil Code Art. 147: counted from the next day.
    Tue 10 to Fri 13 March is 4, Mon 16 to Fri 20 is 9, Monday 23 March is the tenth."""
    received = vietnam_time(MONDAY, vietnam_hour)
    clock(received)
    case = create_case(now=received).case
    db.session.flush()
    db.session.expire(case)
    case = db.session.get(Case, case.id)
    assert case.received_at == received
    assert local_date(case.received_at) == MONDAY
    assert case.acknowledge_due_on == date(2026, 3, 23)
    soup = page(f"/cases/track?code={case.code}")
    assert "09/03/2026" in soup.select_one("li.event-received strong").get_text()
    assert "23/03/2026" in soup.select_one(".case-deadline").get_text()


def test_the_api_gives_moments_with_an_offset(client, create_case, handler, clock, vietnam_hour):
    received = vietnam_time(MONDAY, vietnam_hour)
    case = create_case(is_public_consent=True, now=received).case
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description, now=received)
    clock(received)
    body = client.get(f"/api/v1/cases/{case.code}").json
    assert RFC3339.match(body["received_at"]), body["received_at"]
    assert datetime.fromisoformat(body["received_at"]) == received
    assert body["due_on"] == "2026-03-23"
    for event in body["history"]:
        assert RFC3339.match(event["occurred_at"]), event
