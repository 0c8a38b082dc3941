"""Storing a plan the reader proposed, approving and publishing it, and reporting progress on its tasks."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core.audit import record_about
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from portal.core.files import Upload
from portal.core.i18n import _
from portal.core.text import checked_text
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.plans import follows
from portal.plans.bodies import match_body
from portal.plans.evidence import attach_evidence, check_evidence
from portal.plans.models import Plan, PlanStatus, PlanTask, Report, ReportDuty, ReportStatus, TaskStatus, TaskUpdate
from portal.plans.reading import PlanProposal
from portal.plans.reading import PlanTask as ProposedTask
from portal.units.models import Unit
from portal.units.services import successions_of

OFFICIAL_ROLES = (Role.handler, Role.unit_head)
MAX_UPDATE = 10_000
MAX_SUBTASK = 2_000


def candidate_bodies(unit: Unit) -> list[Unit]:
    """The units a plan of this unit may name: the unit, everything below it, and those above with their bodies.

    A district's plan gives tasks to its offices and communes, and reports to the province's bodies above it.
    Dissolved units stay candidates: a plan of 2024 names the district that was then.
    """
    found: dict[int, Unit] = {}
    stack = [unit]
    while stack:
        node = stack.pop()
        if node.id in found:
            continue
        found[node.id] = node
        stack.extend(node.children)
    for ancestor in unit.ancestors():
        found.setdefault(ancestor.id, ancestor)
        for child in ancestor.children:
            found.setdefault(child.id, child)
    return list(found.values())


class BodyMatcher:
    """Names as written matched to units once each: a plan repeats the same few bodies on every task."""

    def __init__(self, unit: Unit):
        self._by_name: dict[str, Unit] = {}
        for candidate in candidate_bodies(unit):
            self._by_name.setdefault(candidate.name, candidate)
        self._names = list(self._by_name)
        self._cache: dict[str, Unit | None] = {}

    def unit_for(self, name: str | None) -> Unit | None:
        if not name:
            return None
        if name not in self._cache:
            matched = match_body(name, self._names)
            self._cache[name] = self._by_name[matched] if matched else None
        return self._cache[name]


def _may_draft(actor: User, unit: Unit) -> bool:
    return has_role(actor, unit, (Role.handler, Role.unit_head, Role.unit_admin))


def _add_task(plan: Plan, proposed: ProposedTask, parent: PlanTask | None, position: int, matcher: BodyMatcher) -> int:
    cooperating = [matcher.unit_for(name) for name in proposed.cooperating]
    task = PlanTask(
        plan=plan,
        parent=parent,
        position=position,
        number=proposed.number,
        text=proposed.text,
        lead_text=proposed.lead or "",
        lead_unit=matcher.unit_for(proposed.lead),
        cooperating_text=list(proposed.cooperating),
        cooperating_units=list({unit.id: unit for unit in cooperating if unit is not None}.values()),
        timeframe_text=proposed.timeframe_text or "",
        starts_on=proposed.starts_on,
        ends_on=proposed.ends_on,
    )
    db.session.add(task)
    position += 1
    for child in proposed.children:
        position = _add_task(plan, child, task, position, matcher)
    return position


def _add_duty(plan: Plan, duty, matcher: BodyMatcher) -> None:
    stored = ReportDuty(
        plan=plan,
        recurrence_text=duty.text,
        kind=str(duty.kind),
        maker_text=duty.maker or "",
        maker_unit=matcher.unit_for(duty.maker),
        recipient_text=duty.recipient or "",
        recipient_unit=matcher.unit_for(duty.recipient),
        via_text=duty.via or "",
    )
    stored.reports = [Report(due_on=day) for day in sorted(set(duty.due_dates))]
    db.session.add(stored)


def import_plan(proposal: PlanProposal, unit: Unit, acting_user: User | None, *, now: datetime | None = None) -> Plan:
    """Store what the reader proposed as a draft of this unit, bodies matched to the portal's units where they can be.

    A body that matches no unit keeps its name as written, so the official sees it and picks or creates the unit;
    nothing the reader found is dropped. `acting_user` is None only for the command line and the demo.
    """
    now = now or utcnow()
    if acting_user is not None and not _may_draft(acting_user, unit):
        raise NotAllowed(_("You may not add plans for this unit."))
    matcher = BodyMatcher(unit)
    plan = Plan(
        unit=unit,
        number=proposal.number or "",
        issued_on=proposal.issued_on,
        place=proposal.place or "",
        issuer_text=proposal.issuer or "",
        issuer_unit=matcher.unit_for(proposal.issuer),
        title=proposal.title,
        legal_bases=list(proposal.legal_bases),
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
        unread=list(proposal.unread),
        created_by_id=getattr(acting_user, "id", None),
        created_at=now,
    )
    db.session.add(plan)
    position = 0
    for proposed in proposal.tasks:
        position = _add_task(plan, proposed, None, position, matcher)
    for duty in proposal.report_duties:
        _add_duty(plan, duty, matcher)
    db.session.flush()
    details = {"title": plan.title, "tasks": len(plan.tasks), "report_duties": len(plan.report_duties)}
    record_about(plan, "plans.imported", "plan", actor=acting_user, details=details, now=now)
    return plan


def approve_plan(plan: Plan, actor: User | None, *, now: datetime | None = None) -> None:
    """The unit head's approval: only a draft is approved, and only by a head of the plan's unit or above."""
    now = now or utcnow()
    if actor is not None and not has_role(actor, plan.unit, (Role.unit_head,)):
        raise NotAllowed(_("Only the head of the unit may approve its plans."))
    if plan.status not in (PlanStatus.draft, PlanStatus.submitted):
        raise InvalidTransition(_("This plan has already been approved."))
    plan.approved_at = now
    plan.approved_by_id = getattr(actor, "id", None)
    record_about(plan, "plans.approved", "plan", actor=actor, now=now)


def publish_plan(plan: Plan, actor: User | None, *, now: datetime | None = None) -> None:
    """Publish an approved plan: from now on citizens see its tasks, progress and reports."""
    now = now or utcnow()
    if actor is not None and not has_role(actor, plan.unit, (Role.unit_head,)):
        raise NotAllowed(_("Only the head of the unit may publish its plans."))
    if plan.status is not PlanStatus.approved:
        raise InvalidTransition(_("Only an approved plan that is not yet published can be published."))
    plan.published_at = now
    record_about(plan, "plans.published", "plan", actor=actor, now=now)


def acting_unit(actor: User | None, unit: Unit) -> Unit | None:
    """The unit through which an official acts for `unit`: the unit itself (a role above it covers it), else the
    unit that took it over when it was dissolved, so that a 2024 plan's commune tasks pass to the merged commune."""
    if has_role(actor, unit, OFFICIAL_ROLES):
        return unit
    for succession in successions_of(unit):
        if has_role(actor, succession.successor, OFFICIAL_ROLES):
            return succession.successor
    return None


def may_report_on(actor: User, task: PlanTask) -> bool:
    """Officials of the lead body (or of a unit above it, or its successor) report on a task; the plan's own unit
    always may."""
    units = [task.lead_unit] if task.lead_unit is not None else []
    units.append(task.plan.unit)
    return any(acting_unit(actor, unit) is not None for unit in units)


def check_may_report_on(actor: User | None, task: PlanTask) -> None:
    if actor is not None and not may_report_on(actor, task):
        raise NotAllowed(_("Only officials of the body responsible for this task may report its progress."))


# Shaped like units' NewUnit only as a row of fields with defaults: a progress report, not a unit.
@dataclass(frozen=True)
class NewUpdate:
    reported_on: date
    text: str
    percent: int | None = None
    is_done: bool = False
    evidence: tuple[Upload, ...] = ()


def post_task_update(task: PlanTask, data: NewUpdate, actor: User | None, *, now: datetime | None = None) -> TaskUpdate:
    """A dated progress report on a task of a published plan, with its evidence; never dated in the future."""
    now = now or utcnow()
    check_may_report_on(actor, task)
    if task.plan.status is not PlanStatus.published:
        raise InvalidTransition(_("Progress can be reported only on tasks of a published plan."))
    text = checked_text(data.text, MAX_UPDATE, _("Describe what was done."),
                        _("Write at most %(count)d characters; attach longer documents as files.", count=MAX_UPDATE),
                        field="text")
    if data.percent is not None and not 0 <= data.percent <= 100:
        raise InvalidInput(_("Enter a percentage from 0 to 100."), field="percent")
    if data.reported_on > local_date(now):
        raise InvalidInput(_("The date of an update cannot be in the future."), field="reported_on")
    checked = check_evidence(list(data.evidence))
    update = TaskUpdate(
        task=task,
        reported_on=data.reported_on,
        text=text,
        percent=data.percent,
        is_done=data.is_done,
        author_id=getattr(actor, "id", None),
        created_at=now,
    )
    attach_evidence(update, checked)
    db.session.add(update)
    db.session.flush()
    task.updates.sort(key=lambda item: (item.reported_on, item.id))
    details = {"update": update.id, "percent": data.percent, "done": data.is_done, "files": len(checked)}
    record_about(task, "plans.task_updated", "plan_task", actor=actor, unit_id=task.plan.unit_id, details=details,
                 now=now)
    follows.notify_followers(task.plan, update=update, now=now)
    return update


def _descendants(task: PlanTask) -> list[PlanTask]:
    found: list[PlanTask] = []
    for child in task.children:
        found.extend([child, *_descendants(child)])
    return found


def add_subtask(
    parent: PlanTask, text: str, lead_unit: Unit, actor: User | None, *, now: datetime | None = None
) -> PlanTask:
    """Hand part of a task to another body (a district's task to each commune), within the parent's timeframe."""
    now = now or utcnow()
    if actor is not None and not may_report_on(actor, parent):
        raise NotAllowed(_("Only officials of the body responsible for this task may divide it."))
    if parent.plan.status is not PlanStatus.published:
        raise InvalidTransition(_("Tasks can be divided only in a published plan."))
    text = checked_text(text, MAX_SUBTASK, _("Describe the part of the task to hand over."),
                        _("Write at most %(count)d characters.", count=MAX_SUBTASK), field="text")
    below = _descendants(parent)
    position = max([parent.position, *(task.position for task in below)]) + 1
    for later in parent.plan.tasks:
        if later.position >= position:
            later.position += 1
    task = PlanTask(
        plan=parent.plan,
        parent=parent,
        position=position,
        number=f"{len(parent.children) + 1}.",
        text=text,
        lead_text=lead_unit.name,
        lead_unit=lead_unit,
        timeframe_text=parent.timeframe_text,
        starts_on=parent.starts_on,
        ends_on=parent.ends_on,
        created_at=now,
    )
    db.session.add(task)
    db.session.flush()
    details = {"parent": parent.id, "lead_unit": lead_unit.code}
    record_about(task, "plans.subtask_added", "plan_task", actor=actor, unit_id=parent.plan.unit_id, details=details,
                 now=now)
    return task


def subtask_bodies(task: PlanTask) -> list[Unit]:
    """The bodies a task of this plan may be handed to: those the plan may name, less the units above its own
    (a district's plan hands work down, to its offices and communes), and none dissolved."""
    above = {ancestor.id for ancestor in task.plan.unit.ancestors()}
    bodies = [unit for unit in candidate_bodies(task.plan.unit) if unit.id not in above and unit.dissolved_on is None]
    return sorted(bodies, key=lambda unit: unit.name)


def plans_of(unit: Unit, *, published_only: bool = True) -> list[Plan]:
    statement = select(Plan).where(Plan.unit_id == unit.id).order_by(Plan.starts_on.desc(), Plan.id.desc())
    if published_only:
        statement = statement.where(Plan.published_at.is_not(None))
    return list(db.session.scalars(statement))


def check_may_submit(actor: User | None, report: Report) -> None:
    """The officials of the body that must make the report (the plan's unit when it names none)."""
    maker = report.duty.maker_unit or report.duty.plan.unit
    if actor is not None and acting_unit(actor, maker) is None:
        raise NotAllowed(_("Only officials of the body that must make this report may submit it."))


def submit_report(report: Report, body: str, actor: User | None, *, now: datetime | None = None) -> None:
    """Record a report as made on today's local date; its status (on time or late) follows from its due date."""
    now = now or utcnow()
    check_may_submit(actor, report)
    if report.submitted_on is not None:
        raise InvalidTransition(_("This report has already been submitted."))
    if not body.strip():
        raise InvalidInput(_("Enter the text of the report."))
    report.body = body.strip()
    report.submitted_on = local_date(now)
    report.author_id = getattr(actor, "id", None)
    details = {"due_on": report.due_on.isoformat(), "submitted_on": report.submitted_on.isoformat()}
    record_about(report, "plans.report_submitted", "plan_report", actor=actor, unit_id=report.duty.plan.unit_id,
                 details=details, now=now)


def get_plan(plan_id: int, reader: User | None) -> Plan:
    """A published plan for anyone; a draft only for the officials of its unit."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or (
        plan.status is not PlanStatus.published
        and not has_role(reader, plan.unit, (Role.handler, Role.unit_head, Role.unit_admin))
    ):
        raise NotFound(_("There is no published plan with this number."))
    return plan


def get_task(task_id: int) -> PlanTask:
    task = db.session.get(PlanTask, task_id)
    if task is None:
        raise NotFound(_("There is no task with this number."))
    return task


@dataclass(frozen=True)
class TaskRow:
    task: PlanTask
    status: TaskStatus
    children: list["TaskRow"]


@dataclass(frozen=True)
class PlanView:
    """A plan as citizens read it on one day: its tree with statuses, overdue tasks first, and its reports."""

    tree: list[TaskRow]
    overdue: list[PlanTask]
    reports: list[tuple[Report, ReportStatus]]


def _row(task: PlanTask, today: date) -> TaskRow:
    return TaskRow(task, task.status_on(today), [_row(child, today) for child in task.children])


def plan_view(plan: Plan, today: date) -> PlanView:
    reports = [(report, report.status_on(today)) for duty in plan.report_duties for report in duty.reports]
    late_first = {ReportStatus.missing: 0, ReportStatus.late: 1}
    reports.sort(key=lambda pair: (late_first.get(pair[1], 2), pair[0].due_on))
    return PlanView(
        tree=[_row(task, today) for task in plan.root_tasks],
        overdue=[task for task in plan.tasks if task.status_on(today) is TaskStatus.overdue],
        reports=reports,
    )
