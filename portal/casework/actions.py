"""The officials' steps on a case behind /casework: accept, refuse, ask the citizen, transfer, verify at several
places, extend, answer, and the head's approval or return. Each checks who acts (portal.casework.services), then
changes the status through portal.cases.lifecycle.move."""

from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.lifecycle import (
    MAX_ANSWER,
    MAX_NOTE,
    move,
    notify_citizen,
    notify_official,
    record_event,
    recount_with,
)
from portal.cases.models import Case, CaseKind, CaseStatus, RefusalReason
from portal.casework.services import check_may_approve, check_may_handle, is_head
from portal.core import audit
from portal.core.calendar import (
    load_calendar,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition
from portal.core.i18n import _, show_date
from portal.core.text import checked_text
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.periods.deadlines import channel_condition, extend_step, forward_deadline, period_in_force
from portal.periods.models import Step
from portal.routing.dispatch import can_act
from portal.routing.services import least_loaded_handler
from portal.units.models import Unit


def accept_case(case: Case, actor: User, *, late_reason: str = "", now: datetime | None = None) -> Case:
    """Acceptance (thụ lý) starts the period to answer. A complaint received after its time limit is accepted only
    with the obstacle that kept the citizen from complaining in time written down (Law 02/2011 Art. 9: illness,
    natural disaster, work or study far away, another objective obstacle); otherwise it is refused as out of time."""
    now = now or utcnow()
    check_may_handle(actor, case)
    late_reason = (late_reason or "").strip()
    if case.is_late_complaint and not late_reason:
        raise InvalidInput(
            _("This complaint came after the time limit for complaining ended on %(date)s. Write what kept the "
              "citizen from complaining in time to accept it anyway, or refuse it as out of time.",
              date=show_date(case.complain_until))
        )
    if len(late_reason) > MAX_NOTE:
        raise InvalidInput(_("Write the reason in at most %(count)d characters.", count=MAX_NOTE), field="late_reason")
    case.accepted_at = now
    late = {"late_accepted": True} if case.is_late_complaint else {}
    move(case, "accepted", actor, now, recount=True, note=late_reason if late else "", details=late)
    return case


def refuse_case(case: Case, actor: User, reason: str, note: str, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    check_may_handle(actor, case)
    reason = enum_choice(RefusalReason, reason, _("Choose the legal reason for refusing from the list."), "reason")
    note = checked_text(note, limit=MAX_NOTE, empty=_("Explain to the citizen why the case is refused."),
                 long=_("Write the explanation in at most %(count)d characters.", count=MAX_NOTE), field="note")
    case.refusal_reason = reason.value
    case.due_on = None
    case.closed_at = now
    move(case, "refused", actor, now, note=note, details={"reason": reason.value})
    return case


def request_information(case: Case, actor: User, question: str, *, now: datetime | None = None) -> Case:
    """Ask the citizen for what is missing; the clock stops until they answer."""
    now = now or utcnow()
    check_may_handle(actor, case)
    question = checked_text(question, limit=MAX_NOTE, empty=_("Write what the citizen should add."),
                     long=_("Write the question in at most %(count)d characters.", count=MAX_NOTE), field="question")
    previous = case.status
    case.awaiting_since = now
    move(case, "info_requested", actor, now, note=question, details={"previous": previous.value})
    return case



def transfer_case(case: Case, actor: User, to_unit_code: str, reason: str, *, now: datetime | None = None) -> Case:
    """Chuyển đơn: the case goes to the competent unit, which gets its own period to accept from today."""
    now = now or utcnow()
    check_may_handle(actor, case)
    target = db.session.scalar(select(Unit).where(Unit.code == (to_unit_code or "").strip()))
    if target is None or target.is_historical:
        raise InvalidInput(_("Choose the unit to transfer the case to from the list."), field="to_unit")
    if target.id == case.unit_id:
        raise InvalidInput(_("The case is already with this unit; choose another one."))
    if not can_act(target, case.kind.needs_head_approval):
        raise InvalidInput(_("Nobody at %(unit)s can take a case on the portal yet, so it would wait there unseen. "
                             "Choose the unit above it, or ask the administrator to add its officials.",
                             unit=target.name), field="to_unit")
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Explain why the case goes to that unit."),
                   long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE), field="reason")
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
    move(case, "transferred", actor, now, recount=True, note=reason, details=details)
    if case.assignee is not None:
        notify_official(case, case.assignee, "case_assigned", now)
    return case



def verify_at_several_places(case: Case, actor: User, reason: str, *, now: datetime | None = None) -> Case:
    """A denunciation that must be checked at several places has 10 working days instead of 7 to be accepted or
    refused (Law 25/2018 Art. 24(1)); the longer period is counted from the same receipt."""
    now = now or utcnow()
    check_may_handle(actor, case)
    if case.kind != CaseKind.denunciation or case.status != CaseStatus.received:
        raise InvalidTransition(_("Only a denunciation not yet accepted or refused can need verification at "
                                  "several places."))
    if any(event.action == "several_places" for event in case.events):
        raise InvalidTransition(_("This denunciation already has the longer period for verification at several "
                                  "places."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Write where the denunciation must be verified."),
                          long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE), field="reason")
    case.updated_at = now
    recount_with(case, record_event(case, "several_places", actor=actor, now=now, note=reason))
    audit.record("cases.several_places", actor=actor, subject_type="case", subject_id=case.code,
                 unit_id=case.unit_id, details={"due_on": case.due_on.isoformat()}, now=now)
    notify_citizen(case, "case_updated", now, action="several_places")
    return case


def extend_case(case: Case, actor: User, reason: str, *, now: datetime | None = None) -> Case:
    """Gia hạn: only for an accepted case, before its deadline has passed, and no more often than the law allows."""
    now = now or utcnow()
    check_may_handle(actor, case)
    if case.status != CaseStatus.accepted:
        raise InvalidTransition(_("Only a case that has been accepted and is not yet answered can be extended."))
    reason = checked_text(reason, limit=MAX_NOTE, empty=_("Explain why more time is needed."),
                   long=_("Write the reason in at most %(count)d characters.", count=MAX_NOTE), field="reason")
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
    recount_with(case, record_event(case, "extended", actor=actor, now=now, note=reason,
                               details={"legal_basis": extension.legal_basis}))
    audit.record("cases.extended", actor=actor, subject_type="case", subject_id=case.code, unit_id=case.unit_id,
                 details={"due_on": case.due_on.isoformat()}, now=now)
    notify_citizen(case, "case_updated", now, action="extended")
    return case


def answer_case(case: Case, actor: User, text: str, *, now: datetime | None = None) -> Case:
    """The answer goes to the citizen at once, except a complaint's decision or a denunciation's conclusion
    written by a handler, which waits for the unit head's approval."""
    now = now or utcnow()
    check_may_handle(actor, case)
    text = checked_text(text, limit=MAX_ANSWER, empty=_("Write the answer to the citizen."),
                 long=_("Write an answer of at most %(count)d characters.", count=MAX_ANSWER), field="text")
    case.answer_text = text
    case.answer_by_id = actor.id
    if case.kind.needs_head_approval and not is_head(actor, case):
        move(case, "answer_submitted", actor, now, is_public=False)
        return case
    _publish_answer(case, actor, now)
    return case


def approve_answer(case: Case, actor: User, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    check_may_approve(actor, case, "approve")
    if case.status != CaseStatus.answer_pending:
        raise InvalidTransition(_("There is no answer waiting for approval on this case."))
    _publish_answer(case, actor, now)
    return case


def return_answer(case: Case, actor: User, note: str, *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    check_may_approve(actor, case, "return")
    note = checked_text(note, limit=MAX_NOTE, empty=_("Write what should change in the answer."),
                 long=_("Write at most %(count)d characters.", count=MAX_NOTE), field="note")
    move(case, "answer_returned", actor, now, note=note, is_public=False)
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
        case.conclusion_due_on = load_calendar().deadline(local_date(now), publish.period)
        case.due_on = case.conclusion_due_on
    move(case, "answered", actor, now, note=case.answer_text or "")
