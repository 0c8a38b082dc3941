"""The plans API: a unit's published plans, and one plan's tasks with status and progress and its reports."""

from datetime import UTC, date, datetime

import pytest

from portal.plans.services import NewUpdate, post_task_update, submit_report

ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setattr("portal.plans.api.utcnow", lambda: ON_DAY)


def test_a_unit_lists_its_published_plans_only(client, district, draft_plan):
    assert client.get(f"/api/v1/plans?unit={district.code}").json == []
    draft_plan.approved_at = draft_plan.published_at = ON_DAY
    items = client.get(f"/api/v1/plans?unit={district.code}").json
    assert [(item["id"], item["unit"]["code"], item["starts_on"]) for item in items] == [
        (draft_plan.id, district.code, "2024-01-01")
    ]
    assert items[0]["url"] == f"http://localhost/plans/{draft_plan.id}"


def test_unknown_unit_and_draft_are_not_found(client, draft_plan):
    assert client.get("/api/v1/plans?unit=NOPE").status_code == 404
    assert client.get("/api/v1/plans").status_code == 422
    assert client.get(f"/api/v1/plans/{draft_plan.id}").status_code == 404


def test_a_plan_with_its_tasks_and_reports(client, published_plan, office_handler, office, pinned):
    review = next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    post_task_update(review, NewUpdate(date(2024, 5, 20), "Đã rà soát.", percent=40), office_handler, now=ON_DAY)
    submit_report(published_plan.report_duties[0].reports[0], "Báo cáo.", None, now=ON_DAY)
    body = client.get(f"/api/v1/plans/{published_plan.id}").json
    assert len(body["tasks"]) == len(published_plan.tasks)
    task = next(item for item in body["tasks"] if item["id"] == review.id)
    assert task["parent_id"] == review.parent_id and task["number"] == "-"
    assert task["lead_unit"] == {"id": office.id, "code": office.code, "name": "Phòng Nội vụ"}
    assert (task["timeframe_text"], task["starts_on"], task["ends_on"]) == (
        "trong quý II/2024",
        "2024-04-01",
        "2024-06-30",
    )
    assert (task["status"], task["progress"]) == ("overdue", 40)
    update = review.updates[0]
    assert task["updates"] == [
        {"id": update.id, "reported_on": "2024-05-20", "text": "Đã rà soát.", "percent": 40, "is_done": False,
         "files": []}
    ]
    reports = [(report["due_on"], report["submitted_on"], report["status"]) for report in body["reports"]]
    assert reports == [("2024-05-05", "2024-07-10", "late"), ("2024-11-05", None, "upcoming")]


def test_openapi_describes_the_plans_api(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}"} <= set(paths)
