"""The rules behind /casework that are not a step of the case: the officials' queue, who may act on a case and see
its citizen, internal notes, assignment, publication, requests recorded at the office, and the public conclusion of
a denunciation. The steps themselves (accept, refuse, answer...) are portal.casework.actions."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select

from portal.accounts.access import has_role, roles_in
from portal.accounts.models import Membership, Role, User
from portal.cases.lifecycle import (
    MAX_ANSWER,
    MAX_DESCRIPTION,
    MAX_NOTE,
    MAX_TITLE,
    MOVES,
    Contact,
    citizen_names,
    contact_details,
    notify_official,
    of_kind_and_field,
    record_event,
)
from portal.cases.models import Case, CaseEvent, CaseKind, CaseStatus
from portal.cases.services import case_by_code
from portal.cases.submission import OFFICIAL_CHANNELS, Submission, Submitted, submit_case
from portal.core import audit
from portal.core.calendar import (
    WorkingCalendar,
    load_calendar,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.core.i18n import _, _l
from portal.core.redact import MASK, redact
from portal.core.text import checked_text, searchable
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.routing.services import handlers_of
from portal.units.models import Unit

HANDLERS = {Role.handler, Role.unit_head}


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
    statement = of_kind_and_field(statement, filters.kind, filters.field)
    if filters.status == "open":
        # An answered denunciation stays in the queue while its conclusion waits to be published (it has a due_on).
        statement = statement.where(
            or_(Case.status.in_([status for status in CaseStatus if status.is_open]), Case.due_on.is_not(None))
        )
    elif filters.status:
        statement = statement.where(Case.status == enum_choice(CaseStatus, filters.status, _("Choose a status.")))
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



def may_handle(actor: User, case: Case) -> bool:
    return has_role(actor, case.unit, HANDLERS)


def is_head(actor: User, case: Case) -> bool:
    return has_role(actor, case.unit, {Role.unit_head})


def check_may_see_case(actor: User, case: Case) -> None:
    """The case page, its files and its citizen are for the handlers and heads of the responsible unit."""
    if not may_handle(actor, case):
        raise NotAllowed(_("Only the handlers and the head of the responsible unit may see and act on this case."))


def case_for_official(actor: User, code: str) -> Case:
    """The case behind /casework/<code>, for an official who may see it."""
    case = case_by_code(code)
    check_may_see_case(actor, case)
    return case


def check_may_handle(actor: User, case: Case) -> None:
    if not may_handle(actor, case):
        raise NotAllowed(_("Only the handlers and the head of the responsible unit may act on this case."))


# What only the unit head decides, and how refusing each is said.
HEAD_DECISIONS = {
    "approve": _l("Only the unit head may approve this answer."),
    "return": _l("Only the unit head may send an answer back."),
    "assign": _l("Only the unit head may reassign cases."),
    "approve_conclusion": _l("Only the unit head may approve the public conclusion."),
}


def check_may_approve(actor: User, case: Case, decision: str) -> None:
    """The head signs a complaint's decision and a denunciation's conclusion, returns answers and reassigns."""
    if not is_head(actor, case):
        raise NotAllowed(str(HEAD_DECISIONS[decision]))


def available_steps(actor: User, case: Case) -> set[str]:
    """The steps the case's status and the official's role allow, so the page offers no step that would fail."""
    head = is_head(actor, case)
    status = case.status
    allowed = {"note"}
    for name, action in (("accept", "accepted"), ("refuse", "refused"), ("request_info", "info_requested"),
                         ("transfer", "transferred")):
        if status in MOVES[action][0]:
            allowed.add(name)
    if status == CaseStatus.accepted:
        allowed |= {"extend", "answer"}
    if (case.kind == CaseKind.denunciation and status == CaseStatus.received
            and not any(event.action == "several_places" for event in case.events)):
        allowed.add("several_places")
    if head and status in MOVES["answer_returned"][0]:
        allowed |= {"approve", "return"}
    if head and status.is_open:
        allowed.add("assign")
    if case.is_public_consent and case.kind != CaseKind.denunciation:
        allowed.add("publish")
    if case.kind == CaseKind.denunciation and status == CaseStatus.answered and case.conclusion_published_at is None:
        allowed.add("conclusion")
        if head and case.conclusion_text:
            allowed.add("approve_conclusion")
    return allowed


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

    def log(action: str) -> None:
        audit.record(f"cases.{action}", actor=actor, subject_type="case", subject_id=case.code,
                     unit_id=case.unit_id, ip_address=ip_address, now=now)

    if not may_see_identity(actor, case):
        if case.kind != CaseKind.denunciation:
            check_may_see_case(actor, case)
        log("identity_refused")
        raise NotAllowed(_("Only the assigned handler and the unit head may see who made this denunciation."))
    if case.kind == CaseKind.denunciation:
        record_event(case, "identity_viewed", actor=actor, now=now, is_public=False)
        log("identity_viewed")
    return contact_details(case)



def add_note(case: Case, actor: User, text: str, *, now: datetime | None = None) -> CaseEvent:
    """An internal note: the officials' working record, never shown to the citizen."""
    now = now or utcnow()
    check_may_handle(actor, case)
    text = checked_text(text, limit=MAX_NOTE, empty=_("Write the note."),
                 long=_("Write a note of at most %(count)d characters.", count=MAX_NOTE), field="text")
    return record_event(case, "note", actor=actor, now=now, note=text, is_public=False)


def assign_case(case: Case, actor: User, assignee_id: int, *, now: datetime | None = None) -> Case:
    """The unit head gives the case to one of the unit's handlers."""
    now = now or utcnow()
    check_may_approve(actor, case, "assign")
    assignee = next((user for user in handlers_of(case.unit) if user.id == assignee_id), None)
    if assignee is None:
        raise InvalidInput(_("Choose a handler of this unit."), field="assignee")
    case.assignee = assignee
    case.updated_at = now
    record_event(case, "assigned", actor=actor, now=now, is_public=False, details={"assignee": assignee.full_name})
    audit.record("cases.assigned", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 details={"assignee": assignee.email}, now=now)
    notify_official(case, assignee, "case_assigned", now)
    return case



def suggested_public_text(case: Case) -> tuple[str, str]:
    """The title and description with personal data masked, for the official to review before publishing."""
    names = citizen_names(case)
    return redact(case.title, names), redact(case.description, names)


def publish_case(case: Case, actor: User, title: str, description: str, *, now: datetime | None = None) -> Case:
    """Show a case publicly, as the citizen allowed, in the words the official reviewed; masked again on the way."""
    now = now or utcnow()
    check_may_handle(actor, case)
    if not case.is_public_consent or case.kind == CaseKind.denunciation:
        raise NotAllowed(_("The citizen did not allow this case to be shown publicly."))
    names = citizen_names(case)
    title = checked_text(title, limit=MAX_TITLE, empty=_("Enter the public title."),
                         long=_("Enter a title of at most %(count)d characters.", count=MAX_TITLE), field="title")
    description = checked_text(description, limit=MAX_DESCRIPTION, empty=_("Enter the public description."),
                               long=_("Enter at most %(count)d characters.", count=MAX_DESCRIPTION),
                               field="description")
    case.public_title, case.public_description = redact(title, names), redact(description, names)
    case.search_text = searchable(f"{case.public_title} {case.public_description}")
    case.published_at = case.published_at or now
    case.updated_at = now
    record_event(case, "published", actor=actor, now=now, is_public=False)
    audit.record("cases.published", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 now=now)
    return case



def record_request(data: Submission, actor: User, *, now: datetime | None = None) -> Submitted:
    """An official records a request of any kind made at the reception desk or by post, so that it gets the same
    deadlines and tracking code as one sent online (and an information request its channel's own period); only an
    official of the unit the request is routed to may record it."""
    now = now or utcnow()
    if data.channel not in OFFICIAL_CHANNELS:
        raise InvalidInput(_("Choose how the request was received from the list."), field="channel")
    submitted = submit_case(data, now=now)
    if not may_handle(actor, submitted.case):
        raise NotAllowed(
            _("This request goes to %(unit)s; only its officials may record it.", unit=submitted.case.unit.name)
        )
    record_event(submitted.case, "recorded", actor=actor, now=now, is_public=False, details={"channel": data.channel})
    audit.record("cases.recorded", actor=actor, subject_type="case", subject_id=submitted.case.code,
                 unit_id=submitted.case.unit_id, details={"channel": data.channel}, now=now)
    return submitted



def _without_identity(case: Case, text: str) -> str:
    """The conclusion as the public reads it: no trace of the denouncer (Law 25/2018 Art. 40): their name however
    written, and each of their contact details where it appears, besides anything with the shape of personal data."""
    contact = contact_details(case)
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
    check_may_handle(actor, case)
    if case.kind != CaseKind.denunciation or case.status != CaseStatus.answered or case.conclusion_published_at:
        raise InvalidTransition(_("Only a concluded denunciation whose conclusion is not yet public can be published."))
    case.conclusion_text = _without_identity(
        case, checked_text(text, limit=MAX_ANSWER, empty=_("Write the conclusion as the public will read it."),
                           long=_("Write at most %(count)d characters.", count=MAX_ANSWER), field="text"))
    case.updated_at = now
    if is_head(actor, case):
        _publish_conclusion(case, actor, now)
    else:
        record_event(case, "conclusion_submitted", actor=actor, now=now, is_public=False)
    return case


def approve_conclusion(case: Case, actor: User, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    check_may_approve(actor, case, "approve_conclusion")
    if not case.conclusion_text or case.conclusion_published_at is not None:
        raise InvalidTransition(_("There is no public conclusion waiting for approval on this case."))
    _publish_conclusion(case, actor, now)
    return case


def _publish_conclusion(case: Case, actor: User, now: datetime) -> None:
    case.conclusion_published_at = now
    case.due_on = None
    case.updated_at = now
    on_time = local_date(now) <= case.conclusion_due_on if case.conclusion_due_on else True
    record_event(case, "conclusion_published", actor=actor, now=now, details={"on_time": on_time})
    audit.record("cases.conclusion_published", actor=actor, subject_type="case", subject_id=case.code,
                 unit_id=case.unit_id, details={"on_time": on_time}, now=now)
