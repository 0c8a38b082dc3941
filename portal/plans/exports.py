"""A plan's tasks, or a unit's task list across plans, as CSV and XLSX for the officials who still work in
spreadsheets: the same columns in both, one row per task in document order (a unit's list: oldest deadline first)."""

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal.plans.models import Plan, PlanTask, TaskStatus

COLUMNS = [
    "id",
    "parent_id",
    "number",
    "text",
    "lead",
    "lead_unit_code",
    "cooperating",
    "timeframe",
    "starts_on",
    "ends_on",
    "status",
    "progress",
    "last_update",
    "plan_id",
    "plan",
]
# A spreadsheet program runs a cell that starts with one of these as a formula; a task's text must stay text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _row(task: PlanTask, status: TaskStatus) -> list:
    latest = task.latest_update
    return [
        task.id,
        task.parent_id or "",
        task.number,
        task.text,
        task.lead_unit.name if task.lead_unit else task.lead_text,
        task.lead_unit.code if task.lead_unit else "",
        "; ".join(task.cooperating_text),
        task.timeframe_text,
        task.starts_on.isoformat() if task.starts_on else "",
        task.ends_on.isoformat() if task.ends_on else "",
        status.value,
        task.progress,
        latest.reported_on.isoformat() if latest else "",
        task.plan_id,
        task.plan.title,
    ]


def plan_rows(plan: Plan, today: date) -> list[list]:
    return [_row(task, task.status_on(today)) for task in plan.tasks]


def line_rows(lines) -> list[list]:
    """Rows of a task list already computed (portal.plans.queue.TaskLine)."""
    return [_row(line.task, line.status) for line in lines]


def _safe(value):
    """Text that a spreadsheet would read as a formula is prefixed with an apostrophe (CSV injection); a lone "-",
    the document's own bullet number, is no formula. Control characters no spreadsheet cell takes are dropped."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > 1 and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: list[list]) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    writer.writerows([_safe(value) for value in row] for row in rows)
    return output.getvalue()


def to_xlsx(rows: list[list], title: str) -> bytes:
    """A one-sheet workbook; openpyxl writes a string starting with "=" as a formula, which `_safe` prevents."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses sheet names over 31 characters or with any of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "tasks")[:31]
