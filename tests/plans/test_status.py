"""A task's status from its dates and updates, a heading's from its sub-tasks, and both at the edges of the local
day: a task due on 30/06 is overdue from 00:00 on 01/07 in Hà Nội, which is still 30/06 in UTC."""

from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.core.timeutil import local_date, utcnow
from portal.plans.models import PlanTask, TaskStatus, TaskUpdate
from portal.plans.queue import tasks_of_units
from portal.plans.services import NewUpdate, add_subtask, post_task_update
from tests.clock import vietnam_time
from tests.plans.conftest import IMPORTED_AT

JUNE_END = date(2024, 6, 30)
LATER = datetime(2024, 3, 21, 3, 0, tzinfo=UTC)


def _leaf(starts=date(2024, 4, 1), ends=JUNE_END, *updates) -> PlanTask:
    return PlanTask(text="Việc", starts_on=starts, ends_on=ends, updates=list(updates))


def _update(percent=None, done=False, day=date(2024, 5, 1)) -> TaskUpdate:
    return TaskUpdate(reported_on=day, text="Đã làm.", percent=percent, is_done=done)


@pytest.mark.parametrize(
    ("today", "updates", "status"),
    [
        (date(2024, 3, 31), [], TaskStatus.not_started),
        (date(2024, 4, 1), [], TaskStatus.in_progress),
        (date(2024, 3, 20), [_update(10, day=date(2024, 3, 20))], TaskStatus.in_progress),
        (JUNE_END, [_update(90)], TaskStatus.in_progress),
        (date(2024, 7, 1), [_update(90)], TaskStatus.overdue),
        (date(2024, 7, 1), [_update(100)], TaskStatus.done),
        (date(2025, 1, 1), [_update(40, done=True)], TaskStatus.done),
    ],
)
def test_a_task_follows_its_dates_and_updates(today, updates, status):
    assert _leaf(date(2024, 4, 1), JUNE_END, *updates).status_on(today) is status


def test_a_heading_follows_its_sub_tasks():
    first, second = _leaf(), _leaf()
    heading = PlanTask(text="Mục", starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31), children=[first, second],
                       updates=[])
    assert heading.status_on(date(2024, 3, 1)) is TaskStatus.not_started
    assert heading.progress == 0
    first.updates.append(_update(50))
    assert heading.status_on(date(2024, 5, 2)) is TaskStatus.in_progress
    assert heading.progress == 25
    assert heading.status_on(date(2024, 7, 1)) is TaskStatus.overdue
    first.updates.append(_update(done=True, day=date(2024, 6, 1)))
    second.updates.append(_update(100, day=date(2024, 6, 2)))
    assert (heading.status_on(date(2024, 7, 1)), heading.progress) == (TaskStatus.done, 100)


def test_a_heading_past_its_own_end_is_overdue_though_no_sub_task_has_dates():
    child = PlanTask(text="Thường xuyên", updates=[_update(30)])
    heading = PlanTask(text="Mục", ends_on=JUNE_END, children=[child], updates=[])
    assert child.status_on(date(2024, 7, 1)) is TaskStatus.in_progress
    assert heading.status_on(JUNE_END) is TaskStatus.in_progress
    assert heading.status_on(date(2024, 7, 1)) is TaskStatus.overdue


def test_a_heading_declared_done_is_done():
    heading = PlanTask(text="Mục", ends_on=JUNE_END, children=[_leaf()], updates=[_update(done=True)])
    assert heading.status_on(date(2024, 7, 1)) is TaskStatus.done


def test_dividing_a_task_makes_it_follow_its_new_sub_tasks(published_plan, office_handler, commune_of_district,
                                                          create_user):
    parent = next(task for task in published_plan.tasks if task.text.startswith("Tham mưu UBND huyện triển khai"))
    post_task_update(parent, NewUpdate(date(2024, 3, 20), "Bắt đầu.", percent=20), office_handler, now=LATER)
    assert parent.progress == 20
    subtask = add_subtask(parent, "Xã Thạnh Phú làm mô hình.", commune_of_district, office_handler, now=IMPORTED_AT)
    assert parent.progress == 0
    commune_handler = create_user(role=Role.handler, unit=commune_of_district)
    post_task_update(subtask, NewUpdate(date(2024, 3, 21), "Xong.", is_done=True), commune_handler, now=LATER)
    assert (parent.status_on(date(2024, 3, 21)), parent.progress) == (TaskStatus.done, 100)


@pytest.mark.parametrize(
    ("day", "hhmm", "status"),
    [
        (JUNE_END, "00:30", "in_progress"),
        (JUNE_END, "23:30", "in_progress"),
        (date(2024, 7, 1), "00:30", "overdue"),
        (date(2024, 7, 1), "06:59", "overdue"),
        (date(2024, 7, 1), "07:00", "overdue"),
    ],
)
def test_the_task_page_turns_overdue_at_local_midnight(page, clock, published_plan, day, hhmm, status):
    review = next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    clock(vietnam_time(day, hhmm))
    soup = page(f"/plans/tasks/{review.id}")
    assert soup.select_one(".facts .tag")["class"] == ["tag", f"task-{status}"]


def test_my_tasks_turn_overdue_at_local_midnight(clock, published_plan, office):
    review = next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    moments = ((JUNE_END, "23:30", TaskStatus.in_progress), (date(2024, 7, 1), "00:30", TaskStatus.overdue))
    for day, hhmm, expected in moments:
        clock(vietnam_time(day, hhmm))
        lines = tasks_of_units([office.id], local_date(utcnow()))
        assert next(line.status for line in lines if line.task == review) is expected
