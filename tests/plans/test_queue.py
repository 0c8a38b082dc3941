""""My tasks" across plans for the officials of a body, the reports they must make, and the unit head's overview."""

from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.core.errors import NotAllowed
from portal.extensions import db
from portal.plans.models import ReportStatus, TaskStatus
from portal.plans.queue import check_may_see_overview, my_units, overview, reports_to_make, tasks_of_units
from portal.plans.reading import read_plan
from portal.plans.reports import make_report
from portal.plans.services import (
    NewUpdate,
    add_subtask,
    approve_plan,
    import_plan,
    may_report_on,
    post_task_update,
    publish_plan,
)
from portal.units.models import BodyType, SuccessionSource, UnitKind, UnitSuccession
from tests.clock import vietnam_time
from tests.plans.conftest import IMPORTED_AT
from tests.plans.test_reading import sample_text

JULY = date(2024, 7, 10)
ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)


def _task(plan, starts):
    return next(task for task in plan.tasks if task.text.startswith(starts))


def test_an_office_sees_the_tasks_it_leads_oldest_deadline_first(published_plan, office, office_handler):
    assert my_units(office_handler) == [office]
    lines = tasks_of_units([office.id], JULY)
    led = [task for task in published_plan.tasks if task.lead_unit == office]
    assert {line.task for line in lines} == set(led) and led
    deadlines = [line.task.deadline for line in lines]
    assert deadlines == sorted(deadlines)
    review = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    assert next(line.status for line in lines if line.task == review) is TaskStatus.overdue


def test_a_cooperating_body_sees_the_shared_task(published_plan, district):
    justice = next(unit for unit in district.children if unit.name == "Phòng Tư pháp")
    shared = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    shared.cooperating_units.append(justice)
    assert shared in {line.task for line in tasks_of_units([justice.id], JULY)}


def test_the_plans_unit_sees_the_tasks_no_unit_was_matched_to(published_plan, district):
    union = _task(published_plan, "Đề nghị Liên đoàn lao động huyện")
    assert union.lead_unit is None
    assert union in {line.task for line in tasks_of_units([district.id], JULY)}


def test_drafts_are_nobodys_tasks_yet(draft_plan, office):
    assert tasks_of_units([office.id], JULY) == []


def test_tasks_filter_by_status_and_plan(published_plan, office, office_handler):
    review = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    post_task_update(review, NewUpdate(date(2024, 6, 1), "Xong.", is_done=True), office_handler, now=ON_DAY)
    done = tasks_of_units([office.id], JULY, status=TaskStatus.done)
    assert [line.task for line in done] == [review]
    assert tasks_of_units([office.id], JULY, plan_id=published_plan.id + 1000) == []
    assert len(tasks_of_units([office.id], JULY, plan_id=published_plan.id)) == len(tasks_of_units([office.id], JULY))


def test_reports_to_make_show_missing_and_due_soon(published_plan, district):
    # Sample 001's reports are due 05/05/2024 and 05/11/2024 and made by the district's committee.
    assert reports_to_make([district.id], date(2024, 4, 20)) == []
    due = reports_to_make([district.id], date(2024, 4, 21))
    assert [(report.due_on, status) for report, status in due] == [(date(2024, 5, 5), ReportStatus.upcoming)]
    missing = reports_to_make([district.id], date(2024, 10, 30))
    assert [(report.due_on, status) for report, status in missing] == [
        (date(2024, 5, 5), ReportStatus.missing),
        (date(2024, 11, 5), ReportStatus.upcoming),
    ]


def test_my_tasks_page_lists_filters_and_links_to_progress(page, login, clock, published_plan, office_handler,
                                                         english_pages):
    clock(vietnam_time(JULY, "09:00"))
    login(office_handler)
    soup = page("/plans/mine")
    review = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    row = soup.select_one(f"tr:has(a[href='/plans/tasks/{review.id}'])")
    assert "overdue" in row["class"]
    assert row.select_one(f"a[href='/plans/tasks/{review.id}/progress']") is not None
    soup = page("/plans/mine?status=done")
    assert soup.select("table.queue tbody tr") == []
    assert "No task matches" in soup.select_one("section[aria-labelledby=tasks] > form + p").get_text()
    soup = page(f"/plans/mine?status=overdue&plan={published_plan.id}")
    assert soup.select_one(f"a[href='/plans/tasks/{review.id}']") is not None
    assert page("/plans/mine?status=nonsense&plan=99999999999999999999999").select("table.queue")
    page("/plans/mine?plan=%00", expected_status=400)


def test_the_navigation_links_to_my_tasks(page, login, office_handler):
    login(office_handler)
    assert page("/").select_one("nav a[href='/plans/mine']") is not None


def test_my_tasks_need_a_sign_in(client):
    assert client.get("/plans/mine").status_code == 302


def test_the_head_sees_the_overview_with_overdue_work_first(published_plan, district, head, create_user, proposal):
    other = import_plan(read_plan(sample_text(1)), district, None, now=IMPORTED_AT)
    summaries = overview(district.parent, date(2024, 11, 10))
    assert [summary.plan for summary in summaries][0] == published_plan
    assert {summary.plan for summary in summaries} == {published_plan, other}
    first = summaries[0]
    assert first.tasks[TaskStatus.overdue] > 0
    assert first.reports[ReportStatus.missing] == 2
    assert sum(first.tasks.values()) == len([task for task in published_plan.tasks if not task.children])
    with pytest.raises(NotAllowed):
        check_may_see_overview(create_user(role=Role.handler, unit=district), district)
    check_may_see_overview(head, district)


def test_the_overview_page(page, login, clock, published_plan, district, head, english_pages):
    clock(vietnam_time(JULY, "09:00"))
    login(head)
    soup = page("/plans/mine")
    link = soup.select_one("a.plans-overview")["href"]
    assert link == f"/plans/overview?unit={district.code}"
    soup = page(link)
    row = soup.select_one("table.queue tbody tr")
    assert row.select_one(f"a[href='/plans/{published_plan.id}']") is not None
    assert int(row.select_one("td.count-overdue").get_text()) > 0


def test_the_overview_is_for_heads_only(page, login, published_plan, district, office_handler):
    login(office_handler)
    page(f"/plans/overview?unit={district.code}", expected_status=403)
    page("/plans/overview?unit=NO-SUCH-UNIT", expected_status=404)


def test_a_second_published_plan_counts_too(published_plan, district, head):
    second = import_plan(read_plan(sample_text(1)), district, None, now=IMPORTED_AT)
    approve_plan(second, head, now=IMPORTED_AT)
    publish_plan(second, head, now=IMPORTED_AT)
    plans = {line.task.plan for line in tasks_of_units([district.id], JULY)}
    assert plans == {published_plan, second}


@pytest.fixture
def after_the_reform(district, office, create_unit):
    """2025: the district's committee and its office are dissolved; a commune and a provincial department take over."""
    province = district.parent.parent
    department = create_unit(name="Sở Nội vụ", kind=UnitKind.body, parent=province, body_type=BodyType.office)
    commune = create_unit(name="Xã Vĩnh An", kind=UnitKind.commune, parent=province)
    for old, new in ((office, department), (district, commune)):
        old.dissolved_on = date(2025, 7, 1)
        db.session.add(UnitSuccession(predecessor_id=old.id, successor_id=new.id, effective_on=date(2025, 7, 1),
                                      is_default=True, source=SuccessionSource.manual))
    db.session.flush()
    return department, commune


def test_the_unit_that_took_over_carries_on_the_tasks(published_plan, office, after_the_reform, create_user):
    department, _commune = after_the_reform
    official = create_user(role=Role.handler, unit=department)
    assert [unit.name for unit in my_units(official)] == ["Sở Nội vụ", "Phòng Nội vụ"]
    review = _task(published_plan, "Giao Phòng Nội vụ rà soát")
    assert review in {line.task for line in tasks_of_units([unit.id for unit in my_units(official)], JULY)}
    assert may_report_on(official, review)
    post_task_update(review, NewUpdate(date(2025, 8, 1), "Sở tiếp tục theo dõi.", percent=80), official,
                     now=datetime(2025, 8, 1, 3, tzinfo=UTC))


def test_the_successor_makes_the_missing_report_in_its_own_name(published_plan, after_the_reform, create_user):
    _department, commune = after_the_reform
    head = create_user(role=Role.unit_head, unit=commune)
    report = published_plan.report_duties[1].reports[0]
    assert [item for item, _status in reports_to_make([unit.id for unit in my_units(head)], date(2025, 8, 1))]
    make_report(report, "Báo cáo năm 2024", "Kết quả.", head, now=datetime(2025, 8, 1, 3, tzinfo=UTC))
    assert (report.disclosure.unit, report.status_on(date(2025, 8, 2)).value) == (commune, "late")
    assert report.disclosure.approved_at is not None
    assert published_plan in {summary.plan for summary in overview(commune, date(2025, 8, 2))}


def test_a_heading_in_my_tasks_follows_sub_tasks_led_by_others(published_plan, office, office_handler,
                                                               commune_of_district, create_user):
    heading = _task(published_plan, "Tham mưu UBND huyện triển khai mô hình")
    subtask = add_subtask(heading, "Xã Thạnh Phú làm mô hình.", commune_of_district, office_handler, now=ON_DAY)
    post_task_update(subtask, NewUpdate(date(2024, 7, 1), "Xong.", is_done=True),
                     create_user(role=Role.handler, unit=commune_of_district), now=ON_DAY)
    db.session.expire_all()
    lines = tasks_of_units([office.id], JULY)
    line = next(line for line in lines if line.task.id == heading.id)
    assert (line.status, line.task.progress) == (TaskStatus.done, 100)
    assert subtask.id not in {line.task.id for line in lines}
