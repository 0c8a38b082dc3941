"""Public plan pages: a unit's plans, a plan's task tree with statuses, progress, updates and reports."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.plans.services import NewUpdate, post_task_update, submit_report

ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def progressed(published_plan, office_handler):
    review = next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    post_task_update(
        review, NewUpdate(date(2024, 5, 20), "Đã rà soát 12 văn bản.", percent=40), office_handler, now=ON_DAY
    )
    submit_report(published_plan.report_duties[0].reports[0], "Báo cáo.", None, now=datetime(2024, 5, 8, tzinfo=UTC))
    return published_plan, review


def test_a_unit_lists_only_its_published_plans(page, district, draft_plan, english_pages):
    soup = page(f"/plans/?unit={district.code}")
    assert soup.h1.get_text(strip=True) == f"Plans of {district.name}"
    assert soup.select(".unit-list li") == []
    draft_plan.published_at = draft_plan.approved_at = ON_DAY
    soup = page(f"/plans/?unit={district.code}")
    assert [a.get_text(strip=True) for a in soup.select(".unit-list li a")] == [draft_plan.title]


def test_an_unknown_unit_is_not_found(page):
    page("/plans/?unit=NOPE", expected_status=404)


def test_a_draft_is_hidden_from_citizens(page, draft_plan):
    page(f"/plans/{draft_plan.id}", expected_status=404)


def test_the_plan_page_shows_the_tree_overdue_first_progress_and_reports(page, progressed, monkeypatch, english_pages):
    plan, review = progressed
    monkeypatch.setattr("portal.plans.views.utcnow", lambda: ON_DAY)
    soup = page(f"/plans/{plan.id}")
    assert soup.h1.get_text(strip=True) == plan.title
    overdue = [a["href"] for a in soup.select("#overdue ~ ul a")]
    assert f"#task-{review.id}" in overdue
    item = soup.select_one(f"#task-{review.id}")
    assert "task-overdue" in item["class"]
    assert item.select_one(".tag").get_text(strip=True) == "Overdue"
    assert item.select_one("progress")["value"] == "40"
    assert item.select_one(".meta a").get_text(strip=True) == "Phòng Nội vụ"
    assert "Đã rà soát 12 văn bản." in item.select_one(".updates li").get_text(" ", strip=True)
    assert len(soup.select("#tasks ~ .plan-tree > li")) == 3
    rows = soup.select("#reports ~ table tbody tr")
    assert [row["class"][0] for row in rows] == ["report-late", "report-upcoming"]
    assert rows[0].select("td")[2].get_text(strip=True) == "08/05/2024"


def test_the_unit_page_links_to_its_plans(page, district):
    soup = page(f"/units/{district.code}")
    assert soup.select_one("a.unit-plans")["href"] == f"/plans/?unit={district.code}"


def test_the_tasks_download_as_csv(client, published_plan, office, monkeypatch):
    monkeypatch.setattr("portal.plans.views.utcnow", lambda: ON_DAY)
    response = client.get(f"/plans/{published_plan.id}/tasks.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["id", "parent_id", "number", "text"]
    assert len(rows) == len(published_plan.tasks) + 1
    review = next(row for row in rows if row[3].startswith("Giao Phòng Nội vụ rà soát"))
    assert review[4:6] == ["Phòng Nội vụ", office.code]
    assert review[8:12] == ["2024-04-01", "2024-06-30", "overdue", "0"]


def _review(plan):
    return next(task for task in plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))


def test_the_office_posts_progress_from_the_plan_page(page, login, published_plan, office_handler, english_pages):
    review = _review(published_plan)
    login(office_handler)
    soup = page(f"/plans/{published_plan.id}")
    link = soup.select_one(f"#task-{review.id} a.report-progress")["href"]
    assert link == f"/plans/tasks/{review.id}/progress"
    soup = page(link)
    assert soup.select_one("form textarea#text") is not None
    response = page.client.post(link, data={"reported_on": "2024-05-20", "text": "Đã rà soát.", "percent": "30"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{published_plan.id}#task-{review.id}")
    assert [(update.text, update.percent, update.author_id) for update in review.updates] == [
        ("Đã rà soát.", 30, office_handler.id)
    ]


def test_a_refused_progress_keeps_what_was_typed(page, login, published_plan, office_handler, english_pages):
    review = _review(published_plan)
    login(office_handler)
    soup = page(
        f"/plans/tasks/{review.id}/progress", method="post", data={"reported_on": "2999-01-01", "text": "Ngày sai."},
        expected_status=422,
    )
    assert "cannot be in the future" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("textarea#text").get_text(strip=True) == "Ngày sai."
    soup = page(
        f"/plans/tasks/{review.id}/progress", method="post", data={"reported_on": "", "text": "", "percent": "150"},
        expected_status=422,
    )
    errors = [a.get_text(strip=True) for a in soup.select(".error-summary a")]
    assert errors == ["Enter the date of the progress.", "Describe what was done.", "Enter a percentage from 0 to 100."]
    assert review.updates == []


def test_only_the_responsible_body_sees_the_progress_form(page, login, published_plan, create_user):
    review = _review(published_plan)
    login(create_user(role=Role.handler))
    page(f"/plans/tasks/{review.id}/progress", expected_status=403)
    soup = page(f"/plans/{published_plan.id}")
    assert soup.select("a.report-progress") == []
