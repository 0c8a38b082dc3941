"""How a case's deadlines are counted: the legal period in force for its kind and step (LegalPeriod), the day the
clock started in its history, and the working-day calendar. Read by the citizen's pages, the officials' and the API
alike, so that a deadline is explained the same way everywhere."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.cases.models import Case, CaseKind, CaseStatus
from portal.core.cache import Cached
from portal.core.calendar import (
    Count,
    Lengthening,
    LengtheningKind,
    Period,
    PeriodUnit,
    WorkingCalendar,
    load_calendar,
)
from portal.core.errors import InvalidInput
from portal.core.i18n import _
from portal.core.timeutil import local_date
from portal.extensions import db
from portal.periods.models import LegalPeriod, PeriodCondition, PeriodSubject, Step
from portal.units.models import Unit

CHANNEL_CONDITIONS = {"in_person": PeriodCondition.in_person, "post": PeriodCondition.by_post}


@dataclass(frozen=True)
class DeadlineState:
    due_on: date
    working_days_left: int
    is_overdue: bool
    days_overdue: int



@dataclass(frozen=True)
class PeriodRule:
    """A LegalPeriod row as the process keeps it between requests (periods_cache)."""

    id: int
    kind: PeriodSubject
    step: Step
    amount: int
    period_unit: PeriodUnit
    max_times: int
    effective_from: date
    unit_id: int | None
    legal_basis: str
    condition: PeriodCondition = PeriodCondition.general
    legal_basis_en: str = ""

    @property
    def period(self) -> Period:
        return Period(self.amount, self.period_unit)

    def basis_in(self, language: str) -> str:
        return self.legal_basis_en if language != "vi" and self.legal_basis_en else self.legal_basis


def _load_periods() -> dict[tuple[PeriodSubject, Step], list[PeriodRule]]:
    grouped: dict[tuple[PeriodSubject, Step], list[PeriodRule]] = {}
    for row in db.session.scalars(select(LegalPeriod)):
        rule = PeriodRule(row.id, row.kind, row.step, row.amount, row.period_unit, row.max_times,
                          row.effective_from, row.unit_id, row.legal_basis, row.condition, row.legal_basis_en)
        grouped.setdefault((rule.kind, rule.step), []).append(rule)
    return grouped


# Every deadline reads them and only an administrator changes them (portal.periods.services): kept in process,
# dropped on every worker when a row is added or changed.
periods_cache = Cached("legal_periods", _load_periods, models=[LegalPeriod])


def period_in_force(kind: CaseKind | PeriodSubject, step: Step, unit: Unit | None, on: date,
                    condition: PeriodCondition = PeriodCondition.general) -> PeriodRule:
    """The period for this step: a rule for the condition (a remote area, verification at several places, a request
    made in person) before the general one; the unit's own (or its nearest ancestor's) rule before the national
    one; and of those the one that took effect last on or before `on`. A remote unit's steps read the remote
    rule where the law has one and the general rule elsewhere."""
    chain = [] if unit is None else [unit.id] + [ancestor.id for ancestor in unit.ancestors()]
    if condition == PeriodCondition.general and unit is not None and _is_remote(unit):
        condition = PeriodCondition.remote_area
    rows = [
        row
        for row in periods_cache.get().get((PeriodSubject(kind), step), [])
        if row.effective_from <= on
        and (row.unit_id is None or row.unit_id in chain)
        and row.condition in (condition, PeriodCondition.general)
    ]
    if not rows:
        raise InvalidInput(_("No legal period is set for this kind of case. Ask the site administrator to set one."))

    def rank(row: PeriodRule):
        nearness = chain.index(row.unit_id) if row.unit_id in chain else len(chain)
        return (row.condition != condition, nearness, -row.effective_from.toordinal())

    return min(rows, key=rank)


def _is_remote(unit: Unit) -> bool:
    return any(each.is_remote_area for each in (unit, *unit.ancestors()))


# Shaped like routing.dispatch's Step and core.calendar's Lengthening by chance: how a deadline was counted.
@dataclass(frozen=True)
class Reckoning:
    """One deadline of a case and how it was counted: the event that started the clock, the rule, the count."""

    step: Step
    event: str
    event_on: date
    rule: PeriodRule
    count: Count
    extension_rule: PeriodRule | None = None


@dataclass(frozen=True)
class Reckonings:
    acknowledge: Reckoning
    resolve: Reckoning | None


def reckon_deadlines(case: Case, calendar: WorkingCalendar | None = None, *, upto: int | None = None) -> Reckonings:
    """Both deadlines of a case counted again from its history, with the rules in force when each clock started.

    The history holds every fact a count needs (receipt, transfer, a request for information and its answer,
    acceptance, each extension, reopening), so a deadline can be explained, and counted again when the calendar
    changes, without trusting a date stored earlier. Information requests are answered within their period from
    the receipt of a valid request (Law 104/2016 Art. 30-31), not from acceptance. `upto` stops at that event, to
    explain the deadline it set."""
    calendar = calendar or load_calendar()
    acknowledge_from = ("received", local_date(case.received_at))
    several_places = False
    resolve_from: tuple[str, date] | None = None
    lengthenings: list[Lengthening] = []
    asked: tuple[date, str] | None = None
    resolve_rule = extension_rule = None
    for event in case.events:
        on = local_date(event.occurred_at)
        if event.action == "transferred":
            acknowledge_from, several_places, resolve_from, lengthenings = ("transferred", on), False, None, []
        elif event.action == "several_places":
            several_places = True
        elif event.action == "info_requested":
            asked = (on, event.details.get("previous", CaseStatus.accepted.value))
        elif event.action == "info_supplied" and asked is not None:
            if asked[1] == CaseStatus.received.value:
                acknowledge_from = ("info_supplied", on)
            elif resolve_rule is not None:
                lengthenings.append(_pause(calendar, resolve_rule, asked[0], on))
            asked = None
        elif event.action in {"accepted", "reopened"}:
            resolve_from = acknowledge_from if (
                case.kind == CaseKind.information_request and event.action == "accepted") else (event.action, on)
            resolve_rule = period_in_force(case.kind, resolve_step(case), case.unit, resolve_from[1],
                                           channel_condition(case))
            extension_rule, lengthenings = None, []
        elif event.action == "extended" and resolve_rule is not None:
            extension_rule = period_in_force(case.kind, extend_step(case), case.unit, resolve_from[1],
                                             channel_condition(case))
            lengthenings.append(Lengthening(LengtheningKind.extension, extension_rule.amount,
                                            extension_rule.period_unit, on))
        if event.id is not None and event.id == upto:
            break
    condition = PeriodCondition.several_places if several_places else PeriodCondition.general
    acknowledge_rule = period_in_force(case.kind, Step.acknowledge, case.unit, acknowledge_from[1], condition)
    acknowledge = Reckoning(Step.acknowledge, *acknowledge_from, acknowledge_rule,
                            calendar.count(acknowledge_from[1], acknowledge_rule.period))
    resolve = None
    if resolve_from is not None:
        resolve = Reckoning(resolve_step(case), *resolve_from, resolve_rule,
                            calendar.count(resolve_from[1], resolve_rule.period, tuple(lengthenings)),
                            extension_rule)
    return Reckonings(acknowledge, resolve)


def explain_deadlines(case: Case, language: str, *, upto: int | None = None) -> Reckonings:
    """The deadlines with the names of the days off in the reader's language, for "how was this counted?"."""
    return reckon_deadlines(case, load_calendar(language), upto=upto)


def _pause(calendar: WorkingCalendar, rule: PeriodRule, asked_on: date, supplied_on: date) -> Lengthening:
    """The days the citizen took to answer come back, counted as the period counts."""
    if rule.period_unit == PeriodUnit.working_days:
        amount = calendar.working_days_between(asked_on, supplied_on)
    else:
        amount = (supplied_on - asked_on).days
    return Lengthening(LengtheningKind.pause, amount, rule.period_unit, asked_on, resumed_on=supplied_on)


def recount(case: Case) -> Reckonings:
    """Store the deadlines the history gives; `due_on` is the one the case is now waiting on."""
    reckonings = reckon_deadlines(case)
    case.acknowledge_due_on = reckonings.acknowledge.count.end
    case.resolve_due_on = reckonings.resolve.count.end if reckonings.resolve else None
    case.due_on = case.resolve_due_on or case.acknowledge_due_on
    return reckonings



def deadline_state(case: Case, now: datetime, calendar: WorkingCalendar | None = None) -> DeadlineState | None:
    """How the current deadline stands today: None when nothing is due (answered, refused, waiting for the
    citizen, whose time does not count)."""
    if case.due_on is None or case.status == CaseStatus.awaiting_info:
        return None
    calendar = calendar or load_calendar()
    today = local_date(now)
    left = calendar.working_days_between(today, case.due_on)
    return DeadlineState(case.due_on, left, today > case.due_on, max((today - case.due_on).days, 0))



def resolve_step(case: Case) -> Step:
    """The period that answers this case: a second complaint has its own (Law 02/2011 Art. 37)."""
    return Step.resolve_second if case.is_second_complaint else Step.resolve


def extend_step(case: Case) -> Step:
    return Step.extend_second if case.is_second_complaint else Step.extend


def channel_condition(case: Case) -> PeriodCondition:
    """An information request made in person or by post has its own periods (Law 104/2016 Art. 29, 31)."""
    if case.kind == CaseKind.information_request:
        return CHANNEL_CONDITIONS.get(case.channel, PeriodCondition.general)
    return PeriodCondition.general


def complaint_last_day(known_on: date, unit: Unit) -> date:
    """The last day to complain: 90 days from the day the citizen received or learned of the decision (Law 02/2011
    Art. 9), counted from the day after and moved off a day off like any calendar-day period."""
    limit = period_in_force(CaseKind.complaint, Step.complain, unit, known_on)
    return load_calendar().deadline(known_on, limit.period)



def forward_deadline(case: Case) -> date | None:
    """The last day to forward a case the unit is not competent for and tell the citizen (Law 25/2018 Art. 24(2)
    for denunciations; Decree 20/2008 by analogy for feedback), counted from when the unit's clock started; None
    for kinds the law gives no such period."""
    started = reckon_deadlines(case).acknowledge
    try:
        rule = period_in_force(case.kind, Step.forward, case.unit, started.event_on)
    except InvalidInput:
        return None
    return load_calendar().count(started.event_on, rule.period).end
