"""The life of a case that the citizen's steps (portal.cases) and the officials' (portal.casework) share: its
limits, the citizen's sealed contact, its history, the one guarded status change and the mail that tells people.

Every status change goes through `move`, which refuses moves the law does not allow (MOVES) and writes the case's
history in the same transaction; mail to the citizen and to officials is queued in that same transaction too, so it
is sent only if the change commits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select

from portal.accounts.models import User
from portal.cases.models import Case, CaseEvent, CaseField, CaseFile, CaseKind, CaseStatus
from portal.core import audit, crypto
from portal.core.cache import Versioned
from portal.core.calendar import (
    CalendarDay,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidTransition
from portal.core.i18n import _
from portal.core.redact import redact
from portal.extensions import db
from portal.notifications.services import queue_email
from portal.periods.deadlines import recount
from portal.periods.models import LegalPeriod

MAX_TITLE = 200
MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 10_000
MAX_NOTE = 5_000
MAX_ANSWER = 20_000


MOVES = {
    "accepted": ({CaseStatus.received}, CaseStatus.accepted),
    "refused": ({CaseStatus.received, CaseStatus.awaiting_info}, CaseStatus.refused),
    "info_requested": ({CaseStatus.received, CaseStatus.accepted}, CaseStatus.awaiting_info),
    "transferred": ({CaseStatus.received, CaseStatus.accepted}, CaseStatus.received),
    "answer_submitted": ({CaseStatus.accepted}, CaseStatus.answer_pending),
    "answered": ({CaseStatus.accepted, CaseStatus.answer_pending}, CaseStatus.answered),
    "answer_returned": ({CaseStatus.answer_pending}, CaseStatus.accepted),
    "reopened": ({CaseStatus.answered}, CaseStatus.accepted),
    # The citizen's answer takes the case back to where the question found it (None: the status before the request).
    "info_supplied": ({CaseStatus.awaiting_info}, None),
}



# Shaped like casework's QueueFilter only as a row of texts with defaults: a citizen's details, not a filter.
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


case_content = Versioned("case_content", models=[Case, CaseEvent, CaseFile, CalendarDay, LegalPeriod])


def of_kind_and_field(statement: Select, kind: str, field: str) -> Select:
    """A list of cases narrowed to a kind and a field chosen from lists (empty: any), as the public list and the
    officials' queue filter them."""
    if kind:
        statement = statement.where(Case.kind == enum_choice(CaseKind, kind, _("Choose a kind from the list.")))
    if field:
        statement = statement.where(Case.field == enum_choice(CaseField, field, _("Choose a field from the list.")))
    return statement


def contact_details(case: Case) -> Contact:
    stored = crypto.unseal(case.contact_sealed)
    return Contact(**{key: stored.get(key, "") for key in Contact.__dataclass_fields__})



def record_event(case: Case, action: str, *, actor: User | None = None, now: datetime, note: str = "",
           is_public: bool = True, details: dict | None = None) -> CaseEvent:
    event = CaseEvent(case=case, action=action, actor=actor, occurred_at=now, note=note, is_public=is_public,
                      details=details or {})
    db.session.add(event)
    return event


def check_move(case: Case, action: str, refusal: str | None = None) -> None:
    """Refuse a move the law does not allow from the case's status; `refusal` says it in the mover's words."""
    if case.status not in MOVES[action][0]:
        raise InvalidTransition(
            refusal or _("This case is %(status)s; that step is not possible now.", status=case.status.title)
        )


def move(case: Case, action: str, actor: User | None, now: datetime, *, recount: bool = False,
         tell_citizen: bool = True, **event_fields) -> CaseEvent:
    """The one place a case changes status: refuses a move the law does not allow, records it, tells the citizen
    (unless the citizen made it).

    With `recount`, the step starts a clock: the deadlines are counted again with it (reckon_deadlines) before
    anyone is told, and the event keeps the new one."""
    check_move(case, action)
    target = MOVES[action][1] or _status_before_request(case)
    case.status = target
    case.updated_at = now
    event = record_event(case, action, actor=actor, now=now, **event_fields)
    if recount:
        recount_with(case, event)
    if actor is not None:
        audit.record(f"cases.{action}", actor=actor, subject_type="case", subject_id=case.code,
                     unit_id=case.unit_id, details={"status": target.value}, now=now)
    if tell_citizen:
        notify_citizen(case, "case_updated", now, action=action)
    return event


def _status_before_request(case: Case) -> CaseStatus:
    request = next(event for event in reversed(case.events) if event.action == "info_requested")
    return CaseStatus(request.details["previous"])


def recount_with(case: Case, event: CaseEvent) -> None:
    """Count again with the event just recorded, which keeps the deadline it set and the rule it was counted by."""
    with db.session.no_autoflush:  # the event is written once, with what it set
        reckonings = recount(case)
        current = reckonings.resolve or reckonings.acknowledge
        event.details = {"legal_basis": current.rule.legal_basis, **event.details, "due_on": case.due_on.isoformat()}


def notify_citizen(case: Case, template: str, now: datetime, *, contact: Contact | None = None,
                   token: str | None = None, **context) -> None:
    """Mail the citizen if they left an email: the receipt carries the private link's token (it is never stored),
    later mail the tracking page; the templates build the links."""
    contact = contact or contact_details(case)
    if not contact.email:
        return
    queue_email(contact.email, template, {"case": case, "token": token, **context}, language=case.language, now=now)


def notify_official(case: Case, official: User, template: str, now: datetime) -> None:
    queue_email(official.email, template, {"case": case, "official": official}, now=now)


def citizen_names(case: Case) -> list[str]:
    """The citizen's name, for masking: the contact is unsealed once for every text it is masked in."""
    name = contact_details(case).name
    return [name] if name else []



def public_masker(case: Case) -> Callable[[str | None], str]:
    """Masks personal data in officials' words on the case (a question, a reason) as the public reads them."""
    names = citizen_names(case)
    return lambda text: redact(text or "", names)
