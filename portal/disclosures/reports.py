"""What a unit must be able to show of its disclosures (Law 10/2022/QH15 Art. 12-13): the posting record of each,
the quarterly list, and the year's compliance with the categories the law requires of it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.core import audit
from portal.core.calendar import Period, WorkingCalendar, load_calendar
from portal.core.enums import TitledEnum
from portal.core.errors import InvalidInput
from portal.core.i18n import _, _l
from portal.core.timeutil import local_date, utcnow
from portal.disclosures.lists import CategoryInfo, active_categories, local_range, public_disclosures
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.periods.deadlines import period_in_force
from portal.periods.models import PeriodSubject, Step
from portal.units.models import Unit

RECORD_TITLES = {
    "disclosures.drafted": _l("Drafted"),
    "disclosures.file_attached": _l("Document attached"),
    "disclosures.approved": _l("Approved for posting"),
    "disclosures.corrected": _l("Correction posted"),
    "disclosures.withdrawn": _l("Withdrawn"),
    "disclosures.replaced": _l("Replaced by a newer version"),
    "disclosures.redacted": _l("Personal data removed"),
}


def posting_record(disclosure: Disclosure) -> list[tuple[audit.AuditEvent, str]]:
    """The electronic biên bản niêm yết: every recorded step of this disclosure, oldest first, with its title."""
    events = db.session.scalars(
        select(audit.AuditEvent)
        .where(audit.AuditEvent.subject_type == "disclosure", audit.AuditEvent.subject_id == str(disclosure.id))
        .order_by(audit.AuditEvent.id)
    )
    return [(event, str(RECORD_TITLES.get(event.action, event.action))) for event in events]


def quarterly_list(unit: Unit, year: int, quarter: int) -> list[Disclosure]:
    """Art. 13: each quarter, the list of everything the unit disclosed, with its forms and posting dates."""
    if quarter not in {1, 2, 3, 4}:
        raise InvalidInput(_("Choose a quarter from 1 to 4."))
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
    start, end = local_range(first, last)
    return list(
        db.session.scalars(
            public_disclosures()
            .where(Disclosure.unit_id == unit.id, Disclosure.posting_start >= start, Disclosure.posting_start < end)
            .order_by(Disclosure.posting_start, Disclosure.id)
        )
    )


class Compliance(TitledEnum):
    on_time = "on_time", _l("Disclosed on time")
    late = "late", _l("Disclosed late")
    missing = "missing", _l("Not disclosed")


@dataclass(frozen=True)
class ComplianceRow:
    category: CategoryInfo
    verdict: Compliance
    disclosures: list[Disclosure]
    due: date | None


def _is_on_time(
    disclosure: Disclosure, unit: Unit, category: CategoryInfo, due: date | None, calendar: WorkingCalendar
) -> bool:
    """Art. 12(3): within the working days the legal period in force on the decision gives (5 since 2023); and by
    the category's yearly due date, if it has one."""
    posted_on = local_date(disclosure.posting_start)
    if disclosure.decided_on:
        rule = period_in_force(PeriodSubject.disclosure, Step.disclose, unit, disclosure.decided_on)
        if posted_on > calendar.count(disclosure.decided_on, Period(rule.amount, rule.period_unit)).end:
            return False
    return due is None or posted_on <= due


def compliance(unit: Unit, year: int, *, now: datetime | None = None) -> list[ComplianceRow]:
    """For each category the law requires of this kind of unit: disclosed on time, late, or missing in the year."""
    now = now or utcnow()
    calendar = load_calendar()
    start, end = local_range(date(year, 1, 1), date(year, 12, 31))
    posted = db.session.scalars(
        select(Disclosure).where(
            Disclosure.unit_id == unit.id,
            Disclosure.approved_at.is_not(None),
            Disclosure.posting_start >= start,
            Disclosure.posting_start < end,
            Disclosure.posting_start <= now,
        )
    ).all()
    rows = []
    for category in active_categories():
        if unit.kind.value not in (category.required_for or []):
            continue
        due = date(year, category.due_month, category.due_day) if category.due_month and category.due_day else None
        found = [d for d in posted if d.category_id == category.id]
        if not found:
            verdict = Compliance.missing
        elif all(_is_on_time(d, unit, category, due, calendar) for d in found):
            verdict = Compliance.on_time
        else:
            verdict = Compliance.late
        rows.append(ComplianceRow(category, verdict, found, due))
    return rows
