"""Load a province's 10,000 plan tasks (over many plans and units) and time listing them: an office's "my tasks",
a commune's task list, the largest plan's page, the spreadsheets, and the province head's overview.

Usage: .venv/bin/python bench/plans_listing.py [--database-url URL] [--tasks 10000]
Without --database-url it uses a fresh SQLite file under bench/out/. The PostgreSQL database given is emptied
first. Prints the figures; asserts nothing.
"""

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fresh import bench_app, migrate_empty
from sqlalchemy import func, insert, select, text

from portal.extensions import db
from portal.plans import exports, queue
from portal.plans.models import Plan, PlanTask, Report, ReportDuty, TaskStatus, TaskUpdate, plan_task_cooperators
from portal.units.importer import import_official_units
from portal.units.models import BodyType, Unit, UnitKind, UnitSource

PROVINCE = "75"  # Đồng Nai
DEPARTMENTS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
               "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch"]
TODAY = date(2026, 12, 6)
MOMENT = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def _departments(province: Unit) -> list[int]:
    rows = [
        {"code": f"BENCH-SO{number}", "kind": UnitKind.body, "body_type": BodyType.office, "name": name,
         "search_name": name.lower(), "parent_id": province.id, "source": UnitSource.manual, "created_at": MOMENT}
        for number, name in enumerate(DEPARTMENTS)
    ]
    return list(db.session.execute(insert(Unit).returning(Unit.id), rows).scalars())


def build(count: int) -> tuple[int, list[int], list[int]]:
    """Plans of the province and of its communes, 50 tasks each: 10 headings of 4 sub-tasks, led by a department
    or the commune, with progress on half of them and two reports a year."""
    import_official_units()
    province = db.session.scalar(select(Unit).where(Unit.code == PROVINCE))
    communes = list(db.session.scalars(select(Unit.id).where(Unit.parent_id == province.id)))
    departments = _departments(province)
    rng = random.Random(15)
    plans = count // 50
    for number in range(plans):
        owner = province.id if number % 10 == 0 else communes[number % len(communes)]
        starts = date(2026, 1, 1)
        plan_id = db.session.execute(insert(Plan).returning(Plan.id), [{
            "unit_id": owner, "number": f"{number}/KH-UBND", "place": "", "issuer_text": "", "title":
            f"Kế hoạch thực hiện dân chủ ở cơ sở năm 2026 số {number}", "legal_bases": [], "starts_on": starts,
            "ends_on": date(2026, 12, 31), "unread": [], "created_at": MOMENT, "approved_at": MOMENT,
            "published_at": MOMENT,
        }]).scalar()
        position = 0
        for heading_number in range(10):
            quarter = heading_number % 4
            ends = date(2026, 3 * quarter + 3, 28)
            heading = db.session.execute(insert(PlanTask).returning(PlanTask.id), [{
                "plan_id": plan_id, "position": position, "number": f"{heading_number + 1}.",
                "text": "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở", "lead_text": "",
                "cooperating_text": [], "timeframe_text": f"Quý {quarter + 1}/2026", "starts_on": starts,
                "ends_on": ends, "created_at": MOMENT,
            }]).scalar()
            position += 1
            children = []
            for child in range(4):
                lead = rng.choice(departments) if rng.random() < 0.5 else owner
                children.append({
                    "plan_id": plan_id, "parent_id": heading, "position": position, "number": "-",
                    "text": f"Nhiệm vụ {child + 1}: tổ chức hội nghị, kiểm tra, báo cáo kết quả",
                    "lead_text": "", "lead_unit_id": lead, "cooperating_text": ["Phòng Văn hóa"],
                    "timeframe_text": f"Quý {quarter + 1}/2026", "starts_on": starts, "ends_on": ends,
                    "created_at": MOMENT,
                })
                position += 1
            ids = list(db.session.execute(insert(PlanTask).returning(PlanTask.id), children).scalars())
            db.session.execute(insert(plan_task_cooperators), [
                {"task_id": ids[0], "unit_id": rng.choice(departments)}])
            updates = [
                {"task_id": task_id, "reported_on": ends - timedelta(days=10), "text": "Đã tổ chức 2 hội nghị.",
                 "percent": rng.choice([30, 60, 100]), "is_done": False, "created_at": MOMENT}
                for task_id in ids if rng.random() < 0.5
            ]
            if updates:
                db.session.execute(insert(TaskUpdate), updates)
        duty = db.session.execute(insert(ReportDuty).returning(ReportDuty.id), [{
            "plan_id": plan_id, "recurrence_text": "định kỳ 6 tháng (10/5), một năm (30/10)", "kind": "six_month",
            "maker_text": "", "maker_unit_id": owner, "recipient_text": "", "via_text": "",
        }]).scalar()
        db.session.execute(insert(Report), [{"duty_id": duty, "due_on": date(2026, 5, 10), "body": ""},
                                            {"duty_id": duty, "due_on": date(2026, 10, 30), "body": ""}])
    db.session.commit()
    return province.id, departments, communes


def timed(label: str, action, repeat: int = 5) -> None:
    durations, size = [], 0
    for _ in range(repeat):
        db.session.expunge_all()  # every run loads from the database, as a request would
        began = time.perf_counter()
        size = action()
        durations.append((time.perf_counter() - began) * 1000)
    print(f"{label:<52} median {statistics.median(durations):8.1f} ms   min {min(durations):8.1f} ms   {size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--tasks", type=int, default=10_000)
    arguments = parser.parse_args()
    sqlite_path = Path(__file__).parent / "out" / "plans.sqlite3"
    app = bench_app(arguments.database_url, sqlite_path, {"SECRET_KEY": "bench"})
    with app.app_context():
        migrate_empty()
        began = time.perf_counter()
        province_id, departments, communes = build(arguments.tasks)
        total = db.session.scalar(select(func.count(PlanTask.id)))
        print(f"{db.engine.dialect.name}: loaded {total} tasks in {time.perf_counter() - began:.1f} s")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
        busiest_commune = communes[0]
        timed("my tasks: one department (tasks led or shared)",
              lambda: f"{len(queue.tasks_of_units([departments[0]], TODAY))} tasks")
        timed("my tasks: one department, overdue only",
              lambda: f"{len(queue.tasks_of_units([departments[0]], TODAY, status=TaskStatus.overdue))} tasks")
        timed("a commune's task list", lambda: f"{len(queue.tasks_of_units([busiest_commune], TODAY))} tasks")
        every_unit = [province_id, *departments, *communes]
        timed("the whole province's task list", lambda: f"{len(queue.tasks_of_units(every_unit, TODAY))} tasks")
        timed("the province head's overview (all plans)",
              lambda: f"{len(queue.overview(db.session.get(Unit, province_id), TODAY))} plans")
        plan_id = db.session.scalar(select(Plan.id).order_by(Plan.id))
        client = app.test_client()
        timed("a plan's page (50 tasks, HTML)", lambda: f"{len(client.get(f'/plans/{plan_id}').data)} bytes")
        timed("a department's tasks as CSV (HTTP)",
              lambda: f"{len(client.get('/plans/tasks.csv?unit=BENCH-SO0').data)} bytes")
        timed("a department's tasks as XLSX (HTTP)",
              lambda: f"{len(client.get('/plans/tasks.xlsx?unit=BENCH-SO0').data)} bytes")
        timed("the whole province's tasks as XLSX (service)",
              lambda: f"{len(exports.to_xlsx(exports.line_rows(queue.tasks_of_units(every_unit, TODAY)), 'x'))} bytes",
              repeat=3)
        db.engine.dispose()


if __name__ == "__main__":
    main()
