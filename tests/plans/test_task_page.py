"""A task's own page with its dated timeline and sub-tasks, and the form that hands part of it to another body."""

from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.plans.services import NewUpdate, post_task_update, subtask_bodies

ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def model_task(published_plan):
    return next(task for task in published_plan.tasks if task.text.startswith("Tham mưu UBND huyện triển khai mô hình"))


def test_the_task_page_shows_its_timeline_newest_first(page, published_plan, office_handler, english_pages):
    review = next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    post_task_update(review, NewUpdate(date(2024, 5, 2), "Bắt đầu rà soát.", percent=20), office_handler, now=ON_DAY)
    post_task_update(review, NewUpdate(date(2024, 6, 20), "Xong.", is_done=True), office_handler, now=ON_DAY)
    soup = page(f"/plans/tasks/{review.id}")
    assert soup.h1.get_text(strip=True) == f"Task {review.number}"
    assert [item.select_one(".meta").get_text(strip=True) for item in soup.select("ol.timeline > li")] == [
        "20/06/2024 · done",
        "02/05/2024 · 20%",
    ]
    assert soup.select_one("progress")["value"] == "100"
    assert soup.select_one(f"nav.breadcrumbs a[href='/plans/{published_plan.id}#task-{review.id}']") is not None


def test_a_drafts_tasks_are_not_public(client, draft_plan):
    assert client.get(f"/plans/tasks/{draft_plan.tasks[0].id}").status_code == 404
    assert client.get("/plans/tasks/987654").status_code == 404


def test_the_office_hands_part_of_a_task_to_a_commune(page, login, model_task, office_handler, commune_of_district,
                                                      english_pages):
    login(office_handler)
    soup = page(f"/plans/tasks/{model_task.id}")
    link = soup.select_one("a.divide-task")["href"]
    soup = page(link)
    options = {option.get_text(strip=True): option["value"] for option in soup.select("select#lead_unit option")}
    assert "Xã Thạnh Phú" in options and "Tỉnh Đồng Nai" not in options and "Huyện Vĩnh Cửu" not in options
    data = {"text": "Xã Thạnh Phú xây dựng mô hình.", "lead_unit": options["Xã Thạnh Phú"]}
    response = page.client.post(link, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/tasks/{model_task.id}")
    [subtask] = model_task.children
    assert (subtask.text, subtask.lead_unit) == ("Xã Thạnh Phú xây dựng mô hình.", commune_of_district)
    soup = page(f"/plans/tasks/{model_task.id}")
    assert soup.select_one(f"#subtasks ~ ul a[href='/plans/tasks/{subtask.id}']") is not None
    assert soup.select_one("a.report-progress") is None  # a heading's progress comes from its sub-tasks


def test_a_refused_division_keeps_the_text(page, login, model_task, office_handler, english_pages):
    login(office_handler)
    hostile = "<script>alert(1)</script> " + "x" * 2001
    soup = page(f"/plans/tasks/{model_task.id}/divide", method="post", data={"text": hostile, "lead_unit": "999999"},
                expected_status=422)
    errors = [item.get_text(strip=True) for item in soup.select(".error-summary li")]
    assert "Write at most 2000 characters." in errors and "Not a valid choice." in errors
    assert soup.select_one("textarea#text").get_text().strip() == hostile
    assert soup.select("main script") == []
    assert model_task.children == []


def test_only_the_responsible_body_divides_a_task(page, login, model_task, create_user):
    login(create_user(role=Role.handler))
    page(f"/plans/tasks/{model_task.id}/divide", expected_status=403)


def test_a_task_is_handed_only_downwards(model_task, district):
    names = {unit.name for unit in subtask_bodies(model_task)}
    assert {"Phòng Nội vụ", "Xã Thạnh Phú"} <= names
    assert not names & {"Tỉnh Đồng Nai", "Huyện Vĩnh Cửu"}
