"""`demo load` publishes the sample plans with their tasks, some progress, and reports on time, late and missing."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.demo.plans import publish_plans_from_samples
from portal.demo.samples import publish_sample_plans
from portal.demo.services import load_demo_data
from portal.extensions import db
from portal.plans.models import Plan, PlanStatus, ReportStatus, TaskStatus
from portal.units.models import Unit

LATER = date(2026, 12, 6)


@pytest.fixture
def plans(db_session):
    load_demo_data()
    publish_sample_plans()
    assert publish_plans_from_samples() == 5
    return {plan.unit.code: plan for plan in db.session.scalars(select(Plan))}


def test_every_sample_is_a_published_plan_linked_to_its_disclosure(plans):
    assert sorted(plans) == ["XHATRUNG-TT", "XIAPA-UBND", "XMINHLONG-HDND", "XTANTRUNG", "XVINHCUU-UBND"]
    for plan in plans.values():
        assert plan.status is PlanStatus.published
        assert plan.disclosure.unit == plan.unit and plan.tasks
    assert len(plans["XMINHLONG-HDND"].tasks) >= 7
    assert publish_plans_from_samples() == 0


def test_vinh_cuu_shows_progress_done_and_reports_on_time_and_late(plans):
    plan = plans["XVINHCUU-UBND"]
    review = next(task for task in plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))
    noi_vu = db.session.scalar(select(Unit).where(Unit.code == "XVINHCUU-NOIVU"))
    assert review.lead_unit == noi_vu
    assert (review.status_on(LATER), review.progress, len(review.updates)) == (TaskStatus.done, 100, 2)
    statuses = [report.status_on(LATER) for duty in plan.report_duties for report in duty.reports]
    assert statuses == [ReportStatus.on_time, ReportStatus.late]


def test_ia_pa_first_report_is_missing(plans):
    reports = [report for duty in plans["XIAPA-UBND"].report_duties for report in duty.reports]
    first = min(reports, key=lambda report: report.due_on)
    assert first.due_on == date(2022, 5, 10)
    assert first.status_on(LATER) is ReportStatus.missing
