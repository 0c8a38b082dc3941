"""What the officials of a body must do across all plans: its tasks (led or shared), the reports it must make, and
for a unit head the overview of every plan of the unit and the units below it.

Statuses are derived from dates and updates (portal.plans.models), so the listed tasks are loaded with their
updates and the subtrees below them in a few queries, then filtered and sorted here (bench/plans_listing.py times
a province's 10,000).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from portal.accounts.access import has_role
from portal.accounts.models import Membership, Role, User
from portal.core.errors import NotAllowed
from portal.core.i18n import _
from portal.extensions import db
from portal.plans.models import (
    Plan,
    PlanStatus,
    PlanTask,
    Report,
    ReportDuty,
    ReportStatus,
    TaskStatus,
    TaskUpdate,
    plan_task_cooperators,
)
from portal.plans.services import OFFICIAL_ROLES
from portal.units.models import Unit
from portal.units.services import predecessions_of

# Reports appear in an official's queue, and the reminder is sent, this many days before they are due.
REPORT_HORIZON_DAYS = 14


def my_units(user: User) -> list[Unit]:
    """The units the official works in as a handler or head, and the dissolved units those took over (a merged
    commune carries on the plans of the communes it joined): the bodies whose tasks and reports are theirs."""
    if not getattr(user, "is_authenticated", False):
        return []
    statement = (
        select(Unit)
        .join(Membership, Membership.unit_id == Unit.id)
        .where(Membership.user_id == user.id, Membership.role.in_(OFFICIAL_ROLES))
    )
    found = with_predecessors(list(db.session.scalars(statement)))
    return sorted(found, key=lambda unit: (unit.is_historical, unit.name))


def with_predecessors(units: list[Unit]) -> list[Unit]:
    """The units and every dissolved unit they took over, and those took over, once each."""
    found: dict[int, Unit] = {}
    stack = list(units)
    while stack:
        unit = stack.pop()
        if unit.id not in found:
            found[unit.id] = unit
            stack.extend(succession.predecessor for succession in predecessions_of(unit))
    return list(found.values())


def units_below(unit: Unit) -> list[int]:
    """The ids of the unit and every unit under it, by one recursive query."""
    tree = select(Unit.id).where(Unit.id == unit.id).cte("below", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def load_plans(plan_ids: set[int]) -> dict[int, Plan]:
    """Every task of these plans with its children, updates and bodies: statuses need the tree. The caller keeps
    what is returned, since the session holds loaded objects only while something refers to them."""
    if not plan_ids:
        return {}
    tasks = selectinload(Plan.tasks)
    plans = list(
        db.session.scalars(
            select(Plan)
            .where(Plan.id.in_(plan_ids))
            .options(
                selectinload(Plan.unit),
                tasks.selectinload(PlanTask.children),
                tasks.selectinload(PlanTask.updates).selectinload(TaskUpdate.files),
                tasks.selectinload(PlanTask.lead_unit),
                tasks.selectinload(PlanTask.cooperating_units),
                selectinload(Plan.report_duties).selectinload(ReportDuty.reports),
            )
        )
    )
    return {plan.id: plan for plan in plans}


def _load_tasks(statement: Select) -> list[PlanTask]:
    """These tasks with their updates, bodies and plan, and below them every sub-task likewise, level by level:
    a heading's status needs its whole subtree, a leaf's only itself. Each level stays loaded because the level
    above holds it in its `children`; the caller keeps the returned tasks, since the session holds loaded objects
    only while something refers to them."""
    options = (
        selectinload(PlanTask.children),
        selectinload(PlanTask.updates),
        selectinload(PlanTask.lead_unit),
        selectinload(PlanTask.cooperating_units),
        selectinload(PlanTask.plan),
    )
    found = list(db.session.scalars(statement.options(*options)))
    loaded = {task.id for task in found}
    level = {child.id for task in found for child in task.children} - loaded
    while level:
        below = list(db.session.scalars(select(PlanTask).where(PlanTask.id.in_(level)).options(*options)))
        loaded |= level
        level = {child.id for task in below for child in task.children} - loaded
    return found


@dataclass(frozen=True)
class TaskLine:
    task: PlanTask
    status: TaskStatus


def tasks_of_units(unit_ids: list[int], today: date, *, status: TaskStatus | None = None,
                   plan_id: int | None = None) -> list[TaskLine]:
    """Tasks of published plans that these units lead or share, and those of their own plans whose body no unit
    matched (someone must see them), oldest deadline first."""
    if not unit_ids:
        return []
    cooperating = select(plan_task_cooperators.c.task_id).where(plan_task_cooperators.c.unit_id.in_(unit_ids))
    statement = (
        select(PlanTask)
        .join(Plan, Plan.id == PlanTask.plan_id)
        .where(
            Plan.published_at.is_not(None),
            or_(
                PlanTask.lead_unit_id.in_(unit_ids),
                PlanTask.id.in_(cooperating),
                and_(PlanTask.lead_unit_id.is_(None), Plan.unit_id.in_(unit_ids)),
            ),
        )
    )
    if plan_id is not None:
        statement = statement.where(PlanTask.plan_id == plan_id)
    lines = []
    for task in _load_tasks(statement):
        line = TaskLine(task, task.status_on(today))
        if status is None or line.status is status:
            lines.append(line)
    lines.sort(key=lambda line: (line.task.deadline, line.task.plan_id, line.task.position))
    return lines


def plans_with_tasks_of(unit_ids: list[int]) -> list[Plan]:
    """The published plans in which these units have tasks, for the plan filter of "my tasks"."""
    if not unit_ids:
        return []
    cooperating = select(plan_task_cooperators.c.task_id).where(plan_task_cooperators.c.unit_id.in_(unit_ids))
    task_plans = select(PlanTask.plan_id).where(or_(PlanTask.lead_unit_id.in_(unit_ids), PlanTask.id.in_(cooperating)))
    statement = (
        select(Plan)
        .where(Plan.published_at.is_not(None), or_(Plan.id.in_(task_plans), Plan.unit_id.in_(unit_ids)))
        .order_by(Plan.starts_on.desc(), Plan.id.desc())
    )
    return list(db.session.scalars(statement))


def maker_of(report: Report) -> Unit:
    """The body that must make the report: the one the plan names, else the plan's own unit."""
    return report.duty.maker_unit or report.duty.plan.unit


def due_unmade_reports(today: date) -> Select:
    """Reports of published plans not yet made that are due within the horizon or overdue, soonest first."""
    return (
        select(Report)
        .join(ReportDuty, ReportDuty.id == Report.duty_id)
        .join(Plan, Plan.id == ReportDuty.plan_id)
        .where(
            Plan.published_at.is_not(None),
            Report.submitted_on.is_(None),
            Report.due_on <= today + timedelta(days=REPORT_HORIZON_DAYS),
        )
        .order_by(Report.due_on, Report.id)
    )


def reports_to_make(unit_ids: list[int], today: date) -> list[tuple[Report, ReportStatus]]:
    """Reports these units must make that are not yet made: missing ones first, then those due within the
    horizon, soonest first."""
    if not unit_ids:
        return []
    statement = due_unmade_reports(today).where(
        or_(
            ReportDuty.maker_unit_id.in_(unit_ids),
            and_(ReportDuty.maker_unit_id.is_(None), Plan.unit_id.in_(unit_ids)),
        )
    )
    return [(report, report.status_on(today)) for report in db.session.scalars(statement)]


def check_may_see_overview(actor: User, unit: Unit) -> None:
    if not has_role(actor, unit, (Role.unit_head, Role.unit_admin)):
        raise NotAllowed(_("Only the head of the unit may see the overview of its plans."))


@dataclass
class PlanSummary:
    plan: Plan
    tasks: Counter = field(default_factory=Counter)
    reports: Counter = field(default_factory=Counter)

    @property
    def urgency(self) -> tuple[int, int]:
        return (self.tasks[TaskStatus.overdue] + self.reports[ReportStatus.missing] + self.reports[ReportStatus.late],
                self.reports[ReportStatus.upcoming])


def overview(unit: Unit, today: date) -> list[PlanSummary]:
    """Every plan of the unit and the units below it (and of the dissolved units it took over), drafts included,
    with its tasks counted by status (sub-tasks rather than their headings) and its reports by status; the plans
    with overdue work first."""
    unit_ids = {below for root in with_predecessors([unit]) for below in units_below(root)}
    plan_ids = set(db.session.scalars(select(Plan.id).where(Plan.unit_id.in_(unit_ids))))
    summaries = []
    for plan in load_plans(plan_ids).values():
        summary = PlanSummary(plan)
        summary.tasks.update(task.status_on(today) for task in plan.tasks if not task.children)
        for duty in plan.report_duties:
            for report in duty.reports:
                status = report.status_on(today)
                if status is not ReportStatus.upcoming or report.due_on <= today + timedelta(days=REPORT_HORIZON_DAYS):
                    summary.reports[status] += 1
        summaries.append(summary)
    # Among equals, plans in force before drafts, then the oldest plan: the same order on every database.
    summaries.sort(key=lambda summary: (-summary.urgency[0], -summary.urgency[1], summary.plan.ends_on,
                                        summary.plan.status != PlanStatus.published, summary.plan.id))
    return summaries
