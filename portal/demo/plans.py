"""The five sample plans as published plans of their issuers, with some progress and reports to show.

Each plan is read by the same reader an official's upload goes through, stored by `import_plan`, and linked to the
disclosure `publish_sample_plans` made of the same document. Sample 001 (Vĩnh Cửu) gets progress from Phòng Nội vụ
and Phòng Tư pháp, its six-month report made on time and its annual report late; sample 004's first six-month report
(Ia Pa, due 10/05/2022) is left missing. Every date is the plan's own, so the statuses read the same on any day.
"""

import unicodedata
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from portal.core.timeutil import LOCAL_TZ
from portal.demo.samples import SAMPLE_PLANS, SAMPLES_DIR, title_of
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.plans.models import Plan, PlanTask
from portal.plans.reading import read_plan
from portal.plans.services import NewUpdate, approve_plan, import_plan, post_task_update, publish_plan, submit_report
from portal.units.models import Unit

VINH_CUU = "XVINHCUU-UBND"
PROGRESS = [
    # (sample issuer, the task's first words, date, text, percent, done)
    (VINH_CUU, "Giao Phòng Nội vụ rà soát", date(2024, 5, 15), "Đã rà soát 14 văn bản quy phạm pháp luật.", 60, False),
    (
        VINH_CUU,
        "Giao Phòng Nội vụ rà soát",
        date(2024, 6, 25),
        "Hoàn thành rà soát; đề xuất sửa đổi 3 văn bản.",
        None,
        True,
    ),
    (VINH_CUU, "Giao Phòng Tư pháp", date(2024, 6, 30), "Tổ chức 4 hội nghị tuyên truyền Luật tại các xã.", 50, False),
]
REPORTS = [
    # (sample issuer, due date, day made, text)
    (VINH_CUU, date(2024, 5, 5), date(2024, 5, 3), "Báo cáo kết quả thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024."),
    (VINH_CUU, date(2024, 11, 5), date(2024, 11, 12), "Báo cáo kết quả thực hiện dân chủ ở cơ sở năm 2024."),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=LOCAL_TZ).astimezone(UTC)


def _task(plan: Plan, starts: str) -> PlanTask:
    return next(task for task in plan.tasks if task.text.startswith(starts))


def publish_plans_from_samples(samples_dir=SAMPLES_DIR) -> int:
    """Import each sample not yet imported (found by its disclosure), approve and publish it on its posting date."""
    published: dict[str, Plan] = {}
    for sample in SAMPLE_PLANS:
        unit = db.session.scalar(select(Unit).where(Unit.code == sample.issuer_code))
        text = unicodedata.normalize("NFC", (samples_dir / sample.filename).read_text(encoding="utf-8"))
        disclosure = db.session.scalar(
            select(Disclosure).where(Disclosure.unit_id == unit.id, Disclosure.title == title_of(text))
        )
        if db.session.scalar(select(Plan.id).where(Plan.disclosure_id == disclosure.id)):
            continue
        start = _at(sample.posting_start)
        plan = import_plan(read_plan(text), unit, None, now=start)
        plan.disclosure = disclosure
        approve_plan(plan, None, now=start)
        publish_plan(plan, None, now=start)
        published[sample.issuer_code] = plan
    for issuer, starts, day, text, percent, done in PROGRESS:
        if issuer in published:
            task = _task(published[issuer], starts)
            post_task_update(task, NewUpdate(day, text, percent=percent, is_done=done), None, now=_at(day))
    for issuer, due_on, made_on, text in REPORTS:
        if issuer in published:
            report = next(
                report for duty in published[issuer].report_duties for report in duty.reports if report.due_on == due_on
            )
            submit_report(report, text, None, now=_at(made_on))
    db.session.flush()
    return len(published)
