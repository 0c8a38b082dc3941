""""How was this counted?" wherever a deadline is shown, in the reader's language, without JavaScript; and the same
count in the cases API."""

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.cases import lifecycle, services
from portal.casework import actions
from portal.casework import services as casework

IDENTIFIED = lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông, xã Tân Trung", email="binh@example.vn")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


def steps(details) -> list[str]:
    return [item.get_text(" ", strip=True) for item in details.select("ol.count-steps > li")]


@pytest.fixture
def complex_complaint(create_case, handler, db_session):
    """Accepted 16/01/2026 and extended once: due 02/03/2026 (Law 02/2011 Art. 28, 45 days)."""
    submitted = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12"))
    actions.accept_case(submitted.case, handler, now=at("2026-01-16"))
    actions.extend_case(submitted.case, handler, "Vụ việc phức tạp", now=at("2026-02-10"))
    db_session.commit()
    return submitted


def test_the_calculator_names_the_days_it_rolled_over(client, page):
    # 30 days after 16/01/2026 is Sunday 15/02; Tết 16-20/02 and the weekend follow: Monday 23/02.
    client.set_cookie("lang", "en")
    soup = page("/calendar/?year=2026&start=2026-01-16&amount=30&unit=calendar_days")
    assert soup.select_one("#deadline-result").get_text(strip=True) == "The period ends on Monday 23/02/2026."
    details = soup.select_one("details.how-counted")
    assert details.summary.get_text(strip=True) == "How was this counted?"
    assert steps(details)[0] == "The event happened on 16/01/2026."
    assert "17/01/2026" in details.select_one(".count-first-day").get_text()
    assert "15/02/2026" in details.select_one(".count-last-day").get_text()
    assert [item.get_text(strip=True) for item in details.select(".count-rolled li")] == ["16–20/02/2026: Tết"]
    assert "23/02/2026" in details.select_one(".count-end").get_text()


def test_the_calculator_names_the_days_off_skipped_in_vietnamese(page):
    soup = page("/calendar/?year=2026&start=2026-02-10&amount=7&unit=working_days")
    details = soup.select_one("details.how-counted")
    assert [item.get_text(strip=True) for item in details.select(".count-skipped li")] == ["16–20/02/2026: Tết"]
    assert soup.select_one("#deadline-result").get_text(strip=True).endswith("26/02/2026.")


def test_the_receipt_explains_the_first_deadline(page, create_case):
    # Law 42/2013 Art. 28(1): 10 working days from Monday 02/03/2026: Monday 16/03.
    submitted = create_case(now=at("2026-03-02"))
    soup = page(f"/cases/t/{submitted.token}/receipt")
    details = soup.select_one(".receipt-deadline details.how-counted")
    assert "02/03/2026" in steps(details)[0]
    assert "Luật Tiếp công dân 42/2013/QH13, Điều 28(1)" in details.select_one(".count-rule").get_text()
    assert "16/03/2026" in details.select_one(".count-end").get_text()


def test_the_tracking_page_explains_in_english_with_the_english_legal_basis(client, page, complex_complaint):
    client.set_cookie("lang", "en")
    soup = page(f"/cases/track?code={complex_complaint.case.code}")
    details = soup.select_one(".case-deadline details.how-counted")
    texts = steps(details)
    assert texts[0] == "The clock started when the case was accepted, on 16/01/2026."
    assert "Law on Complaints 02/2011/QH13, Art. 28" in details.select_one(".count-rule").get_text()
    assert "Điều" not in details.get_text()
    extension = details.select_one(".count-extension").get_text(" ", strip=True)
    assert "On 10/02/2026 the period was extended by 15 days." in extension
    assert "complex cases: 45 days" in extension
    assert "02/03/2026" in details.select_one(".count-last-day").get_text()
    assert details.select_one(".count-rolled") is None
    accepted = soup.select_one("ol.case-history > li.event-accepted > p").get_text(" ", strip=True)
    assert accepted.endswith("(Law on Complaints 02/2011/QH13, Art. 28)")
    history = soup.select("ol.case-history > li.event-extended details.how-counted")
    assert len(history) == 1 and "02/03/2026" in history[0].select_one(".count-end").get_text()


def test_the_tracking_page_explains_a_pause(client, page, create_case, handler, db_session):
    client.set_cookie("lang", "en")
    case = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12")).case
    actions.accept_case(case, handler, now=at("2026-01-16"))
    actions.request_information(case, handler, "Bản sao quyết định", now=at("2026-01-20"))
    services.supply_information(case, "Đã gửi", now=at("2026-01-25"))
    db_session.commit()
    details = page(f"/cases/track?code={case.code}").select_one(".case-deadline details.how-counted")
    assert details.select_one(".count-pause").get_text(" ", strip=True) == (
        "The clock stopped from 20/01/2026 to 25/01/2026 while the citizen was asked for information: "
        "5 days are given back."
    )
    # 16/01 + 30 + 5 days is Friday 20/02, the last day of Tết: the period ends Monday 23/02.
    assert [item.get_text(strip=True) for item in details.select(".count-rolled li")] == ["20/02/2026: Tết"]


def test_the_official_sees_how_both_deadlines_and_each_step_were_counted(client, login, create_user, commune,
                                                                          complex_complaint, page):
    client.set_cookie("lang", "en")
    login(create_user(role=Role.unit_head, unit=commune, email="head@tantrung.gov.vn"))
    soup = page(f"/casework/{complex_complaint.case.code}")
    acknowledge = soup.select_one("dd.acknowledge-due details.how-counted")
    resolve = soup.select_one("dd.resolve-due details.how-counted")
    assert "Law on Complaints 02/2011/QH13, Art. 27" in acknowledge.select_one(".count-rule").get_text()
    assert "02/03/2026" in resolve.select_one(".count-end").get_text()
    assert len(soup.select("ol.case-history > li details.how-counted")) == 3  # received, accepted, extended


def test_the_api_gives_the_count_of_the_current_deadline(client, complex_complaint, handler, db_session):
    case = complex_complaint.case
    case.is_public_consent = True
    casework.publish_case(case, handler, "Khiếu nại quyết định thu hồi đất", "Nội dung đã xem xét.",
                          now=at("2026-02-11"))
    db_session.commit()
    body = client.get(f"/api/v1/cases/{case.code}", headers={"Accept-Language": "en"}).json
    count = body["deadline_count"]
    assert count == {
        "step": "resolve",
        "event": "accepted",
        "event_on": "2026-01-16",
        "amount": 30,
        "unit": "calendar_days",
        "legal_basis": "Luật Khiếu nại 02/2011/QH13, Điều 28",
        "legal_basis_en": "Law on Complaints 02/2011/QH13, Art. 28",
        "first_day": "2026-01-17",
        "skipped": [],
        "lengthenings": [
            {"kind": "extension", "amount": 15, "unit": "calendar_days", "on": "2026-02-10", "resumed_on": None}
        ],
        "last_day": "2026-03-02",
        "rolled_over": [],
        "due_on": "2026-03-02",
    }
    assert body["due_on"] == count["due_on"]


def test_a_handler_records_verification_at_several_places(client, login, handler, create_case, page, db_session):
    # Law 25/2018 Art. 24(1): received Monday 02/03/2026, 10 working days instead of 7: Monday 16/03.
    client.set_cookie("lang", "en")
    case = create_case(kind="denunciation", contact=IDENTIFIED, now=at("2026-03-02")).case
    db_session.commit()
    login(handler)
    assert page(f"/casework/{case.code}").select_one("#several_places-heading") is not None
    response = client.post(f"/casework/{case.code}/several-places", data={"several_places-reason": "Hai thôn"})
    assert response.status_code == 302
    assert case.due_on.isoformat() == "2026-03-16"
    soup = page(f"/casework/{case.code}")
    assert soup.select_one("#several_places-heading") is None
    rule = soup.select_one("dd.acknowledge-due .count-rule").get_text(" ", strip=True)
    assert "The period is 10 working days." in rule and "verification needed at several places" in rule
