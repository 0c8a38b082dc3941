"""The rules of citizen cases (Law 42/2013 on Citizen Reception, Law 02/2011 on Complaints, Law 25/2018 on
Denunciations, Law 104/2016 on Access to Information, Law 10/2022 on Grassroots Democracy).

Every deadline is computed here from the legal period in force for the kind and step (LegalPeriod), the
date the clock started and the working-day calendar. Every status change goes through `_move`, which
refuses moves the law does not allow and writes the case's history in the same transaction; mail to the
citizen and to officials is queued in that same transaction too, so it is sent only if the change commits.
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.access import has_role, roles_in
from portal.accounts.models import Membership, Role, User
from portal.cases.models import (
    Case,
    CaseEvent,
    CaseField,
    CaseFile,
    CaseKind,
    CaseStatus,
    LegalPeriod,
    PeriodCondition,
    PeriodSubject,
    RefusalReason,
    RoutingRule,
    Step,
)
from portal.core import audit, crypto
from portal.core.cache import Cached, Versioned
from portal.core.calendar import (
    CalendarDay,
    Count,
    Lengthening,
    LengtheningKind,
    Period,
    PeriodUnit,
    WorkingCalendar,
    load_calendar,
)
from portal.core.errors import InvalidFields, InvalidInput, InvalidTransition, NotAllowed, NotFound
from portal.core.i18n import _, show_date
from portal.core.listing import newest_first_page
from portal.core.redact import MASK, redact
from portal.core.text import checked_text, is_email_address, searchable
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.notifications.services import external_url, queue_email
from portal.routing import dispatch
from portal.units.models import Unit, UnitKind
from portal.units.services import find_place

MAX_TITLE = 200
MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 10_000
MAX_NOTE = 5_000
MAX_ANSWER = 20_000
HANDLERS = {Role.handler, Role.unit_head}
# How a case reached the unit: the citizen's own form or Open311, or recorded by an official from a request made in
# person or by post, which only information requests distinguish (Law 104/2016 Art. 29-31 give each its period).
CHANNELS = {"web", "open311", "in_person", "post"}
OFFICIAL_CHANNELS = {"in_person", "post"}
CHANNEL_CONDITIONS = {"in_person": PeriodCondition.in_person, "post": PeriodCondition.by_post}
CODE_ATTEMPTS = 5
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PHONE = re.compile(r"^\+?[0-9 .\-]{8,15}$")
_ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")

MOVES = {
    "accepted": ({CaseStatus.received}, CaseStatus.accepted),
    "refused": ({CaseStatus.received, CaseStatus.awaiting_info}, CaseStatus.refused),
    "info_requested": ({CaseStatus.received, CaseStatus.accepted}, CaseStatus.awaiting_info),
    "transferred": ({CaseStatus.received, CaseStatus.accepted}, CaseStatus.received),
    "answer_submitted": ({CaseStatus.accepted}, CaseStatus.answer_pending),
    "answered": ({CaseStatus.accepted, CaseStatus.answer_pending}, CaseStatus.answered),
    "answer_returned": ({CaseStatus.answer_pending}, CaseStatus.accepted),
    "reopened": ({CaseStatus.answered}, CaseStatus.accepted),
}


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_number: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.email, self.address, self.id_number))


@dataclass(frozen=True)
class Submission:
    kind: str
    field: str
    place_code: str
    title: str
    description: str
    contact: Contact = Contact()
    # For a place split between new units in 2025: the code of the part the citizen chose.
    successor_code: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    is_public_consent: bool = False
    is_resident: bool = False
    decision_known_on: date | None = None
    language: str = "vi"
    channel: str = "web"


@dataclass(frozen=True)
class Submitted:
    case: Case
    token: str


@dataclass(frozen=True)
class DeadlineState:
    due_on: date
    working_days_left: int
    is_overdue: bool
    days_overdue: int


# --- periods and deadlines -------------------------------------------------------------------------------------


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


def _period(row: PeriodRule) -> Period:
    return Period(row.amount, row.period_unit)


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
                            calendar.count(acknowledge_from[1], _period(acknowledge_rule)))
    resolve = None
    if resolve_from is not None:
        resolve = Reckoning(resolve_step(case), *resolve_from, resolve_rule,
                            calendar.count(resolve_from[1], _period(resolve_rule), tuple(lengthenings)),
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


def _recount(case: Case) -> Reckonings:
    """Store the deadlines the history gives; `due_on` is the one the case is now waiting on."""
    reckonings = reckon_deadlines(case)
    case.acknowledge_due_on = reckonings.acknowledge.count.end
    case.resolve_due_on = reckonings.resolve.count.end if reckonings.resolve else None
    case.due_on = case.resolve_due_on or case.acknowledge_due_on
    return reckonings


def move_deadlines_for_day(day: date, change: str, note: str, *, now: datetime) -> list[Case]:
    """A day declared off or worked (`change` is the DayKind), or such a declaration cancelled ("cancelled"), after
    cases arrived: the open cases whose deadline is on or after that day are counted again, and each one that moves
    says so in its history, with the administrator's note (the decision that moved the day), and tells the citizen."""
    moved = []
    open_statuses = [status for status in CaseStatus if status.is_open]
    cases = db.session.scalars(
        select(Case).where(Case.status.in_(open_statuses), Case.due_on >= day).order_by(Case.id)
    ).all()
    for case in cases:
        before = (case.acknowledge_due_on, case.resolve_due_on, case.due_on)
        _recount(case)
        if case.due_on == before[2]:
            continue
        moved.append(case)
        case.updated_at = now
        _event(case, "deadline_moved", now=now, note=note, details={
            "from": before[2].isoformat(), "due_on": case.due_on.isoformat(), "day": day.isoformat(), "change": change})
        _notify_citizen(case, "case_updated", now, action="deadline_moved")
    return moved


def deadline_state(case: Case, now: datetime, calendar: WorkingCalendar | None = None) -> DeadlineState | None:
    """How the current deadline stands today: None when nothing is due (answered, refused, waiting for the
    citizen, whose time does not count)."""
    if case.due_on is None or case.status == CaseStatus.awaiting_info:
        return None
    calendar = calendar or load_calendar()
    today = local_date(now)
    left = calendar.working_days_between(today, case.due_on)
    return DeadlineState(case.due_on, left, today > case.due_on, max((today - case.due_on).days, 0))


# --- routing and assignment ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RuleRow:
    id: int
    kind: CaseKind | None
    field: CaseField | None
    area_id: int | None
    target_id: int


def _load_rules() -> dict[int | None, list[_RuleRow]]:
    by_area: dict[int | None, list[_RuleRow]] = {}
    columns = (RoutingRule.id, RoutingRule.kind, RoutingRule.field, RoutingRule.area_id, RoutingRule.target_id)
    for row in db.session.execute(select(*columns)):
        by_area.setdefault(row.area_id, []).append(_RuleRow(*row))
    return by_area


# Every submission routes and only an administrator changes the rules (portal.routing.services): kept in process,
# by area, dropped on every worker when a rule is added or deleted.
routing_cache = Cached("routing_rules", _load_rules, models=[RoutingRule])
# What the public case pages are built from, with the units (portal.core.httpcache); the calendar and the legal
# periods move the deadlines they show.
case_content = Versioned("case_content", models=[Case, CaseEvent, CaseFile, CalendarDay, LegalPeriod])


def _best_rule(kind: CaseKind, field: CaseField, place: Unit) -> _RuleRow | None:
    chain_ids = [place.id] + [unit.id for unit in place.ancestors()]
    by_area = routing_cache.get()
    rules = [
        rule
        for area_id in (*chain_ids, None)
        for rule in by_area.get(area_id, [])
        if rule.kind in (None, kind) and rule.field in (None, field)
    ]

    def specificity(rule: _RuleRow):
        nearness = chain_ids.index(rule.area_id) if rule.area_id is not None else len(chain_ids)
        return (nearness, rule.field is None, rule.kind is None, rule.id)

    return min(rules, key=specificity, default=None)


def routing_rule_for(kind: CaseKind, field: CaseField, place: Unit) -> RoutingRule | None:
    """The most specific routing rule for the place (a rule for the place itself before one for its district or
    province; then one naming the field, then one naming the kind), or None; the routing administration shows it
    to explain a route."""
    best = _best_rule(kind, field, place)
    return db.session.get(RoutingRule, best.id) if best is not None else None


def route(kind: CaseKind, field: CaseField, place: Unit) -> Unit:
    """The unit responsible: the target of the most specific routing rule (routing_rule_for); without a rule, the
    commune (or the highest unit) the place belongs to."""
    best = _best_rule(kind, field, place)
    if best is not None:
        return db.session.get(Unit, best.target_id)
    chain = [place, *place.ancestors()]
    for unit in chain:
        if unit.kind == UnitKind.commune:
            return unit
    return chain[-1]


def handlers_of(unit: Unit) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.unit_id == unit.id, Membership.role == Role.handler, User.is_enabled.is_(True))
            .order_by(User.id)
        ).unique()
    )


# Built once, with the unit as a parameter: composing this statement cost more than running it on every submission.
_LEAST_LOADED_HANDLER = (
    select(User)
    .join(Membership, Membership.user_id == User.id)
    .where(Membership.unit_id == bindparam("unit_id"), Membership.role == Role.handler, User.is_enabled.is_(True))
    .order_by(
        select(func.count(Case.id))
        .where(Case.assignee_id == User.id, Case.status.in_([status for status in CaseStatus if status.is_open]))
        .correlate(User)
        .scalar_subquery(),
        User.id,
    )
    .limit(1)
)


def least_loaded_handler(unit: Unit) -> User | None:
    """The handler of the unit with the fewest open cases; the earliest account on a tie. One statement: each
    handler's count is read from the (assignee_id, status) index."""
    return db.session.scalar(_LEAST_LOADED_HANDLER, {"unit_id": unit.id})


# --- submission ------------------------------------------------------------------------------------------------


def _choice(enum_type, value: str, message: str, field: str | None = None):
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidInput(message, field=field) from None


def _contact_problems(kind: CaseKind | None, contact: Contact, is_resident: bool) -> list[InvalidInput]:
    problems = []
    if len(contact.name) > 200:
        problems.append(InvalidInput(_("Enter a name of at most 200 characters."), field="name"))
    if len(contact.address) > 300:
        problems.append(InvalidInput(_("Enter an address of at most 300 characters."), field="address"))
    if contact.email and not is_email_address(contact.email):
        problems.append(InvalidInput(_("Enter an email address like name@example.com, or leave it empty."),
                                     field="email"))
    if contact.phone and not _PHONE.match(contact.phone):
        problems.append(InvalidInput(
            _("Enter a phone number of 8 to 15 digits, like 0912 345 678, or leave it empty."), field="phone"))
    if contact.id_number and not _ID_NUMBER.match(contact.id_number.replace(" ", "")):
        problems.append(InvalidInput(
            _("Enter the 12 digits of your citizen identity card (or the 9 of an old ID card)."), field="id_number"))
    if kind in {CaseKind.complaint, CaseKind.denunciation}:
        if not contact.name:
            problems.append(InvalidInput(_("A complaint or a denunciation must give the name of the person making "
                                           "it. To report something without your name, choose feedback instead."),
                                         field="name"))
        if not contact.address:
            problems.append(InvalidInput(_("A complaint or a denunciation must give the address of the person "
                                           "making it."), field="address"))
    if kind == CaseKind.information_request:
        if not contact.name:
            problems.append(InvalidInput(_("Enter your name: the law requires it for an information request."),
                                         field="name"))
        if not (contact.email or contact.phone or contact.address):
            problems.append(InvalidInput(_("Enter an email, phone or address where the information can reach you."),
                                         field="email"))
        if not is_resident:
            problems.append(InvalidInput(
                _("Confirm that you live in this commune or that the information affects you directly."),
                field="is_resident"))
    if kind == CaseKind.dialogue_request and not (contact.email or contact.phone):
        problems.append(InvalidInput(
            _("Enter a phone number or an email so that the unit can arrange the dialogue with you."), field="phone"))
    return problems


def _collect(problems: list[InvalidInput], check: Callable[[], object]):
    try:
        return check()
    except InvalidInput as problem:
        problems.append(problem)
        return None


def submission_problems(data: Submission, *, now: datetime, place: Unit | None = None) -> list[InvalidInput]:
    """Everything wrong with a submission, each with its field, so the citizen corrects it all in one send.

    `place` is the unit the caller already found for `data.place_code`, which spares looking it up again."""
    problems: list[InvalidInput] = []
    kind = _collect(problems, lambda: _choice(CaseKind, data.kind, _("Choose what kind of request this is.")))
    _collect(problems, lambda: _choice(CaseField, data.field, _("Choose the field the matter belongs to."), "field"))
    if _place(data.place_code, place) is None:
        problems.append(InvalidInput(_("Choose the commune, ward or village where this happened from the list."),
                                     field="place"))
    _collect(problems, lambda: checked_text(
        data.title,
        limit=MAX_TITLE,
        empty=_("Enter a short title saying what the matter is."),
        long=_("Enter a title of at most %(count)d characters.", count=MAX_TITLE),
        field="title",
    ))
    _collect(problems, lambda: checked_text(
        data.description,
        limit=MAX_DESCRIPTION,
        minimum=MIN_DESCRIPTION,
        empty=_("Describe what happened in at least %(count)d characters.", count=MIN_DESCRIPTION),
        long=_("Describe what happened in at most %(count)d characters; attach longer documents as files.",
               count=MAX_DESCRIPTION),
        field="description",
    ))
    if len((data.location or "").strip()) > 300:
        problems.append(InvalidInput(_("Describe the place in at most 300 characters."), field="location"))
    if (data.latitude is None) != (data.longitude is None) or (
        data.latitude is not None and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180)
    ):
        problems.append(InvalidInput(_("Give both latitude and longitude, as decimal degrees, or neither.")))
    if data.decision_known_on and data.decision_known_on > local_date(now):
        problems.append(InvalidInput(_("The date you learned of the decision cannot be in the future."),
                                     field="decision_known_on"))
    if kind == CaseKind.complaint and data.decision_known_on is None:
        problems.append(InvalidInput(_("Enter the date you received or learned of the decision you complain about."),
                                     field="decision_known_on"))
    if data.channel not in CHANNELS or (data.channel in OFFICIAL_CHANNELS and kind != CaseKind.information_request):
        problems.append(InvalidInput(_("Choose how the request was received from the list.")))
    return problems + _contact_problems(kind, _trimmed(data.contact), data.is_resident)


def _trimmed(contact: Contact) -> Contact:
    return Contact(*(value.strip() for value in (contact.name, contact.phone, contact.email, contact.address,
                                                 contact.id_number)))


def place_for(code: str) -> Unit | None:
    """The place a case may be about, with its parent (the choice's label and the routing read it)."""
    return _place(code, None)


def _place(code: str, place: Unit | None) -> Unit | None:
    code = (code or "").strip()
    if place is None or place.code != code:
        place = find_place(code)
    if place is None or place.kind == UnitKind.body:
        return None
    return place


def _new_code(kind: CaseKind) -> str:
    random_part = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{kind.code_prefix}-{random_part[:5]}-{random_part[5:]}"


def _insert_with_free_code(kind: CaseKind, receive: Callable[[str], Case]) -> Case:
    """Codes are drawn from 32^10 and almost never collide: rather than look each one up first, insert and let the
    unique constraint refuse a taken one. `receive(code)` adds the case with its history and mail, which quote the
    code: all are written in one flush, in a savepoint, so a refused code undoes only them before they are made
    again with the next."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with db.session.begin_nested():
                return receive(_new_code(kind))
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise


def normalize_code(code: str) -> str:
    """Tracking codes as people type them: any case, spaces or no dashes, O for 0 and I or L for 1."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", code or "").upper().translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 12:
        return ""
    return f"{cleaned[:2]}-{cleaned[2:7]}-{cleaned[7:]}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def destination(kind: CaseKind, field: CaseField, place: Unit, successor_code: str = "") -> dispatch.Dispatch:
    """Where a case about this place would go now, and why: what the public form tells the citizen before they
    send it (submit_case takes the same path)."""
    today_place, steps = dispatch.present_place(place, successor_code)
    routed = dispatch.dispatch(route(kind, field, today_place), needs_head=kind.needs_head_approval)
    return dispatch.Dispatch(routed.unit, [*steps, *routed.steps], routed.is_unattended)


def submit_case(data: Submission, *, now: datetime | None = None, place: Unit | None = None) -> Submitted:
    """Receive a case whole or not at all: routed, given its first deadline and handler, its receipt mailed.

    `place` is the unit the caller already found for `data.place_code`, which spares looking it up again."""
    now = now or utcnow()
    place = _place(data.place_code, place)
    problems = submission_problems(data, now=now, place=place)
    if problems:
        raise InvalidFields(problems)
    today_place, steps = dispatch.present_place(place, (data.successor_code or "").strip())
    kind, field = CaseKind(data.kind), CaseField(data.field)
    title, description = data.title.strip(), data.description.strip()
    location = (data.location or "").strip()
    contact = _trimmed(data.contact)

    target = route(kind, field, today_place)
    assignee = least_loaded_handler(target)
    routed = dispatch.dispatch(target, needs_head=kind.needs_head_approval, has_handler=assignee is not None)
    unit, steps = routed.unit, [*steps, *routed.steps]
    if unit is not target:
        assignee = least_loaded_handler(unit)
    complain_until = complaint_last_day(data.decision_known_on, unit) if kind == CaseKind.complaint else None
    acknowledge = period_in_force(kind, Step.acknowledge, unit, local_date(now))
    due_on = load_calendar().deadline(local_date(now), _period(acknowledge))
    token = secrets.token_urlsafe(32)
    contact_sealed = crypto.seal(contact.__dict__)

    def receive(code: str) -> Case:
        case = Case(
            code=code,
            token_hash=token_hash(token),
            kind=kind,
            field=field,
            status=CaseStatus.received,
            channel=data.channel,
            language=data.language if data.language in {"vi", "en"} else "vi",
            unit=unit,
            place=place,
            assignee=assignee,
            title=title,
            description=description,
            location=location,
            latitude=data.latitude,
            longitude=data.longitude,
            decision_known_on=data.decision_known_on,
            complain_until=complain_until,
            contact_sealed=contact_sealed,
            contact_email_digest=crypto.digest(contact.email) if contact.email else None,
            is_anonymous=not contact.name,
            is_public_consent=bool(data.is_public_consent),
            received_at=now,
            acknowledge_due_on=due_on,
            due_on=due_on,
            updated_at=now,
        )
        db.session.add(case)
        received = {"unit": unit.name, "due_on": due_on.isoformat()}
        if complain_until is not None:
            received |= {"complain_until": complain_until.isoformat(), "late": case.is_late_complaint}
        _event(case, "received", now=now, details=received)
        for step in steps:
            _event(case, "routed", now=now, details={"why": step.action, "from": step.from_unit.name,
                                                     "to": step.to_unit.name,
                                                     "on": step.on.isoformat() if step.on else None})
        if routed.is_unattended:
            _event(case, "unattended", now=now, is_public=False, details={"unit": unit.name})
            for administrator in dispatch.administrators_for(unit):
                _notify_official(case, administrator, "case_unattended", now)
        if any(step.action.startswith("escalated") for step in steps):
            for head in dispatch.heads_of(unit):
                _notify_official(case, head, "case_escalated", now)
        if assignee is not None:
            _event(case, "assigned", now=now, is_public=False, details={"assignee": assignee.full_name})
            _notify_official(case, assignee, "case_assigned", now)
        _notify_citizen(case, "case_received", now, contact=contact, token=token)
        return case

    return Submitted(_insert_with_free_code(kind, receive), token)


# --- finding cases ---------------------------------------------------------------------------------------------


def case_by_code(code: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.code == normalize_code(code))) if normalize_code(code) else None
    if case is None:
        raise NotFound(_("No case has this tracking code. Check the code on your receipt."))
    return case


def case_by_token(token: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.token_hash == token_hash(token or "")))
    if case is None:
        raise NotFound(_("This private link is not valid. Use the link from your receipt or email."))
    return case


def public_case(code: str) -> Case:
    """A case the citizen allowed to be shown and an official has reviewed for publication. An unpublished code is
    refused in the same words and the same single query as one never issued, so the answer tells nobody it exists."""
    code = normalize_code(code)
    case = db.session.scalar(select(Case).where(Case.code == code, Case.published_at.is_not(None))) if code else None
    if case is None:
        raise NotFound(_("No published case has this tracking code."))
    return case


@dataclass(frozen=True)
class PublicListing:
    unit: Unit | None = None
    kind: str = ""
    field: str = ""
    status: str = ""
    query: str = ""
    codes: tuple[str, ...] = ()
    received_from: datetime | None = None
    received_until: datetime | None = None
    after_id: int | None = None


def list_published(listing: PublicListing, *, limit: int) -> tuple[list[Case], int | None]:
    """Published cases, newest first, keyset-paged by id; `status` is a status or "open"/"closed", `unit` matches the
    responsible unit or the place. Unpublished cases never appear, whatever the filters. Each case comes with its
    unit and place, which every list shows, in the same statement."""
    statement = (
        select(Case)
        .where(Case.published_at.is_not(None))
        .options(joinedload(Case.unit), joinedload(Case.place))
    )
    if listing.unit is not None:
        statement = statement.where(or_(Case.unit_id == listing.unit.id, Case.place_id == listing.unit.id))
    if listing.kind:
        statement = statement.where(Case.kind == _choice(CaseKind, listing.kind, _("Choose a kind from the list.")))
    if listing.field:
        statement = statement.where(Case.field == _choice(CaseField, listing.field, _("Choose a field from the list.")))
    open_statuses = [status for status in CaseStatus if status.is_open]
    if listing.status == "open":
        statement = statement.where(Case.status.in_(open_statuses))
    elif listing.status == "closed":
        statement = statement.where(Case.status.not_in(open_statuses))
    elif listing.status:
        statement = statement.where(Case.status == _choice(CaseStatus, listing.status, _("Choose a status.")))
    if listing.codes:
        statement = statement.where(Case.code.in_([normalize_code(code) for code in listing.codes]))
    # Compared in UTC, as stored: SQLite compares the text of a time and would read 00:00+07:00 as 00:00 UTC.
    if listing.received_from is not None:
        statement = statement.where(Case.received_at >= listing.received_from.astimezone(UTC))
    if listing.received_until is not None:
        statement = statement.where(Case.received_at <= listing.received_until.astimezone(UTC))
    return newest_first_page(
        statement, Case.id, listing.after_id, limit, searched_column=Case.search_text, query=listing.query
    )


def officials_units(user: User) -> Select:
    """Ids of the units whose cases the official works: where they handle or head, and every unit below."""
    roots = select(Membership.unit_id).where(
        Membership.user_id == user.id,
        Membership.role.in_(HANDLERS | {Role.site_admin}),
        Membership.unit_id.is_not(None),
    )
    tree = select(Unit.id).where(Unit.id.in_(roots)).cte("worked_units", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


@dataclass(frozen=True)
class QueueFilter:
    kind: str = ""
    field: str = ""
    status: str = "open"
    due: str = ""
    mine: bool = False
    unit_code: str = ""


def queue(actor: User, filters: QueueFilter, now: datetime, calendar: WorkingCalendar | None = None) -> Select:
    """The official's work: the cases of their units, the most urgent first."""
    statement = select(Case).where(Case.unit_id.in_(officials_units(actor)))
    if filters.kind:
        statement = statement.where(Case.kind == _choice(CaseKind, filters.kind, _("Choose a kind from the list.")))
    if filters.field:
        statement = statement.where(Case.field == _choice(CaseField, filters.field, _("Choose a field from the list.")))
    if filters.status == "open":
        # An answered denunciation stays in the queue while its conclusion waits to be published (it has a due_on).
        statement = statement.where(
            or_(Case.status.in_([status for status in CaseStatus if status.is_open]), Case.due_on.is_not(None))
        )
    elif filters.status:
        statement = statement.where(Case.status == _choice(CaseStatus, filters.status, _("Choose a status.")))
    if filters.mine:
        statement = statement.where(Case.assignee_id == actor.id)
    if filters.unit_code:
        statement = statement.where(Case.unit.has(Unit.code == filters.unit_code))
    today = local_date(now)
    if filters.due == "overdue":
        statement = statement.where(Case.due_on < today, Case.status != CaseStatus.awaiting_info)
    elif filters.due == "soon":
        calendar = calendar or load_calendar()
        statement = statement.where(Case.due_on >= today, Case.due_on <= calendar.add_working_days(today, 2))
    return statement.order_by(Case.due_on.is_(None), Case.due_on, Case.id)


def queue_units(actor: User) -> list[Unit]:
    """The units of the official's queue that hold cases: a province official's filter lists these, not every
    village below them."""
    holding = select(Case.unit_id).where(Case.unit_id.in_(officials_units(actor))).distinct()
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(holding)).order_by(Unit.name, Unit.id)))


# --- permissions -----------------------------------------------------------------------------------------------


def may_handle(actor: User, case: Case) -> bool:
    return has_role(actor, case.unit, HANDLERS)


def is_head(actor: User, case: Case) -> bool:
    return has_role(actor, case.unit, {Role.unit_head})


def _require_handler(actor: User, case: Case) -> None:
    if not may_handle(actor, case):
        raise NotAllowed(_("Only the handlers and the head of the responsible unit may act on this case."))


def may_see_identity(actor: User, case: Case) -> bool:
    """A denouncer's identity is for the assigned handler and the head of the responsible unit alone (Law 25/2018
    Art. 9, 56). A site administrator's power over the site does not reach it: only a handler or head role held in
    the unit (or above it) counts, and a handler must be the one assigned."""
    if case.kind != CaseKind.denunciation:
        return may_handle(actor, case)
    held = roles_in(actor, case.unit)
    if Role.unit_head in held:
        return True
    return Role.handler in held and case.assignee_id is not None and case.assignee_id == getattr(actor, "id", None)


def contact_of(case: Case, actor: User, *, now: datetime | None = None, ip_address: str | None = None) -> Contact:
    """The citizen's contact details for an official allowed to see them. Every attempt on a denouncer's identity is
    logged, granted or refused; the caller commits a refusal too, before answering with it."""
    now = now or utcnow()
    if not may_see_identity(actor, case):
        if case.kind != CaseKind.denunciation:
            raise NotAllowed(_("Only the handlers and the head of the responsible unit may see and act on this case."))
        audit.record(
            "cases.identity_refused",
            actor=actor,
            subject_type="case",
            subject_id=case.code,
            unit_id=case.unit_id,
            ip_address=ip_address,
            now=now,
        )
        raise NotAllowed(_("Only the assigned handler and the unit head may see who made this denunciation."))
    if case.kind == CaseKind.denunciation:
        _event(case, "identity_viewed", actor=actor, now=now, is_public=False)
        audit.record(
            "cases.identity_viewed",
            actor=actor,
            subject_type="case",
            subject_id=case.code,
            unit_id=case.unit_id,
            ip_address=ip_address,
            now=now,
        )
    return _contact(case)


def _contact(case: Case) -> Contact:
    stored = crypto.unseal(case.contact_sealed)
    return Contact(**{key: stored.get(key, "") for key in Contact.__dataclass_fields__})


# --- history and notices ---------------------------------------------------------------------------------------


def _event(case: Case, action: str, *, actor: User | None = None, now: datetime, note: str = "",
           is_public: bool = True, details: dict | None = None) -> CaseEvent:
    event = CaseEvent(case=case, action=action, actor=actor, occurred_at=now, note=note, is_public=is_public,
                      details=details or {})
    db.session.add(event)
    return event


def _move(case: Case, action: str, actor: User | None, now: datetime, *, recount: bool = False,
          **event_fields) -> None:
    """The one place a case changes status: refuses a move the law does not allow, records it, tells the citizen.

    With `recount`, the step starts a clock: the deadlines are counted again with it (reckon_deadlines) before
    anyone is told, and the event keeps the new one."""
    allowed_from, target = MOVES[action]
    if case.status not in allowed_from:
        raise InvalidTransition(
            _("This case is %(status)s; that step is not possible now.", status=case.status.title)
        )
    case.status = target
    case.updated_at = now
    event = _event(case, action, actor=actor, now=now, **event_fields)
    if recount:
        _recount_with(case, event)
    if actor is not None:
        audit.record(f"cases.{action}", actor=actor, subject_type="case", subject_id=case.code,
                     unit_id=case.unit_id, details={"status": target.value}, now=now)
    _notify_citizen(case, "case_updated", now, action=action)


def _recount_with(case: Case, event: CaseEvent) -> None:
    """Count again with the event just recorded, which keeps the deadline it set and the rule it was counted by."""
    with db.session.no_autoflush:  # the event is written once, with what it set
        reckonings = _recount(case)
        current = reckonings.resolve or reckonings.acknowledge
        event.details = {"legal_basis": current.rule.legal_basis, **event.details, "due_on": case.due_on.isoformat()}


def _notify_citizen(case: Case, template: str, now: datetime, *, contact: Contact | None = None,
                    token: str | None = None, **context) -> None:
    """Mail the citizen if they left an email: the private link only in the receipt (it is never stored), the
    tracking page afterwards."""
    contact = contact or _contact(case)
    if not contact.email:
        return
    link = external_url("cases.private", token=token) if token else external_url("cases.track", code=case.code)
    queue_email(contact.email, template, {"case": case, "link": link, **context}, language=case.language, now=now)


def _notify_official(case: Case, official: User, template: str, now: datetime) -> None:
    link = external_url("casework.show", code=case.code)
    queue_email(official.email, template, {"case": case, "official": official, "link": link}, now=now)


# --- the steps -------------------------------------------------------------------------------------------------


def accept_case(case: Case, actor: User, *, late_reason: str = "", now: datetime | None = None) -> Case:
    """Acceptance (thụ lý) starts the period to answer. A complaint received after its time limit is accepted only
    with the obstacle that kept the citizen from complaining in time written down (Law 02/2011 Art. 9: illness,
    natural disaster, work or study far away, another objective obstacle); otherwise it is refused as out of time."""
    now = now or utcnow()
    _require_handler(actor, case)
    late_reason = (late_reason or "").strip()
    if case.is_late_complaint and not late_reason:
        raise InvalidInput(
            _("This complaint came after the time limit for complaining ended on %(date)s. Write what kept the "
              "citizen from complaining in time to accept it anyway, or refuse it as out of time.",
              date=show_date(case.complain_until))
        )
    if len(late_reason) > MAX_NOTE:
        raise InvalidInput(_("Write the reason in at most %(count)d characters.", count=MAX_NOTE))
    case.accepted_at = now
    late = {"late_accepted": True} if case.is_late_complaint else {}
    _move(case, "accepted", actor, now, recount=True, note=late_reason if late else "", details=late)
    return case


def refuse_case(case: Case, actor: User, reason: str, note: str, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    _require_handler(actor, case)
    reason = _choice(RefusalReason, reason, _("Choose the legal reason for refusing from the list."))
    note = checked_text(note, limit=MAX_NOTE, empty=_("Explain to the citizen why the case is refused."),
                 long=_("Write the explanation in at most %(count)d characters.", count=MAX_NOTE))
    case.refusal_reason = reason.value
    case.due_on = None
    case.closed_at = now
    _move(case, "refused", actor, now, note=note, details={"reason": reason.value})
    return case


def request_information(case: Case, actor: User, question: str, *, now: datetime | None = None) -> Case:
    """Ask the citizen for what is missing; the clock stops until they answer."""
    now = now or utcnow()
    _require_handler(actor, case)
    question = checked_text(question, limit=MAX_NOTE, empty=_("Write what the citizen should add."),
                     long=_("Write the question in at most %(count)d characters.", count=MAX_NOTE))
    previous = case.status
    case.awaiting_since = now
    _move(case, "info_requested", actor, now, note=question, details={"previous": previous.value})
    return case


def supply_information(case: Case, text: str, *, now: datetime | None = None) -> Case:
    """The citizen's answer restarts the clock: an unaccepted case is counted afresh from the day the submission is
    complete; an accepted one gets back the days it waited, counted as its period counts."""
    now = now or utcnow()
    if case.status != CaseStatus.awaiting_info:
        raise InvalidTransition(_("Nothing was asked of you on this case; there is nothing to add now."))
    text = checked_text(text, limit=MAX_DESCRIPTION, empty=_("Write the information you were asked for."),
                 long=_("Write at most %(count)d characters; attach longer documents as files.", count=MAX_DESCRIPTION))
    request_event = next(event for event in reversed(case.events) if event.action == "info_requested")
    case.status = CaseStatus(request_event.details["previous"])
    case.awaiting_since = None
    case.updated_at = now
    _recount_with(case, _event(case, "info_supplied", now=now, note=text))
    if case.assignee is not None:
        _notify_official(case, case.assignee, "case_info_supplied", now)
    return case


def transfer_case(case: Case, actor: User, to_unit_code: str, reason: str, *, now: datetime | None = None) -> Case:
    """Chuyển đơn: the case goes to the competent unit, which gets its own period to accept from today."""
    now = now or utcnow()
    _require_handler(actor, case)
    target = db.session.scalar(select(Unit).where(Unit.code == (to_unit_code or "").strip()))
    if target is None or target.is_historical:
        raise InvalidInput(_("Choose the unit to transfer the case to from the list."))
    if target.id == case.unit_id:
        raise InvalidInput(_("The case is already with this unit; choose another one."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Explain why the case goes to that unit."),
                   long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE))
    source = case.unit
    details = {"from": source.name, "to": target.name, "from_code": source.code, "to_code": target.code}
    forward_due_on = forward_deadline(case)
    if forward_due_on is not None:
        in_time = local_date(now) <= forward_due_on
        details |= {"forward_due_on": forward_due_on.isoformat(), "forwarded_in_time": in_time}
    case.unit = target
    case.accepted_at = None
    case.extension_count = 0
    case.assignee = least_loaded_handler(target)
    _move(case, "transferred", actor, now, recount=True, note=reason, details=details)
    if case.assignee is not None:
        _notify_official(case, case.assignee, "case_assigned", now)
    return case


def forward_deadline(case: Case) -> date | None:
    """The last day to forward a case the unit is not competent for and tell the citizen (Law 25/2018 Art. 24(2)
    for denunciations; Decree 20/2008 by analogy for feedback), counted from when the unit's clock started; None
    for kinds the law gives no such period."""
    started = reckon_deadlines(case).acknowledge
    try:
        rule = period_in_force(case.kind, Step.forward, case.unit, started.event_on)
    except InvalidInput:
        return None
    return load_calendar().count(started.event_on, _period(rule)).end


def verify_at_several_places(case: Case, actor: User, reason: str, *, now: datetime | None = None) -> Case:
    """A denunciation that must be checked at several places has 10 working days instead of 7 to be accepted or
    refused (Law 25/2018 Art. 24(1)); the longer period is counted from the same receipt."""
    now = now or utcnow()
    _require_handler(actor, case)
    if case.kind != CaseKind.denunciation or case.status != CaseStatus.received:
        raise InvalidTransition(_("Only a denunciation not yet accepted or refused can need verification at "
                                  "several places."))
    if any(event.action == "several_places" for event in case.events):
        raise InvalidTransition(_("This denunciation already has the longer period for verification at several "
                                  "places."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Write where the denunciation must be verified."),
                          long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE))
    case.updated_at = now
    _recount_with(case, _event(case, "several_places", actor=actor, now=now, note=reason))
    audit.record("cases.several_places", actor=actor, subject_type="case", subject_id=case.code,
                 unit_id=case.unit_id, details={"due_on": case.due_on.isoformat()}, now=now)
    _notify_citizen(case, "case_updated", now, action="several_places")
    return case


def extend_case(case: Case, actor: User, reason: str, *, now: datetime | None = None) -> Case:
    """Gia hạn: only for an accepted case, before its deadline has passed, and no more often than the law allows."""
    now = now or utcnow()
    _require_handler(actor, case)
    if case.status != CaseStatus.accepted:
        raise InvalidTransition(_("Only a case that has been accepted and is not yet answered can be extended."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Explain why more time is needed."),
                   long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE))
    extension = period_in_force(case.kind, extend_step(case), case.unit, local_date(case.accepted_at),
                                channel_condition(case))
    if case.extension_count >= extension.max_times:
        raise InvalidTransition(
            _("The law allows this kind of case to be extended %(count)d times, and it has been (%(basis)s).",
              count=extension.max_times, basis=extension.legal_basis)
        )
    if local_date(now) > case.resolve_due_on:
        raise InvalidTransition(_("The deadline has passed; an extension must be decided before the deadline ends."))
    case.extension_count += 1
    case.updated_at = now
    _recount_with(case, _event(case, "extended", actor=actor, now=now, note=reason,
                               details={"legal_basis": extension.legal_basis}))
    audit.record("cases.extended", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 details={"due_on": case.due_on.isoformat()}, now=now)
    _notify_citizen(case, "case_updated", now, action="extended")
    return case


def answer_case(case: Case, actor: User, text: str, *, now: datetime | None = None) -> Case:
    """The answer goes to the citizen at once, except a complaint's decision or a denunciation's conclusion
    written by a handler, which waits for the unit head's approval."""
    now = now or utcnow()
    _require_handler(actor, case)
    text = checked_text(text, limit=MAX_ANSWER, empty=_("Write the answer to the citizen."),
                 long=_("Write an answer of at most %(count)d characters.", count=MAX_ANSWER))
    case.answer_text = text
    case.answer_by_id = actor.id
    if case.kind.needs_head_approval and not is_head(actor, case):
        _move(case, "answer_submitted", actor, now, is_public=False)
        return case
    _publish_answer(case, actor, now)
    return case


def approve_answer(case: Case, actor: User, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    if not is_head(actor, case):
        raise NotAllowed(_("Only the unit head may approve this answer."))
    if case.status != CaseStatus.answer_pending:
        raise InvalidTransition(_("There is no answer waiting for approval on this case."))
    _publish_answer(case, actor, now)
    return case


def return_answer(case: Case, actor: User, note: str, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    if not is_head(actor, case):
        raise NotAllowed(_("Only the unit head may send an answer back."))
    note = checked_text(note, limit=MAX_NOTE, empty=_("Write what should change in the answer."),
                 long=_("Write at most %(count)d characters.", count=MAX_NOTE))
    _move(case, "answer_returned", actor, now, note=note, is_public=False)
    return case


def _publish_answer(case: Case, actor: User, now: datetime) -> None:
    """A denunciation's conclusion must then be published within its period (Law 25/2018 Art. 40): that becomes
    the case's deadline until it is."""
    case.answered_at = now
    case.is_on_time = case.due_on is None or local_date(now) <= case.due_on
    case.due_on = None
    case.closed_at = now
    if case.kind == CaseKind.denunciation:
        publish = period_in_force(case.kind, Step.publish, case.unit, local_date(now))
        case.conclusion_due_on = load_calendar().deadline(local_date(now), _period(publish))
        case.due_on = case.conclusion_due_on
    _move(case, "answered", actor, now, note=case.answer_text or "")


def rate_case(case: Case, rating: int, comment: str = "", *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    if case.status != CaseStatus.answered:
        raise InvalidTransition(_("You can rate the answer once the case has been answered."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("Choose a rating from 1 (very unsatisfied) to 5 (very satisfied)."))
    comment = (comment or "").strip()
    if len(comment) > MAX_NOTE:
        raise InvalidInput(_("Write a comment of at most %(count)d characters.", count=MAX_NOTE))
    case.rating, case.rating_comment, case.rated_at = rating, comment, now
    _event(case, "rated", now=now, note=comment, details={"rating": rating})
    return case


def reopen_until(case: Case) -> date | None:
    """The last day the citizen may reopen the answered case, or None when they may not. A complaint is never
    reopened: a citizen who disagrees with the decision brings a second complaint to the level above
    (appeal_until), which has its own clock."""
    if case.status != CaseStatus.answered or case.answered_at is None or case.kind == CaseKind.complaint:
        return None
    window = period_in_force(case.kind, Step.reopen, case.unit, local_date(case.answered_at))
    if case.reopen_count >= window.max_times:
        return None
    return load_calendar().deadline(local_date(case.answered_at), _period(window))


def reopen_case(case: Case, reason: str, *, now: datetime | None = None) -> Case:
    """An unsatisfied citizen sends the case back, within the window; it is handled again with a fresh period."""
    now = now or utcnow()
    if case.kind == CaseKind.complaint:
        raise InvalidTransition(
            _("A complaint is not reopened. If you disagree with the decision, bring a second complaint to the "
              "level above from your private page.")
        )
    last_day = reopen_until(case)
    if last_day is None or local_date(now) > last_day:
        raise InvalidTransition(_("This case can no longer be reopened. You may submit a new request."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Say why the answer does not resolve the matter."),
                   long=_("Write at most %(count)d characters.", count=MAX_NOTE))
    case.reopen_count += 1
    case.accepted_at = now
    case.answered_at = None
    case.closed_at = None
    case.is_on_time = None
    case.extension_count = 0
    _move(case, "reopened", None, now, recount=True, note=reason)
    if case.assignee is not None:
        _notify_official(case, case.assignee, "case_reopened", now)
    return case


def add_note(case: Case, actor: User, text: str, *, now: datetime | None = None) -> CaseEvent:
    """An internal note: the officials' working record, never shown to the citizen."""
    now = now or utcnow()
    _require_handler(actor, case)
    text = checked_text(text, limit=MAX_NOTE, empty=_("Write the note."),
                 long=_("Write a note of at most %(count)d characters.", count=MAX_NOTE))
    return _event(case, "note", actor=actor, now=now, note=text, is_public=False)


def assign_case(case: Case, actor: User, assignee_id: int, *, now: datetime | None = None) -> Case:
    """The unit head gives the case to one of the unit's handlers."""
    now = now or utcnow()
    if not is_head(actor, case):
        raise NotAllowed(_("Only the unit head may reassign cases."))
    assignee = next((user for user in handlers_of(case.unit) if user.id == assignee_id), None)
    if assignee is None:
        raise InvalidInput(_("Choose a handler of this unit."))
    case.assignee = assignee
    case.updated_at = now
    _event(case, "assigned", actor=actor, now=now, is_public=False, details={"assignee": assignee.full_name})
    audit.record("cases.assigned", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 details={"assignee": assignee.email}, now=now)
    _notify_official(case, assignee, "case_assigned", now)
    return case


def _names(case: Case) -> list[str]:
    """The citizen's name, for masking: the contact is unsealed once for every text it is masked in."""
    name = _contact(case).name
    return [name] if name else []


def suggested_public_text(case: Case) -> tuple[str, str]:
    """The title and description with personal data masked, for the official to review before publishing."""
    names = _names(case)
    return redact(case.title, names), redact(case.description, names)


def publish_case(case: Case, actor: User, title: str, description: str, *, now: datetime | None = None) -> Case:
    """Show a case publicly, as the citizen allowed, in the words the official reviewed; masked again on the way."""
    now = now or utcnow()
    _require_handler(actor, case)
    if not case.is_public_consent or case.kind == CaseKind.denunciation:
        raise NotAllowed(_("The citizen did not allow this case to be shown publicly."))
    names = _names(case)
    case.public_title = redact(checked_text(title, limit=MAX_TITLE, empty=_("Enter the public title."),
                                     long=_("Enter a title of at most %(count)d characters.", count=MAX_TITLE)), names)
    case.public_description = redact(
        checked_text(description, limit=MAX_DESCRIPTION, empty=_("Enter the public description."),
              long=_("Enter at most %(count)d characters.", count=MAX_DESCRIPTION)), names)
    case.search_text = searchable(f"{case.public_title} {case.public_description}")
    case.published_at = case.published_at or now
    case.updated_at = now
    _event(case, "published", actor=actor, now=now, is_public=False)
    audit.record("cases.published", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 now=now)
    return case


def public_answer(case: Case) -> str:
    """The answer as the public reads it: personal data masked."""
    return public_masker(case)(case.answer_text)


def public_masker(case: Case) -> Callable[[str | None], str]:
    """Masks personal data in officials' words on the case (a question, a reason) as the public reads them."""
    names = _names(case)
    return lambda text: redact(text or "", names)


# Steps whose note is the citizen's own unreviewed words (which may name neighbours): public history omits them.
CITIZEN_NOTES = {"info_supplied", "rated", "reopened"}


@dataclass(frozen=True)
class PublicEvent:
    action: str
    occurred_at: datetime
    note: str


def public_history(case: Case) -> list[PublicEvent]:
    """The history the public may read: public steps only, officials' notes masked, never who acted or the details
    (which name officials and units' staff)."""
    mask = public_masker(case)
    return [
        PublicEvent(event.action, event.occurred_at, "" if event.action in CITIZEN_NOTES else mask(event.note))
        for event in case.events
        if event.is_public
    ]




# --- the steps the law adds: channels, the time limit to complain, the second complaint, the conclusion ---------


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
    return load_calendar().deadline(known_on, _period(limit))


def record_request(data: Submission, actor: User, *, now: datetime | None = None) -> Submitted:
    """An official records an information request made in person or by post, so that its channel's period applies;
    only an official of the unit the request is routed to may record it."""
    now = now or utcnow()
    if data.channel not in OFFICIAL_CHANNELS or data.kind != CaseKind.information_request:
        raise InvalidInput(_("Choose how the request was received from the list."))
    submitted = submit_case(data, now=now)
    if not may_handle(actor, submitted.case):
        raise NotAllowed(
            _("This request goes to %(unit)s; only its officials may record it.", unit=submitted.case.unit.name)
        )
    _event(submitted.case, "recorded", actor=actor, now=now, is_public=False, details={"channel": data.channel})
    audit.record("cases.recorded", actor=actor, subject_type="case", subject_id=submitted.case.code,
                 unit_id=submitted.case.unit_id, details={"channel": data.channel}, now=now)
    return submitted


def second_complaint_of(case: Case) -> Case | None:
    return db.session.scalar(select(Case).where(Case.appeal_of_id == case.id))


def appeal_until(case: Case, now: datetime) -> date | None:
    """The last day to bring a second complaint against this first-instance complaint, or None when none may be
    brought (yet): 30 days (a remote unit's own row: 45) from the day the citizen received the decision, which the
    portal delivers when it is answered, or from the last day of the first instance when no decision came in time
    (Law 02/2011 Art. 33)."""
    if case.kind != CaseKind.complaint or case.is_second_complaint:
        return None
    if case.status == CaseStatus.answered and case.answered_at is not None:
        start = local_date(case.answered_at)
    elif case.status == CaseStatus.accepted and case.resolve_due_on and local_date(now) > case.resolve_due_on:
        start = case.resolve_due_on
    else:
        return None
    if second_complaint_of(case) is not None:
        return None
    window = period_in_force(CaseKind.complaint, Step.appeal, case.unit, start)
    return load_calendar().deadline(start, _period(window))


def level_above(unit: Unit) -> Unit | None:
    """Who resolves a second complaint: the nearest unit above that still exists (the work of the districts went to
    the province on 1 July 2025). The unit tree is data, so a province changes this by where it places its units."""
    return next((ancestor for ancestor in unit.ancestors() if not ancestor.is_historical), None)


def submit_second_complaint(first: Case, reason: str, *, is_public_consent: bool = False,
                            now: datetime | None = None) -> Submitted:
    """The citizen contests the first decision (or its absence) before the level above: a new case, linked to the
    first, with its own clock, received by the unit above; the first case's history records it."""
    now = now or utcnow()
    last_day = appeal_until(first, now)
    if last_day is None or local_date(now) > last_day:
        raise InvalidTransition(_("A second complaint can no longer be brought against this case."))
    reason = checked_text(reason, limit=MAX_DESCRIPTION, minimum=MIN_DESCRIPTION,
                          empty=_("Say why you disagree with the first decision, in at least %(count)d characters.",
                                  count=MIN_DESCRIPTION),
                          long=_("Write at most %(count)d characters; attach longer documents as files.",
                                 count=MAX_DESCRIPTION))
    unit = level_above(first.unit)
    if unit is None:
        raise InvalidTransition(_("No unit above %(unit)s resolves second complaints. Ask the site administrator.",
                                  unit=first.unit.name))
    acknowledge = period_in_force(CaseKind.complaint, Step.acknowledge, unit, local_date(now))
    due_on = load_calendar().deadline(local_date(now), _period(acknowledge))
    received_decision_on = local_date(first.answered_at) if first.answered_at else first.resolve_due_on
    assignee = least_loaded_handler(unit)
    token = secrets.token_urlsafe(32)
    contact = _contact(first)

    def receive(code: str) -> Case:
        case = Case(
            code=code, token_hash=token_hash(token), kind=CaseKind.complaint, field=first.field,
            status=CaseStatus.received, channel="web", language=first.language, unit=unit, place=first.place,
            assignee=assignee, appeal_of=first, title=first.title, description=reason, location=first.location,
            decision_known_on=received_decision_on, complain_until=last_day,
            contact_sealed=first.contact_sealed, contact_email_digest=first.contact_email_digest,
            is_anonymous=first.is_anonymous, is_public_consent=bool(is_public_consent), received_at=now,
            acknowledge_due_on=due_on, due_on=due_on, updated_at=now,
        )
        db.session.add(case)
        _event(case, "received", now=now, details={"unit": unit.name, "due_on": due_on.isoformat(),
                                                   "appeal_of": first.code})
        _event(first, "appealed", now=now, details={"unit": unit.name, "code": code})
        if assignee is not None:
            _event(case, "assigned", now=now, is_public=False, details={"assignee": assignee.full_name})
            _notify_official(case, assignee, "case_assigned", now)
        _notify_citizen(case, "case_received", now, contact=contact, token=token)
        return case

    first.updated_at = now
    return Submitted(_insert_with_free_code(CaseKind.complaint, receive), token)


def _without_identity(case: Case, text: str) -> str:
    """The conclusion as the public reads it: no trace of the denouncer (Law 25/2018 Art. 40): their name however
    written, and each of their contact details where it appears, besides anything with the shape of personal data."""
    contact = _contact(case)
    masked = redact(text, [contact.name] if contact.name else [])
    for detail in (contact.address, contact.phone, contact.email, contact.id_number):
        if len(detail) >= 4:
            masked = re.sub(re.escape(detail), MASK, masked, flags=re.IGNORECASE)
    return masked


def suggested_conclusion(case: Case) -> str:
    """The conclusion with the denouncer masked, for the handler to finish before the head approves it."""
    return _without_identity(case, case.answer_text or "")


def write_conclusion(case: Case, actor: User, text: str, *, now: datetime | None = None) -> Case:
    """The handler writes the public conclusion, masked again on the way; the head's own is published at once, a
    handler's waits for the head."""
    now = now or utcnow()
    _require_handler(actor, case)
    if case.kind != CaseKind.denunciation or case.status != CaseStatus.answered or case.conclusion_published_at:
        raise InvalidTransition(_("Only a concluded denunciation whose conclusion is not yet public can be published."))
    case.conclusion_text = _without_identity(
        case, checked_text(text, limit=MAX_ANSWER, empty=_("Write the conclusion as the public will read it."),
                           long=_("Write at most %(count)d characters.", count=MAX_ANSWER)))
    case.updated_at = now
    if is_head(actor, case):
        _publish_conclusion(case, actor, now)
    else:
        _event(case, "conclusion_submitted", actor=actor, now=now, is_public=False)
    return case


def approve_conclusion(case: Case, actor: User, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    if not is_head(actor, case):
        raise NotAllowed(_("Only the unit head may approve the public conclusion."))
    if not case.conclusion_text or case.conclusion_published_at is not None:
        raise InvalidTransition(_("There is no public conclusion waiting for approval on this case."))
    _publish_conclusion(case, actor, now)
    return case


def _publish_conclusion(case: Case, actor: User, now: datetime) -> None:
    case.conclusion_published_at = now
    case.due_on = None
    case.updated_at = now
    on_time = local_date(now) <= case.conclusion_due_on if case.conclusion_due_on else True
    _event(case, "conclusion_published", actor=actor, now=now, details={"on_time": on_time})
    audit.record("cases.conclusion_published", actor=actor, subject_type="case", subject_id=case.code,
                 unit_id=case.unit_id, details={"on_time": on_time}, now=now)


def list_conclusions(*, unit: Unit | None = None, after_id: int | None = None,
                     limit: int) -> tuple[list[Case], int | None]:
    """Published conclusions on denunciations, newest first, keyset-paged by id."""
    statement = (
        select(Case)
        .where(Case.kind == CaseKind.denunciation, Case.conclusion_published_at.is_not(None))
        .options(joinedload(Case.unit))
    )
    if unit is not None:
        statement = statement.where(or_(Case.unit_id == unit.id, Case.place_id == unit.id))
    return newest_first_page(statement, Case.id, after_id, limit)


def public_conclusion(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None or case.kind != CaseKind.denunciation or case.conclusion_published_at is None:
        raise NotFound(_("No published conclusion has this number."))
    return case
