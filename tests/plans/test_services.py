"""Storing a plan read from sample 001, its approval and publication, progress on its tasks, and derived statuses."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.extensions import db
from portal.plans.models import Plan, PlanStatus, PlanTask, Report, ReportStatus, TaskStatus, TaskUpdate
from portal.plans.services import (
    NewUpdate,
    add_subtask,
    approve_plan,
    import_plan,
    post_task_update,
    publish_plan,
    submit_report,
)
from tests.plans.conftest import IMPORTED_AT

# 23:30 in Hà Nội on 20 May 2024 is still 20 May there, though 16:30 UTC.
LATE_EVENING = datetime(2024, 5, 20, 16, 30, tzinfo=UTC)


def _task(plan: Plan, starts: str) -> PlanTask:
    return next(task for task in plan.tasks if task.text.startswith(starts))


def test_import_keeps_the_tree_and_matches_bodies_to_units(draft_plan, proposal, district, office):
    db.session.expire_all()
    plan = db.session.get(Plan, draft_plan.id)
    assert plan.status is PlanStatus.draft
    assert plan.unit == district
    assert plan.issuer_unit == district
    assert (plan.starts_on, plan.ends_on) == (date(2024, 1, 1), date(2024, 12, 31))
    assert len(plan.legal_bases) == 3
    assert len(plan.tasks) == len(list(proposal.all_tasks()))
    assert [task.position for task in plan.tasks] == list(range(len(plan.tasks)))
    assert [task.number for task in plan.root_tasks] == ["II.", "III.", "IV."]
    review = _task(plan, "Giao Phòng Nội vụ rà soát")
    assert review.lead_unit == office
    assert review.parent.number == "1." and review.parent.parent.number == "III."
    assert (review.timeframe_text, review.starts_on, review.ends_on) == (
        "trong quý II/2024",
        date(2024, 4, 1),
        date(2024, 6, 30),
    )
    propaganda = _task(plan, "Giao Phòng Tư pháp")
    assert propaganda.lead_unit.name == "Phòng Tư pháp"
    assert propaganda.cooperating_text == [
        "Phòng Văn hoá và Thông tin",
        "Trung tâm Văn hoá - Thông tin và Thể thao huyện",
    ]
    assert propaganda.cooperating_units == []


def test_a_body_without_a_unit_keeps_its_name_for_the_official(draft_plan):
    union = _task(draft_plan, "Đề nghị Liên đoàn lao động huyện")
    assert (union.lead_text, union.lead_unit) == ("Liên đoàn lao động huyện", None)


def test_import_stores_each_report_due_and_who_it_goes_to(draft_plan, district):
    duties = draft_plan.report_duties
    assert [duty.recurrence_text for duty in duties] == [
        "Định kỳ 06 tháng (trước ngày 05/5/2024)",
        "cuối năm (trước ngày 05/11/2024)",
    ]
    assert [report.due_on for duty in duties for report in duty.reports] == [date(2024, 5, 5), date(2024, 11, 5)]
    assert duties[0].recipient_text == "UBND huyện" and duties[0].recipient_unit == district
    assert duties[0].via_text == "Phòng Nội vụ huyện"


def test_import_is_recorded_in_the_audit_log(draft_plan, drafter):
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plans.imported"))
    assert (event.actor_id, event.subject_id, event.unit_id) == (drafter.id, str(draft_plan.id), draft_plan.unit_id)
    assert event.details["tasks"] == len(draft_plan.tasks)


def test_an_official_of_another_unit_may_not_import(proposal, district, create_user):
    stranger = create_user(role=Role.handler)
    with pytest.raises(NotAllowed):
        import_plan(proposal, district, stranger, now=IMPORTED_AT)


def test_only_the_head_approves_and_only_an_approved_plan_is_published(draft_plan, drafter, head):
    with pytest.raises(NotAllowed):
        approve_plan(draft_plan, drafter, now=IMPORTED_AT)
    with pytest.raises(InvalidTransition):
        publish_plan(draft_plan, head, now=IMPORTED_AT)
    approve_plan(draft_plan, head, now=IMPORTED_AT)
    assert draft_plan.status is PlanStatus.approved
    with pytest.raises(InvalidTransition):
        approve_plan(draft_plan, head, now=IMPORTED_AT)
    publish_plan(draft_plan, head, now=IMPORTED_AT)
    assert draft_plan.status is PlanStatus.published
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_type == "plan").order_by(AuditEvent.id)
    ).all()
    assert actions == ["plans.imported", "plans.approved", "plans.published"]


def test_the_office_posts_dated_progress_and_the_task_follows(published_plan, office_handler):
    task = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    assert task.status_on(date(2024, 3, 31)) is TaskStatus.not_started
    assert task.status_on(date(2024, 4, 1)) is TaskStatus.in_progress
    post_task_update(
        task, NewUpdate(date(2024, 5, 20), "Đã rà soát 12 văn bản.", percent=40), office_handler, now=LATE_EVENING
    )
    assert (task.progress, task.status_on(date(2024, 5, 21))) == (40, TaskStatus.in_progress)
    assert task.status_on(date(2024, 7, 1)) is TaskStatus.overdue
    post_task_update(
        task, NewUpdate(date(2024, 5, 20), "Hoàn thành rà soát.", is_done=True), office_handler, now=LATE_EVENING
    )
    db.session.expire_all()
    task = db.session.get(PlanTask, task.id)
    assert [update.text for update in task.updates] == ["Đã rà soát 12 văn bản.", "Hoàn thành rà soát."]
    assert (task.progress, task.status_on(date(2024, 7, 1))) == (100, TaskStatus.done)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plans.task_updated")).first()
    assert (event.actor_id, event.subject_id) == (office_handler.id, str(task.id))


def test_an_update_before_its_task_starts_puts_it_in_progress(published_plan, office_handler):
    task = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    post_task_update(
        task,
        NewUpdate(date(2024, 3, 20), "Đã chuẩn bị.", percent=5),
        office_handler,
        now=datetime(2024, 3, 20, 3, tzinfo=UTC),
    )
    assert task.status_on(date(2024, 3, 21)) is TaskStatus.in_progress


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (NewUpdate(date(2024, 5, 21), "Ngày mai."), "future"),
        (NewUpdate(date(2024, 5, 20), "   "), "Describe"),
        (NewUpdate(date(2024, 5, 20), "Quá mức.", percent=120), "0 to 100"),
    ],
)
def test_a_bad_update_is_refused_with_its_reason(published_plan, office_handler, english_messages, data, message):
    task = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    with pytest.raises(InvalidInput, match=message):
        post_task_update(task, data, office_handler, now=LATE_EVENING)
    assert db.session.scalar(select(TaskUpdate.id)) is None


def test_progress_only_from_the_responsible_body_and_only_once_published(draft_plan, head, office_handler, create_user):
    task = _task(draft_plan, "Giao Phòng Nội vụ rà soát")
    update = NewUpdate(date(2024, 5, 20), "Đã rà soát.")
    with pytest.raises(InvalidTransition):
        post_task_update(task, update, office_handler, now=LATE_EVENING)
    approve_plan(draft_plan, head, now=IMPORTED_AT)
    publish_plan(draft_plan, head, now=IMPORTED_AT)
    other_office = create_user(role=Role.handler, unit=_task(draft_plan, "Giao Phòng Tư pháp").lead_unit)
    with pytest.raises(NotAllowed):
        post_task_update(task, update, other_office, now=LATE_EVENING)


def test_a_task_is_split_into_subtasks_for_communes(published_plan, office_handler, commune_of_district):
    parent = _task(published_plan, "Tham mưu UBND huyện triển khai mô hình")
    following = published_plan.tasks[parent.position + 1]
    subtask = add_subtask(
        parent, "Xã Thạnh Phú xây dựng mô hình.", commune_of_district, office_handler, now=IMPORTED_AT
    )
    assert (subtask.parent, subtask.lead_unit, subtask.number) == (parent, commune_of_district, "1.")
    assert (subtask.starts_on, subtask.ends_on) == (parent.starts_on, parent.ends_on)
    assert subtask.position == parent.position + 1 and following.position == subtask.position + 1
    second = add_subtask(parent, "Thêm một xã.", commune_of_district, office_handler, now=IMPORTED_AT)
    assert (second.number, second.position) == ("2.", subtask.position + 1)
    positions = sorted(task.position for task in published_plan.tasks)
    assert positions == list(range(len(published_plan.tasks)))


@pytest.mark.parametrize(
    ("submitted_on", "today", "status"),
    [
        (None, date(2024, 5, 5), ReportStatus.upcoming),
        (None, date(2024, 5, 6), ReportStatus.missing),
        (date(2024, 5, 5), date(2024, 6, 1), ReportStatus.on_time),
        (date(2024, 5, 6), date(2024, 6, 1), ReportStatus.late),
    ],
)
def test_a_report_is_on_time_late_or_missing(submitted_on, today, status):
    assert Report(due_on=date(2024, 5, 5), submitted_on=submitted_on).status_on(today) is status


def test_a_task_without_dates_waits_for_its_first_update():
    task = PlanTask(text="Thường trực", updates=[])
    assert task.status_on(date(2030, 1, 1)) is TaskStatus.not_started


def test_a_report_is_submitted_once_on_the_local_date(published_plan, head, create_user, english_messages):
    report = published_plan.report_duties[0].reports[0]
    with pytest.raises(NotAllowed):
        submit_report(report, "Báo cáo.", create_user(role=Role.handler), now=LATE_EVENING)
    with pytest.raises(InvalidInput, match="text of the report"):
        submit_report(report, "  ", head, now=LATE_EVENING)
    submit_report(report, "Báo cáo 6 tháng.", head, now=datetime(2024, 5, 4, 17, 30, tzinfo=UTC))
    assert (report.submitted_on, report.status_on(date(2024, 6, 1))) == (date(2024, 5, 5), ReportStatus.on_time)
    with pytest.raises(InvalidTransition):
        submit_report(report, "Lần nữa.", head, now=LATE_EVENING)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plans.report_submitted"))
    assert event.details == {"due_on": "2024-05-05", "submitted_on": "2024-05-05"}
