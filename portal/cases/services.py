"""The rules of citizen cases behind /cases (Law 42/2013 on Citizen Reception, Law 02/2011 on Complaints, Law
25/2018 on Denunciations, Law 104/2016 on Access to Information, Law 10/2022 on Grassroots Democracy): finding a
case by its code or private link, the public listing and history, and what the citizen does on their case
(supply information, rate, reopen, bring a second complaint). Receiving a case is portal.cases.submission; the
officials' steps are portal.casework.
"""

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.cases import files as case_files
from portal.cases.lifecycle import (
    MAX_DESCRIPTION,
    MAX_NOTE,
    MIN_DESCRIPTION,
    check_move,
    contact_details,
    move,
    notify_official,
    of_kind_and_field,
    public_masker,
    record_event,
)
from portal.cases.models import Case, CaseKind, CaseStatus
from portal.cases.submission import Submitted, announce_received, insert_with_free_code
from portal.core.calendar import (
    load_calendar,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition, NotFound
from portal.core.files import Upload
from portal.core.i18n import _
from portal.core.listing import newest_first_page
from portal.core.text import checked_text
from portal.core.timeutil import local_date, utcnow
from portal.core.tokens import token_hash
from portal.extensions import db
from portal.periods.deadlines import period_in_force
from portal.periods.models import Step
from portal.routing.services import least_loaded_handler
from portal.units.models import Unit


def normalize_code(code: str) -> str:
    """Tracking codes as people type them: any case, spaces or no dashes, O for 0 and I or L for 1."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", code or "").upper().translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 12:
        return ""
    return f"{cleaned[:2]}-{cleaned[2:7]}-{cleaned[7:]}"



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
    statement = of_kind_and_field(statement, listing.kind, listing.field)
    open_statuses = [status for status in CaseStatus if status.is_open]
    if listing.status == "open":
        statement = statement.where(Case.status.in_(open_statuses))
    elif listing.status == "closed":
        statement = statement.where(Case.status.not_in(open_statuses))
    elif listing.status:
        statement = statement.where(Case.status == enum_choice(CaseStatus, listing.status, _("Choose a status.")))
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



def supply_information(case: Case, text: str, uploads: Sequence[Upload] = (), *,
                       now: datetime | None = None) -> Case:
    """The citizen's answer, with any files, restarts the clock: an unaccepted case is counted afresh from the day
    the submission is complete; an accepted one gets back the days it waited, counted as its period counts."""
    now = now or utcnow()
    files = case_files.prepare(list(uploads))
    check_move(case, "info_supplied", _("Nothing was asked of you on this case; there is nothing to add now."))
    text = checked_text(text, limit=MAX_DESCRIPTION, empty=_("Write the information you were asked for."),
                        long=_("Write at most %(count)d characters; attach longer documents as files.",
                               count=MAX_DESCRIPTION), field="text")
    case.awaiting_since = None
    move(case, "info_supplied", None, now, recount=True, tell_citizen=False, note=text)
    case_files.attach(case, files, now=now)
    if case.assignee is not None:
        notify_official(case, case.assignee, "case_info_supplied", now)
    return case



def rate_case(case: Case, rating: int, comment: str = "", *, now: datetime | None = None) -> Case:
    now = now or utcnow()
    if case.status != CaseStatus.answered:
        raise InvalidTransition(_("You can rate the answer once the case has been answered."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("Choose a rating from 1 (very unsatisfied) to 5 (very satisfied)."), field="rating")
    comment = (comment or "").strip()
    if len(comment) > MAX_NOTE:
        raise InvalidInput(_("Write a comment of at most %(count)d characters.", count=MAX_NOTE), field="comment")
    case.rating, case.rating_comment, case.rated_at = rating, comment, now
    record_event(case, "rated", now=now, note=comment, details={"rating": rating})
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
    return load_calendar().deadline(local_date(case.answered_at), window.period)


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
                   long=_("Write at most %(count)d characters.", count=MAX_NOTE), field="reason")
    case.reopen_count += 1
    case.accepted_at = now
    case.answered_at = None
    case.closed_at = None
    case.is_on_time = None
    case.extension_count = 0
    move(case, "reopened", None, now, recount=True, note=reason)
    if case.assignee is not None:
        notify_official(case, case.assignee, "case_reopened", now)
    return case



def public_answer(case: Case) -> str:
    """The answer as the public reads it: personal data masked."""
    return public_masker(case)(case.answer_text)



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
    return load_calendar().deadline(start, window.period)


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
                                 count=MAX_DESCRIPTION), field="reason")
    unit = level_above(first.unit)
    if unit is None:
        raise InvalidTransition(_("No unit above %(unit)s resolves second complaints. Ask the site administrator.",
                                  unit=first.unit.name))
    acknowledge = period_in_force(CaseKind.complaint, Step.acknowledge, unit, local_date(now))
    due_on = load_calendar().deadline(local_date(now), acknowledge.period)
    received_decision_on = local_date(first.answered_at) if first.answered_at else first.resolve_due_on
    assignee = least_loaded_handler(unit)
    token = secrets.token_urlsafe(32)
    contact = contact_details(first)

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
        record_event(case, "received", now=now, details={"unit": unit.name, "due_on": due_on.isoformat(),
                                                   "appeal_of": first.code})
        record_event(first, "appealed", now=now, details={"unit": unit.name, "code": code})
        announce_received(case, contact=contact, token=token, now=now)
        return case

    first.updated_at = now
    return Submitted(insert_with_free_code(CaseKind.complaint, receive), token)



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
