"""Reports a plan demands: the reminder before they are due, the draft from the period's progress, submission by
the body that must make them, publication as a disclosure, and late or missing ones shown publicly."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.errors import NotAllowed
from portal.disclosures.models import DisclosureStatus
from portal.disclosures.services import DraftData, create_draft, status_of
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.worker import create_huey
from portal.plans.queue import maker_of
from portal.plans.reports import (
    REMINDER,
    default_title,
    draft_report,
    make_report,
    period_of,
    queue_report_reminders,
)
from portal.plans.services import NewUpdate, post_task_update
from tests.clock import vietnam_time

MAY_DUE = date(2024, 5, 5)
NOV_DUE = date(2024, 11, 5)


@pytest.fixture
def reports(published_plan):
    return [report for duty in published_plan.report_duties for report in duty.reports]


@pytest.fixture
def review(published_plan):
    return next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))


def _reminders():
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == REMINDER)))


def test_each_report_covers_the_time_since_the_previous_one(published_plan, reports):
    # Sample 001's two reports are separate duties, so each runs from the plan's start.
    assert period_of(reports[0]) == (date(2024, 1, 1), MAY_DUE)
    duty = reports[0].duty
    later = type(reports[0])(due_on=date(2024, 8, 5))
    duty.reports.append(later)
    assert period_of(later) == (date(2024, 5, 6), date(2024, 8, 5))


def test_the_draft_gathers_the_periods_updates(published_plan, reports, review, office_handler):
    post_task_update(review, NewUpdate(date(2024, 4, 20), "Đã rà soát 14 văn bản.", percent=60), office_handler,
                     now=datetime(2024, 4, 21, tzinfo=UTC))
    post_task_update(review, NewUpdate(date(2024, 6, 1), "Sau kỳ báo cáo.", percent=90), office_handler,
                     now=datetime(2024, 6, 2, tzinfo=UTC))
    text = draft_report(reports[0], date(2024, 5, 1))
    assert text.startswith("Kỳ báo cáo: từ 01/01/2024 đến 05/05/2024.")
    assert "20/04/2024: Đã rà soát 14 văn bản. (60%)" in text
    assert "Sau kỳ báo cáo" not in text
    assert "Phòng Nội vụ" in text
    assert "Nhiệm vụ chưa báo cáo tiến độ trong kỳ" in text
    assert default_title(reports[0]).startswith("Báo cáo kết quả thực hiện")


def test_the_head_makes_a_report_and_it_is_published_at_once(published_plan, reports, head, district):
    report = reports[0]
    assert maker_of(report) == district
    made_at = vietnam_time(date(2024, 5, 5), "23:30")
    make_report(report, "Báo cáo 6 tháng", "Kết quả sáu tháng đầu năm.", head, now=made_at)
    assert report.submitted_on == MAY_DUE
    disclosure = report.disclosure
    assert (disclosure.unit, disclosure.category.code, disclosure.title) == (district, "khac", "Báo cáo 6 tháng")
    assert disclosure.document_date == MAY_DUE
    assert disclosure.current_version.body_markdown.startswith("*Hạn nộp: 05/05/2024; ngày nộp: 05/05/2024.*")
    assert status_of(disclosure, made_at) is DisclosureStatus.posted


def test_a_handlers_report_waits_for_the_head(published_plan, reports, drafter):
    report = reports[0]
    make_report(report, "", "Kết quả.", drafter, now=vietnam_time(date(2024, 5, 6), "00:30"))
    assert report.submitted_on == date(2024, 5, 6)
    assert report.status_on(date(2024, 6, 1)).value == "late"
    assert report.disclosure.approved_at is None
    assert report.disclosure.title == default_title(report)


def test_a_report_takes_the_plans_own_category(published_plan, reports, head, district):
    published_plan.disclosure = create_draft(
        head,
        DraftData(district.code, "quy-che-dan-chu", "Kế hoạch", "Nội dung.", datetime(2024, 3, 15, tzinfo=UTC)),
        now=datetime(2024, 3, 15, tzinfo=UTC),
    )
    make_report(reports[0], "Báo cáo", "Kết quả.", head, now=datetime(2024, 5, 1, tzinfo=UTC))
    assert reports[0].disclosure.category.code == "quy-che-dan-chu"


def test_only_the_maker_submits(reports, office_handler):
    with pytest.raises(NotAllowed):
        make_report(reports[0], "Báo cáo", "Kết quả.", office_handler, now=datetime(2024, 5, 1, tzinfo=UTC))


def test_makers_are_reminded_once_within_the_horizon(published_plan, reports, head, drafter, create_user, district):
    create_user(role=Role.handler, unit=district, is_enabled=False)
    assert queue_report_reminders(vietnam_time(date(2024, 4, 20), "23:30")) == 0
    # 00:30 on 21/04 in Hà Nội is still 20/04 in UTC: the reminder goes by the local date.
    assert queue_report_reminders(vietnam_time(date(2024, 4, 21), "00:30")) == 2
    assert sorted(message.recipient for message in _reminders()) == sorted([head.email, drafter.email])
    message = _reminders()[0]
    assert message.reference == f"plan_report:{reports[0].id}"
    assert "05/05/2024" in message.subject and f"/plans/reports/{reports[0].id}" in message.body
    assert queue_report_reminders(vietnam_time(date(2024, 4, 25), "12:00")) == 0
    make_report(reports[1], "Báo cáo năm", "Kết quả.", head, now=datetime(2024, 10, 25, tzinfo=UTC))
    assert queue_report_reminders(vietnam_time(date(2024, 10, 25), "12:00")) == 0
    assert queue_report_reminders(vietnam_time(date(2024, 5, 6), "12:00")) == 0  # a missing one is not reminded


def test_the_worker_runs_the_reminders_daily(app, db_session):
    huey = create_huey(app, immediate=True)
    jobs = {task_class.__name__: task_class for task_class in huey._registry._periodic_tasks}
    huey.execute(jobs["plans-report-reminders"]())
    assert _reminders() == []


def test_the_report_form_is_drafted_and_submitted(page, login, clock, published_plan, reports, review, head,
                                                 office_handler, english_pages):
    post_task_update(review, NewUpdate(date(2024, 4, 20), "Đã rà soát.", percent=50), office_handler,
                     now=datetime(2024, 4, 21, tzinfo=UTC))
    clock(vietnam_time(date(2024, 5, 4), "10:00"))
    login(head)
    soup = page("/plans/mine")
    link = soup.select_one("#reports-due ~ ul a")["href"]
    assert link == f"/plans/reports/{reports[0].id}"
    soup = page(link)
    assert "20/04/2024: Đã rà soát. (50%)" in soup.select_one("textarea#body").get_text()
    refused = page(link, method="post", data={"title": "", "body": "Giữ lại\x00 chữ này."}, expected_status=422)
    assert "Enter the title of the report." in refused.select_one(".error-summary").get_text()
    assert "Giữ lại" in refused.select_one("textarea#body").get_text()
    response = page.client.post(link, data={"title": "Báo cáo sáu tháng", "body": "Kết quả <b>tốt</b>."})
    assert response.status_code == 302
    assert reports[0].submitted_on == date(2024, 5, 4)
    soup = page(f"/plans/{published_plan.id}")
    row = soup.select_one("tr.report-on_time")
    assert row.select_one(f"a[href='/disclosures/{reports[0].disclosure_id}']") is not None
    assert page(link).select("form textarea") == []


def test_late_and_missing_reports_show_publicly(page, clock, published_plan, reports, head, english_pages):
    make_report(reports[0], "Báo cáo", "Kết quả.", head, now=vietnam_time(date(2024, 5, 10), "09:00"))
    clock(vietnam_time(date(2024, 11, 6), "00:30"))
    soup = page(f"/plans/{published_plan.id}")
    assert soup.select_one("tr.report-missing .tag").get_text(strip=True) == "Missing"
    assert soup.select_one("tr.report-late .tag").get_text(strip=True) == "Submitted late"
    page.client.get("/")  # anonymous: the report's form is for its makers only
    assert page.client.get(f"/plans/reports/{reports[1].id}").status_code == 302


def test_another_body_cannot_open_the_report_form(page, login, reports, office_handler):
    login(office_handler)
    page(f"/plans/reports/{reports[0].id}", expected_status=403)
    page("/plans/reports/424242", expected_status=404)


def test_the_api_gives_each_report_with_its_dates_status_and_disclosure(client, published_plan, reports, head,
                                                                         district, monkeypatch):
    monkeypatch.setattr("portal.plans.api.utcnow", lambda: vietnam_time(date(2024, 11, 6), "00:30"))
    make_report(reports[0], "Báo cáo", "Kết quả.", head, now=vietnam_time(date(2024, 5, 5), "23:30"))
    body = client.get(f"/api/v1/plans/{published_plan.id}").json
    first, second = body["reports"]
    assert (first["due_on"], first["submitted_on"], first["status"]) == ("2024-05-05", "2024-05-05", "on_time")
    assert first["disclosure_id"] == reports[0].disclosure_id
    assert (first["kind"], first["maker_unit"]["code"]) == ("six_month", district.code)
    assert first["recurrence_text"] == "Định kỳ 06 tháng (trước ngày 05/5/2024)"
    assert (second["due_on"], second["submitted_on"], second["status"], second["disclosure_id"]) == (
        "2024-11-05", None, "missing", None)
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    report_schema = next(value for key, value in schema.items() if key.startswith("Report"))
    assert {"due_on", "submitted_on", "status", "recurrence_text", "disclosure_id"} <= set(report_schema["properties"])


def test_the_remind_command_queues_the_reminders(app, published_plan, head, drafter, clock):
    clock(vietnam_time(date(2024, 4, 25), "08:00"))
    result = app.test_cli_runner().invoke(args=["plans", "remind"])
    assert result.exit_code == 0, result.output
    assert "Report reminders queued: 2." in result.output
    assert sorted(message.recipient for message in _reminders()) == sorted([head.email, drafter.email])
