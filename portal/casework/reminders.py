"""The daily reminders: each unit head gets a digest of the unit's cases that are overdue or due within 2 working
days, and each handler a mail about their own cases due by the next working day or overdue.

Run once a day by the worker (portal/notifications/worker.py) and by `flask --app portal cases remind`. A run is
idempotent per day: every mail carries the reference "reminders:<day>:…" in the outbox, and a mail whose kind,
reference and recipient are already there is not queued again, so a second run, a retry after a failure or a
second worker on another machine adds nothing. Days off send nothing: nobody is at the desk to read it, and the
next working day's digest lists the same cases.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import Membership, Role, User
from portal.cases.models import Case, CaseStatus
from portal.core.calendar import load_calendar
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.services import external_url, queue_email
from portal.units.models import Unit

DIGEST = "digest"
DUE_SOON = "due_soon"
DIGEST_WORKING_DAYS = 2
REMINDER_WORKING_DAYS = 1
_COUNTING = [status for status in CaseStatus if status.is_open and status != CaseStatus.awaiting_info]


@dataclass(frozen=True)
class ReminderReport:
    digests: int = 0
    reminders: int = 0
    is_day_off: bool = False


def _already_queued(kind: str, reference: str, recipient: str) -> bool:
    return db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == kind, OutboxMessage.reference == reference, OutboxMessage.recipient == recipient
        ).limit(1)
    ) is not None


def _queue_once(recipient: str, kind: str, reference: str, context: dict, now: datetime) -> bool:
    if _already_queued(kind, reference, recipient):
        return False
    message = queue_email(recipient, kind, context, now=now)
    message.reference = reference
    return True


def _cases_due_by(day: date) -> list[Case]:
    """Open cases whose clock runs (not waiting for the citizen), and answered denunciations whose conclusion is
    still to be published (Law 25/2018 Art. 40), whose deadline is on or before `day`."""
    return list(
        db.session.scalars(
            select(Case)
            .where(Case.status.in_([*_COUNTING, CaseStatus.answered]), Case.due_on.is_not(None), Case.due_on <= day)
            .options(selectinload(Case.unit), selectinload(Case.assignee))
            .order_by(Case.due_on, Case.id)
        )
    )


def _heads(unit_ids: set[int]) -> dict[int, list[User]]:
    rows = db.session.execute(
        select(Membership.unit_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.unit_id.in_(unit_ids), Membership.role == Role.unit_head, User.is_enabled.is_(True))
        .order_by(User.id)
    ).all()
    heads: dict[int, list[User]] = defaultdict(list)
    for unit_id, user in rows:
        heads[unit_id].append(user)
    return heads


def _lines(cases: list[Case]) -> list[dict]:
    return [
        {"case": case, "link": external_url("casework.show", code=case.code),
         "assignee": case.assignee.full_name if case.assignee else ""}
        for case in cases
    ]


def queue_reminders(now: datetime | None = None) -> ReminderReport:
    """Queue today's digests and reminders in the caller's transaction (the worker's run_job commits)."""
    now = now or utcnow()
    calendar = load_calendar()
    today = local_date(now)
    if not calendar.is_working_day(today):
        return ReminderReport(is_day_off=True)
    digest_horizon = calendar.add_working_days(today, DIGEST_WORKING_DAYS)
    reminder_horizon = calendar.add_working_days(today, REMINDER_WORKING_DAYS)
    due = _cases_due_by(digest_horizon)

    by_unit: dict[int, list[Case]] = defaultdict(list)
    for case in due:
        by_unit[case.unit_id].append(case)
    digests = 0
    for unit_id, heads in _heads(set(by_unit)).items():
        cases = by_unit[unit_id]
        unit: Unit = cases[0].unit
        overdue = [case for case in cases if case.due_on < today]
        soon = [case for case in cases if case.due_on >= today]
        context = {
            "unit": unit,
            "today": today,
            "horizon": digest_horizon,
            "overdue": _lines(overdue),
            "soon": _lines(soon),
            "link": external_url("casework.queue", unit=unit.code),
        }
        for head in heads:
            digests += _queue_once(head.email, DIGEST, f"reminders:{today.isoformat()}:unit:{unit_id}",
                                   {**context, "official": head}, now)

    by_assignee: dict[int, list[Case]] = defaultdict(list)
    for case in due:
        if case.assignee is not None and case.assignee.is_enabled and case.due_on <= reminder_horizon:
            by_assignee[case.assignee_id].append(case)
    reminders = 0
    for cases in by_assignee.values():
        official = cases[0].assignee
        context = {
            "official": official,
            "today": today,
            "horizon": reminder_horizon,
            "overdue": _lines([case for case in cases if case.due_on < today]),
            "soon": _lines([case for case in cases if case.due_on >= today]),
            "link": external_url("casework.queue", mine="y"),
        }
        reminders += _queue_once(official.email, DUE_SOON, f"reminders:{today.isoformat()}:user:{official.id}",
                                 context, now)
    return ReminderReport(digests=digests, reminders=reminders)
