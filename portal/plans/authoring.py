"""Bringing a plan into the portal: an official sends its document, checks and corrects what the reader proposed,
sends it to the unit head, who returns it with a note or approves it; publishing makes the original document a
disclosure of the unit, linked to the plan.

The reader is never trusted to be right: every field it filled can be changed here while the plan is a draft, a
body it could not match is shown until the official picks or creates a unit, and a passage it could not read
stays in the plan's `unread` list until the official makes it a task or dismisses it (recorded in the audit log).
"""

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core import audit, files
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound, Objections
from portal.core.i18n import _
from portal.core.timeutil import local_date, utcnow
from portal.disclosures import services as disclosures
from portal.extensions import db
from portal.plans.documents import DOCX, document_text
from portal.plans.models import Plan, PlanStatus, PlanTask, Report, ReportDuty
from portal.plans.reading import PlanProposal, read_plan
from portal.plans.services import BodyMatcher, approve_plan, candidate_bodies, import_plan, publish_plan
from portal.units.models import BodyType, Unit, UnitKind
from portal.units.services import NewUnit, create_unit, may_add_to

DRAFTERS = (Role.handler, Role.unit_head, Role.unit_admin)
# The text becomes the body of the disclosure made at publication, which takes at most this much.
MAX_PLAN_CHARS = disclosures.MAX_BODY
MAX_NOTE = 2_000
MAX_BASES = 50
MAX_BASIS = 1_000
MAX_TASK_TEXT = 20_000
MAX_DUE_DATES = 24
# Types a disclosure carries as an attachment; a text or Markdown file is itself the disclosure's body.
ATTACHED_TYPES = {DOCX, "application/pdf"}
PASTED = "text/plain"
# Lengths of the plan's and tasks' columns: the reader may find longer values in a hostile or broken document.
_HEADER_LIMITS = {"number": 100, "place": 200, "issuer": 300, "title": 500}
_TASK_LIMITS = {"number": 32, "lead": 300, "timeframe_text": 300}


def check_may_draft(actor: User, unit: Unit) -> None:
    if not has_role(actor, unit, DRAFTERS):
        raise NotAllowed(_("Only officials of this unit may bring in its plans."))


def check_may_edit(actor: User, plan: Plan) -> None:
    """The unit's officials correct a draft; once sent to the head it changes only after the head returns it."""
    check_may_draft(actor, plan.unit)
    if plan.status is not PlanStatus.draft:
        raise InvalidTransition(_("Only a draft can be changed. Ask the head of the unit to return it."))


def check_may_decide(actor: User, plan: Plan) -> None:
    if not has_role(actor, plan.unit, (Role.unit_head,)):
        raise NotAllowed(_("Only the head of the unit may approve, return or publish its plans."))


def check_may_create_body(actor: User, plan: Plan) -> None:
    """Adding a unit is the units' rule: those who administer the plan's unit add bodies inside it."""
    if not may_add_to(actor, plan.unit):
        raise NotAllowed(_("Only an administrator of this unit may add a body to it. Pick one of the units listed."))


def _fitted(proposal: PlanProposal) -> PlanProposal:
    """Values longer than their columns are cut, and kept whole among the unread passages for the official."""
    unread = list(proposal.unread)

    def fit(value: str | None, limit: int) -> str | None:
        if value is None or len(value) <= limit:
            return value
        unread.append(value)
        return value[:limit]

    def fit_task(task):
        return replace(
            task,
            number=fit(task.number, _TASK_LIMITS["number"]),
            lead=fit(task.lead, _TASK_LIMITS["lead"]),
            timeframe_text=fit(task.timeframe_text, _TASK_LIMITS["timeframe_text"]),
            cooperating=tuple(fit(name, _TASK_LIMITS["lead"]) for name in task.cooperating),
            children=tuple(fit_task(child) for child in task.children),
        )

    header = {name: fit(getattr(proposal, name), limit) for name, limit in _HEADER_LIMITS.items()}
    tasks = tuple(fit_task(task) for task in proposal.tasks)
    return replace(proposal, **header, tasks=tasks, unread=tuple(unread))


def _plan_text(filename: str, data: bytes | None, pasted: str) -> tuple[str, bytes, str]:
    """The text to read, the bytes to keep as the original and their type: the file when one was sent, else the
    pasted text."""
    pasted = (pasted or "").replace("\x00", "").strip()
    if data and pasted:
        raise InvalidInput(_("Send the plan's file or paste its text, not both."), field="text")
    if data:
        text = document_text(data, name=filename)
        content_type = files.sniff_type(data, name=filename) or PASTED
        original = data
    elif pasted:
        text, content_type, original = pasted, PASTED, pasted.encode()
    else:
        raise InvalidInput(_("Choose the plan's file or paste its text."), field="document")
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    if len(text) > MAX_PLAN_CHARS:
        raise InvalidInput(
            _("The plan's text is longer than %(count)d characters. Send the plan alone, without annexes.",
              count=MAX_PLAN_CHARS),
            field="document" if data else "text",
        )
    return text, original, content_type


def bring_in_plan(actor: User, unit: Unit, filename: str, data: bytes | None, pasted: str,
                  *, now: datetime | None = None) -> Plan:
    """Read the sent document and store what was found as a draft of the unit, keeping the original to disclose."""
    now = now or utcnow()
    check_may_draft(actor, unit)
    text, original, content_type = _plan_text(filename, data, pasted)
    proposal = read_plan(text, today=local_date(now))
    if not proposal.title and not proposal.tasks:
        raise InvalidInput(
            _("No plan was found in this document: it has no “KẾ HOẠCH” heading and no numbered tasks. Check that "
              "you sent the plan itself."),
            field="document" if data else "text",
        )
    plan = import_plan(_fitted(proposal), unit, actor, now=now)
    plan.source_sha256 = files.save(original)
    plan.source_content_type = content_type
    plan.source_filename = files.safe_filename(filename, "plan.txt") if data else ""
    db.session.flush()
    return plan


def get_draft_plan(plan_id: int, reader: User) -> Plan:
    """A plan under review, for its unit's officials only; to anyone else it does not exist."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or not has_role(reader, plan.unit, DRAFTERS):
        raise NotFound(_("There is no plan under review with this number."))
    return plan


def _record(action: str, actor: User, plan: Plan, now: datetime, **details) -> None:
    audit.record(f"plans.{action}", actor=actor, subject_type="plan", subject_id=plan.id, unit_id=plan.unit_id,
                 details=details or None, now=now)


def _candidate(plan: Plan, unit_id: int | None, field: str) -> Unit | None:
    """A unit the plan may name, or None when none was chosen; anything else is refused."""
    if unit_id is None:
        return None
    found = next((unit for unit in candidate_bodies(plan.unit) if unit.id == unit_id), None)
    if found is None:
        raise InvalidInput(_("Choose a unit from the list."), field=field)
    return found


def body_choices(plan: Plan) -> list[Unit]:
    return sorted(candidate_bodies(plan.unit), key=lambda unit: (unit.kind != UnitKind.body, unit.name))


@dataclass(frozen=True)
class PlanHeader:
    title: str
    number: str
    issued_on: date | None
    issuer_text: str
    issuer_unit_id: int | None
    legal_bases: list[str]
    starts_on: date | None
    ends_on: date | None


def _text(value: str | None, limit: int, field: str | None, empty: str | None = None) -> str:
    value = (value or "").strip()
    if empty is not None and not value:
        raise InvalidInput(empty, field=field)
    if len(value) > limit:
        raise InvalidInput(_("Enter at most %(count)d characters.", count=limit), field=field)
    return value


def _period(starts_on: date | None, ends_on: date | None, start_field: str, end_field: str) -> None:
    objections = Objections()
    if starts_on is None:
        objections.add(_("Enter the first day."), field=start_field)
    if ends_on is None:
        objections.add(_("Enter the last day."), field=end_field)
    if starts_on and ends_on and ends_on < starts_on:
        objections.add(_("The last day cannot be before the first day."), field=end_field)
    objections.raise_if_any()


def update_header(actor: User, plan: Plan, data: PlanHeader, *, now: datetime | None = None) -> None:
    """The official's corrections of the plan's number, date, issuer, title, legal bases and period."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    title = _text(data.title, 500, "title", _("Enter the title of the plan."))
    number = _text(data.number, 100, "number")
    issuer_text = _text(data.issuer_text, 300, "issuer_text")
    bases = [basis.strip() for basis in data.legal_bases if basis.strip()]
    if len(bases) > MAX_BASES or any(len(basis) > MAX_BASIS for basis in bases):
        raise InvalidInput(
            _("Enter at most %(count)d legal bases of at most %(chars)d characters each, one a line.",
              count=MAX_BASES, chars=MAX_BASIS),
            field="legal_bases",
        )
    _period(data.starts_on, data.ends_on, "starts_on", "ends_on")
    plan.title, plan.number, plan.issued_on = title, number, data.issued_on
    plan.issuer_text, plan.issuer_unit = issuer_text, _candidate(plan, data.issuer_unit_id, "issuer_unit_id")
    plan.legal_bases, plan.starts_on, plan.ends_on = bases, data.starts_on, data.ends_on
    _record("header_corrected", actor, plan, now, title=title)


@dataclass(frozen=True)
class TaskData:
    number: str
    text: str
    lead_text: str
    lead_unit_id: int | None
    cooperating_unit_ids: list[int]
    timeframe_text: str
    starts_on: date | None
    ends_on: date | None
    cooperating_other: list[str]


def _apply_task(plan: Plan, task: PlanTask, data: TaskData) -> None:
    """A body picked from the list replaces the name as written; names that are no unit yet stay as written."""
    number = _text(data.number, 32, "number")
    text = _text(data.text, MAX_TASK_TEXT, "text", _("Describe the task."))
    lead_text = _text(data.lead_text, 300, "lead_text")
    timeframe = _text(data.timeframe_text, 300, "timeframe_text")
    others = [_text(name, 300, "cooperating_other") for name in data.cooperating_other if name.strip()]
    if data.starts_on or data.ends_on:
        _period(data.starts_on, data.ends_on, "starts_on", "ends_on")
    lead_unit = _candidate(plan, data.lead_unit_id, "lead_unit_id")
    cooperating = [_candidate(plan, unit_id, "cooperating_unit_ids") for unit_id in
                   dict.fromkeys(data.cooperating_unit_ids)]
    task.number, task.text, task.timeframe_text = number, text, timeframe
    task.lead_unit = lead_unit
    task.lead_text = lead_unit.name if lead_unit else lead_text
    task.cooperating_units = cooperating
    task.cooperating_text = list(dict.fromkeys([*(unit.name for unit in cooperating), *others]))
    task.starts_on, task.ends_on = data.starts_on, data.ends_on


def update_task(actor: User, task: PlanTask, data: TaskData, *, now: datetime | None = None) -> None:
    """A task corrected by the official: its number and text, its bodies picked among the plan's units, its dates."""
    now = now or utcnow()
    check_may_edit(actor, task.plan)
    _apply_task(task.plan, task, data)
    _record("task_corrected", actor, task.plan, now, task=task.id)


def _last_position(task: PlanTask) -> int:
    return max([task.position, *(_last_position(child) for child in task.children)])


def _end_position(plan: Plan) -> int:
    """The position after the plan's last task, where a task added without a parent goes."""
    return max((task.position for task in plan.tasks), default=-1) + 1


def add_task(actor: User, plan: Plan, parent: PlanTask | None, data: TaskData,
             *, now: datetime | None = None) -> PlanTask:
    """A task the reader missed, at the end of the plan or of its parent's sub-tasks."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    if parent is not None and parent.plan_id != plan.id:
        raise NotFound(_("There is no task with this number."))
    if parent is None:
        position = _end_position(plan)
    else:
        position = _last_position(parent) + 1
        for later in plan.tasks:
            if later.position >= position:
                later.position += 1
    task = PlanTask(plan=plan, parent=parent, position=position, text="", cooperating_text=[])
    _apply_task(plan, task, data)
    db.session.add(task)
    db.session.flush()
    _record("task_added", actor, plan, now, task=task.id)
    return task


def _subtree(task: PlanTask) -> list[PlanTask]:
    return [task, *(below for child in task.children for below in _subtree(child))]


def remove_task(actor: User, task: PlanTask, *, now: datetime | None = None) -> None:
    """A passage the reader took for a task; its sub-tasks go with it, and the audit log keeps their text."""
    now = now or utcnow()
    plan = task.plan
    check_may_edit(actor, plan)
    removed = _subtree(task)
    _record("task_removed", actor, plan, now, tasks=[{"number": each.number, "text": each.text} for each in removed])
    for each in reversed(removed):
        plan.tasks.remove(each)  # the plan's tasks delete their orphans
    if task.parent is not None:
        task.parent.children.remove(task)
    db.session.flush()


def unmatched_cooperating(task: PlanTask, matcher: BodyMatcher) -> list[str]:
    """The cooperating bodies of a task, as written, that are not among the units it cooperates with."""
    chosen = {unit.id for unit in task.cooperating_units}
    return [name for name in task.cooperating_text
            if (unit := matcher.unit_for(name)) is None or unit.id not in chosen]


def unmatched_names(plan: Plan) -> list[str]:
    """The bodies named in the plan that are not yet a unit of the portal, each once, in the order they appear."""
    names: dict[str, None] = {}
    matcher = BodyMatcher(plan.unit)
    for task in plan.tasks:
        if task.lead_text and task.lead_unit is None:
            names.setdefault(task.lead_text)
        for name in unmatched_cooperating(task, matcher):
            names.setdefault(name)
    for duty in plan.report_duties:
        if duty.maker_text and duty.maker_unit is None:
            names.setdefault(duty.maker_text)
        if duty.recipient_text and duty.recipient_unit is None:
            names.setdefault(duty.recipient_text)
    return list(names)


def create_body(actor: User, plan: Plan, name: str, *, now: datetime | None = None) -> Unit:
    """Make a body the plan names into a unit inside the plan's unit, and give it every task and duty naming it."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    check_may_create_body(actor, plan)
    name = _text(name, 200, None, _("Enter the name of the body."))
    if name not in unmatched_names(plan):
        raise InvalidInput(_("This body is not among those the plan names without a unit."))
    unit = create_unit(actor, NewUnit(kind=UnitKind.body, name=name, parent_code=plan.unit.code,
                                      body_type=BodyType.office), now=now)
    db.session.expire(plan.unit, ["children"])
    for task in plan.tasks:
        if task.lead_text == name and task.lead_unit is None:
            task.lead_unit = unit
        if name in task.cooperating_text and unit not in task.cooperating_units:
            task.cooperating_units.append(unit)
    for duty in plan.report_duties:
        if duty.maker_text == name and duty.maker_unit is None:
            duty.maker_unit = unit
        if duty.recipient_text == name and duty.recipient_unit is None:
            duty.recipient_unit = unit
    _record("body_created", actor, plan, now, unit=unit.code, name=name)
    return unit


@dataclass(frozen=True)
class DutyData:
    maker_unit_id: int | None
    recipient_unit_id: int | None
    due_dates: list[date]


def update_duty(actor: User, duty: ReportDuty, data: DutyData, *, now: datetime | None = None) -> None:
    """Who makes a report the plan demands, for whom, and the days it is due; a draft has no report made yet."""
    now = now or utcnow()
    plan = duty.plan
    check_may_edit(actor, plan)
    days = sorted(set(data.due_dates))
    if not days:
        raise InvalidInput(_("Enter at least one due date."), field="due_dates")
    if len(days) > MAX_DUE_DATES:
        raise InvalidInput(_("Enter at most %(count)d due dates.", count=MAX_DUE_DATES), field="due_dates")
    maker = _candidate(plan, data.maker_unit_id, "maker_unit_id")
    recipient = _candidate(plan, data.recipient_unit_id, "recipient_unit_id")
    duty.maker_unit, duty.recipient_unit = maker, recipient
    if maker is not None:
        duty.maker_text = maker.name
    if recipient is not None:
        duty.recipient_text = recipient.name
    kept = {report.due_on: report for report in duty.reports}
    duty.reports = [kept.get(day) or Report(due_on=day) for day in days]
    _record("duty_corrected", actor, plan, now, duty=duty.id, due_dates=[day.isoformat() for day in days])


def _take_unread(plan: Plan, index: int, expected: str) -> str:
    """Take the passage at `index` out of the plan's unread list, provided it is still the one the official saw
    (another may have acted since)."""
    if not 0 <= index < len(plan.unread) or plan.unread[index] != expected:
        raise InvalidInput(_("This passage was already handled. Look at the list again."))
    plan.unread = [*plan.unread[:index], *plan.unread[index + 1:]]
    return expected


def unread_to_task(actor: User, plan: Plan, index: int, expected: str, *, now: datetime | None = None) -> PlanTask:
    """A passage the reader could not place becomes a task at the end of the plan, for the official to complete."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    text = _take_unread(plan, index, expected)
    task = PlanTask(plan=plan, position=_end_position(plan), text=text[:MAX_TASK_TEXT], cooperating_text=[])
    db.session.add(task)
    db.session.flush()
    _record("unread_made_task", actor, plan, now, task=task.id)
    return task


def dismiss_unread(actor: User, plan: Plan, index: int, expected: str, *, now: datetime | None = None) -> None:
    """The official says a passage holds no task; the audit log keeps it, so nothing is dropped unseen."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    text = _take_unread(plan, index, expected)
    _record("unread_dismissed", actor, plan, now, text=text)


def submit_plan(actor: User, plan: Plan, *, now: datetime | None = None) -> None:
    """Send the checked draft to the unit head: with a title, at least one task, and every unread passage seen."""
    now = now or utcnow()
    check_may_edit(actor, plan)
    if not plan.title.strip():
        raise InvalidInput(_("Enter the title of the plan before sending it."))
    if not plan.tasks:
        raise InvalidInput(_("A plan needs at least one task before it is sent for approval."))
    if plan.unread:
        raise InvalidInput(_("Make each passage the portal could not read a task, or dismiss it, before sending the "
                             "plan."))
    plan.submitted_at, plan.submitted_by_id = now, actor.id
    _record("submitted", actor, plan, now)


def return_plan(actor: User, plan: Plan, note: str, *, now: datetime | None = None) -> None:
    """The head sends the plan back to the drafters with what to change."""
    now = now or utcnow()
    check_may_decide(actor, plan)
    if plan.status is not PlanStatus.submitted:
        raise InvalidTransition(_("Only a plan sent for approval can be returned."))
    note = _text(note, MAX_NOTE, "note", _("Say what should be changed."))
    plan.returned_at, plan.return_note = now, note
    _record("returned", actor, plan, now, note=note)


def approve_sent_plan(actor: User, plan: Plan, *, now: datetime | None = None) -> None:
    """The head approves what was sent; a draft still being corrected is not approved behind the drafters' back."""
    check_may_decide(actor, plan)
    if plan.status is not PlanStatus.submitted:
        raise InvalidTransition(_("Only a plan sent for approval can be approved."))
    approve_plan(plan, actor, now=now)


def original_text(plan: Plan) -> str:
    """The text that was read: pasted text as it was kept, a sent file read again as at its import."""
    data = files.read(plan.source_sha256)
    return document_text(data, name=plan.source_filename) if plan.source_filename else data.decode()


def publish_with_disclosure(actor: User, plan: Plan, category_code: str, *, now: datetime | None = None):
    """Publish the approved plan, and its original document as a disclosure of the unit posted from now on."""
    now = now or utcnow()
    check_may_decide(actor, plan)
    if plan.status is not PlanStatus.approved:
        raise InvalidTransition(_("Only an approved plan that is not yet published can be published."))
    if plan.source_sha256 is None:
        raise InvalidTransition(_("This plan has no original document to disclose."))
    disclosure = disclosures.create_draft(
        actor,
        disclosures.DraftData(
            unit_code=plan.unit.code,
            category_code=category_code,
            title=plan.title,
            body_markdown=original_text(plan),
            posting_start=now,
            document_number=plan.number,
            document_date=plan.issued_on,
            decided_on=local_date(plan.approved_at),
        ),
        now=now,
    )
    if plan.source_content_type in ATTACHED_TYPES:
        disclosures.add_attachment(actor, disclosure, plan.source_filename, files.read(plan.source_sha256),
                                   form_field="category", now=now)
    disclosures.approve_disclosure(actor, disclosure, now=now)
    plan.disclosure = disclosure
    publish_plan(plan, actor, now=now)
    return disclosure


def plan_of_disclosure(disclosure_id: int) -> Plan | None:
    """The published plan a disclosure is the original document of, for the disclosure's page to link to."""
    return db.session.scalar(
        select(Plan).where(Plan.disclosure_id == disclosure_id, Plan.published_at.is_not(None)).limit(1)
    )


def plans_under_review(unit: Unit) -> list[Plan]:
    statement = select(Plan).where(Plan.unit_id == unit.id, Plan.published_at.is_(None)).order_by(Plan.id.desc())
    return list(db.session.scalars(statement))
