"""The reports a plan demands: reminded before they are due, drafted from the tasks' updates in their period, made
by the body the plan names, and published as a disclosure of the plan's own category with their due and
submission dates. Whether one came on time, late or not at all follows from those dates (Report.status_on)."""

from datetime import date, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.access import has_role, members_of
from portal.accounts.models import Role, User
from portal.core.columns import claim_once
from portal.core.errors import NotFound
from portal.core.i18n import _, show_date
from portal.core.timeutil import local_date, utcnow
from portal.disclosures import services as disclosures
from portal.disclosures.lists import public_disclosures, status_filter
from portal.disclosures.models import Disclosure, DisclosureStatus
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.services import external_url, queue_email
from portal.plans import follows, services
from portal.plans.models import Plan, PlanStatus, Report, ReportDuty, TaskStatus
from portal.plans.queue import due_unmade_reports, maker_of
from portal.plans.services import OFFICIAL_ROLES
from portal.units.models import Unit
from portal.units.services import with_successors

REMINDER = "plan_report_due"
FALLBACK_CATEGORY = "khac"
MAX_TITLE = 500


def period_of(report: Report) -> tuple[date, date]:
    """From the day after the duty's previous report (or the plan's start) to the report's due date."""
    earlier = [other.due_on for other in report.duty.reports if other.due_on < report.due_on]
    start = max(earlier) + timedelta(days=1) if earlier else report.duty.plan.starts_on
    return min(start, report.due_on), report.due_on


def default_title(report: Report) -> str:
    """Reports are official documents in Vietnamese, whatever language the official reads the portal in."""
    with force_locale("vi"):
        title = _("Report on carrying out %(plan)s", plan=report.duty.plan.title)
    return title[:MAX_TITLE]


def draft_report(report: Report, today: date) -> str:
    """A first text for the official to edit: each task's updates in the period, then the tasks with no progress
    reported in it that should have had some, with their status on `today`."""
    plan = report.duty.plan
    start, end = period_of(report)
    reported, silent = [], []
    for task in plan.tasks:
        if task.children:
            continue
        updates = [update for update in task.updates if start <= update.reported_on <= end]
        if updates:
            reported.append((task, updates))
        elif (task.starts_on or plan.starts_on) <= end and task.status_on(today) is not TaskStatus.done:
            silent.append(task)
    with force_locale("vi"):
        lines = [_("Period of the report: from %(start)s to %(end)s.", start=show_date(start), end=show_date(end)), ""]
        for task, updates in reported:
            lines.append(f"## {task.number} {task.text}".strip())
            body = task.lead_unit.name if task.lead_unit else task.lead_text
            if body:
                lines.append(_("Lead: %(body)s.", body=body))
            lines.append(_("Status: %(status)s, %(percent)d%% done.", status=task.status_on(today).title,
                           percent=task.progress))
            for update in updates:
                percent = f" ({update.percent}%)" if update.percent is not None else ""
                lines.append(f"- {show_date(update.reported_on)}: {update.text}{percent}")
            lines.append("")
        if silent:
            lines.append("## " + _("Tasks with no progress reported in the period"))
            for task in silent:
                lines.append(f"- {task.number} {task.text} ({task.status_on(today).title})".replace("  ", " "))
    return "\n".join(lines).strip() + "\n"


def _category_code(plan: Plan) -> str:
    """The plan's own category (a commune's socio-economic plan, its democracy regulation...), else "other"."""
    if plan.disclosure is not None and plan.disclosure.category.is_active:
        return plan.disclosure.category.code
    return FALLBACK_CATEGORY


def make_report(report: Report, title: str, body: str, actor: User, *, now: datetime | None = None) -> Report:
    """Submit the report and draft its disclosure in the maker's name (or its successor's, for a dissolved maker);
    a head who makes it approves it at once, a handler's waits for the head like every disclosure. The due and
    submission dates head the published text."""
    now = now or utcnow()
    services.submit_report(report, body, actor, now=now)
    maker = services.acting_unit(actor, maker_of(report))
    with force_locale("vi"):
        dates = _("Due on %(due)s; submitted on %(submitted)s.", due=show_date(report.due_on),
                  submitted=show_date(report.submitted_on))
    disclosure = disclosures.create_draft(
        actor,
        disclosures.DraftData(
            unit_code=maker.code,
            category_code=_category_code(report.duty.plan),
            title=(title or "").strip() or default_title(report),
            body_markdown=f"*{dates}*\n\n{report.body}",
            posting_start=now,
            document_date=report.submitted_on,
        ),
        now=now,
    )
    report.disclosure = disclosure
    if has_role(actor, maker, (Role.unit_head,)):
        disclosures.approve_disclosure(actor, disclosure, now=now)
    db.session.flush()
    if disclosure.approved_at is not None:
        _announce(report, now)
    return report


def _announce(report: Report, now: datetime) -> bool:
    """Mail the plan's followers about the published report, once."""
    if not claim_once(report, "announced_at", now):
        return False
    follows.notify_followers(report.duty.plan, report=report, now=now)
    return True


def announce_approved_reports(now: datetime | None = None) -> int:
    """The job behind a handler's report: once the head approves its disclosure and it is posted, the plan's
    followers hear of it within a minute, as they do of a head's own report. Returns how many were announced."""
    now = now or utcnow()
    posted = status_filter(public_disclosures(), DisclosureStatus.posted, now).with_only_columns(Disclosure.id)
    waiting = db.session.scalars(
        select(Report)
        .join(Report.duty)
        .join(ReportDuty.plan)
        .where(Report.announced_at.is_(None), Report.disclosure_id.in_(posted), Plan.published_at.is_not(None))
        .order_by(Report.id)
    ).all()
    announced = sum(_announce(report, now) for report in waiting)
    db.session.flush()
    return announced


def get_report(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None or report.duty.plan.status is not PlanStatus.published:
        raise NotFound(_("There is no report with this number."))
    return report


def _officials_of(unit: Unit) -> list[User]:
    """The handlers and heads of the unit, or of the units that took it over when it was dissolved."""
    return members_of(with_successors(unit), OFFICIAL_ROLES)


def _already_reminded(reference: str, recipient: str) -> bool:
    return db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == REMINDER, OutboxMessage.reference == reference, OutboxMessage.recipient == recipient
        ).limit(1)
    ) is not None


def queue_report_reminders(now: datetime | None = None) -> int:
    """The daily job: each official of the body that must make a report due within the horizon, not yet made, is
    mailed once about it (the outbox remembers whom it told). Returns how many mails were queued."""
    now = now or utcnow()
    today = local_date(now)
    statement = due_unmade_reports(today).where(Report.due_on >= today)
    queued = 0
    for report in db.session.scalars(statement):
        reference = f"plan_report:{report.id}"
        for official in _officials_of(maker_of(report)):
            if _already_reminded(reference, official.email):
                continue
            context = {
                "report": report,
                "official": official,
                "days": (report.due_on - today).days,
                "link": external_url("plans.report", report_id=report.id),
            }
            message = queue_email(official.email, REMINDER, context, now=now)
            message.reference = reference
            queued += 1
    db.session.flush()
    return queued
