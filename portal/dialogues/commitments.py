"""Commitments made at a dialogue, followed like tasks until kept: the responsible body posts dated progress, and
closes the commitment as done or dropped with a reason the public reads. The citizens who asked a question at the
session and left an email are told of each change, and, with the responsible body's officials, of a promise whose
date passed."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.access import has_role, members_of
from portal.accounts.models import Role, User
from portal.cases.lifecycle import contact_details
from portal.core import audit
from portal.core.checks import allows, get_or_refuse
from portal.core.columns import claim_once
from portal.core.errors import InvalidTransition, NotAllowed, NotFound, Objections
from portal.core.i18n import _
from portal.core.redact import redact
from portal.core.text import checked_text
from portal.core.timeutil import local_date, utcnow
from portal.dialogues.models import Commitment, CommitmentStatus, CommitmentUpdate, DialogueSession
from portal.dialogues.services import MAX_TEXT, asker_of, check_may_keep_minutes
from portal.extensions import db
from portal.notifications.services import external_url, queue_email
from portal.units.models import Unit
from portal.units.services import get_unit_by_code, with_successors

OUTCOMES = ("progress", "done", "dropped")
REPORTERS = {Role.handler, Role.unit_head, Role.unit_admin}
MAX_COMMITMENT = 2_000
OVERDUE_NOTICE = "commitment_overdue"


def check_may_report_on(actor: User, commitment: Commitment) -> None:
    """The officials of the responsible body report on its commitment, and those of the unit that made it."""
    if not (has_role(actor, commitment.responsible_unit, REPORTERS) or has_role(actor, commitment.session.unit,
                                                                                 REPORTERS)):
        raise NotAllowed(_("Only officials of the body responsible for this commitment may report on it."))


def may_report_on(actor: User, commitment: Commitment) -> bool:
    return allows(check_may_report_on, actor, commitment)


def add_commitment(session: DialogueSession, actor: User, text: str, responsible_code: str, due_on: date | None,
                   *, now: datetime | None = None) -> Commitment:
    """A promise made at the session, written into its minutes: what, by which body, by when."""
    now = now or utcnow()
    check_may_keep_minutes(actor, session)
    if now < session.starts_at:
        raise InvalidTransition(_("Commitments are recorded once the dialogue has begun."))
    objections = Objections()
    text = objections.check(checked_text, text, MAX_COMMITMENT, _("Write what was promised."),
                            _("Enter at most %(count)d characters.", count=MAX_COMMITMENT), field="text")
    responsible = None
    try:
        responsible = get_unit_by_code(responsible_code or "")
    except NotFound:
        objections.add(_("Choose the body responsible for keeping the promise."), field="responsible")
    if due_on is None:
        objections.add(_("Enter the date by which the promise is to be kept."), field="due_on")
    elif due_on < local_date(session.starts_at):
        objections.add(_("Enter a date on or after the day of the dialogue."), field="due_on")
    objections.raise_if_any()
    text = redact(text)
    commitment = Commitment(session=session, text=text, responsible_unit=responsible, due_on=due_on, created_at=now)
    db.session.add(commitment)
    db.session.flush()
    audit.record("dialogues.commitment_made", actor=actor, subject_type="commitment", subject_id=commitment.id,
                 unit_id=session.unit_id, details={"responsible": responsible.code, "due_on": due_on.isoformat()},
                 now=now)
    return commitment


@dataclass(frozen=True)
class NewUpdate:
    reported_on: date | None
    text: str
    outcome: str = "progress"


def post_update(commitment: Commitment, update: NewUpdate, actor: User | None, *,
                now: datetime | None = None) -> CommitmentUpdate:
    """Progress, or the closing of the commitment; a dropped commitment says why, in public. `actor` None is the
    demo loader."""
    now = now or utcnow()
    if actor is not None:
        check_may_report_on(actor, commitment)
    today = local_date(now)
    if commitment.status_on(today) in (CommitmentStatus.done, CommitmentStatus.dropped):
        raise InvalidTransition(_("This commitment is closed: it was kept or dropped."))
    objections = Objections()
    if update.outcome not in OUTCOMES:
        objections.add(_("Choose what this update reports."), field="outcome")
    if update.reported_on is None or update.reported_on > today:
        objections.add(_("Enter the date of the progress, today or earlier."), field="reported_on")
    empty = _("Write why the commitment is dropped.") if update.outcome == "dropped" else _("Describe what was done.")
    text = objections.check(checked_text, update.text, MAX_TEXT, empty,
                            _("Enter at most %(count)d characters.", count=MAX_TEXT), field="text")
    objections.raise_if_any()
    text = redact(text)
    posted = CommitmentUpdate(commitment=commitment, reported_on=update.reported_on, text=text,
                              outcome=update.outcome, author_id=getattr(actor, "id", None), created_at=now)
    db.session.add(posted)
    if update.outcome == "done":
        commitment.done_on, commitment.closing_reason = update.reported_on, text
    elif update.outcome == "dropped":
        commitment.dropped_on, commitment.closing_reason = update.reported_on, text
    db.session.flush()
    audit.record("dialogues.commitment_updated", actor=actor, subject_type="commitment", subject_id=commitment.id,
                 unit_id=commitment.session.unit_id, details={"outcome": update.outcome}, now=now)
    _tell_askers(commitment, now)
    return posted


def _tell_askers(commitment: Commitment, now: datetime) -> None:
    """Everyone who asked, and left an email, hears of the change, once each: the citizens whose requests the session
    answers and those who sent it a question."""
    link = external_url("commitments.show", commitment_id=commitment.id)
    languages: dict[str, str] = {}
    for case in commitment.session.cases:
        email = contact_details(case).email
        if email:
            languages.setdefault(email, case.language)
    for question in commitment.session.questions:
        email = asker_of(question).get("email", "")
        if email:
            languages.setdefault(email, question.language)
    status = commitment.status_on(local_date(now))
    for email, language in languages.items():
        queue_email(email, "commitment_changed", {"commitment": commitment, "status": status, "link": link},
                    language=language, now=now)


def tell_overdue_commitments(now: datetime | None = None) -> int:
    """The daily job: a promise whose date passed with nobody reporting it kept or dropped is told, once, to
    everyone who asked the session and to the officials of the responsible body (or of the units that took it over),
    who are to report on it. Returns how many commitments were told of."""
    now = now or utcnow()
    today = local_date(now)
    overdue = db.session.scalars(
        select(Commitment)
        .where(Commitment.due_on < today, Commitment.done_on.is_(None), Commitment.dropped_on.is_(None),
               Commitment.overdue_told_at.is_(None))
        .order_by(Commitment.due_on, Commitment.id)
    ).all()
    told = 0
    for commitment in overdue:
        if not claim_once(commitment, "overdue_told_at", now):
            continue
        _tell_askers(commitment, now)
        context = {"commitment": commitment, "days": commitment.days_overdue(today),
                   "link": external_url("commitments.show", commitment_id=commitment.id)}
        for official in members_of(with_successors(commitment.responsible_unit), REPORTERS):
            queue_email(official.email, OVERDUE_NOTICE, context | {"official": official}, now=now)
        told += 1
    db.session.flush()
    return told


def get_commitment(commitment_id: int) -> Commitment:
    return get_or_refuse(Commitment, commitment_id, _("There is no commitment with this number."))


def commitments_of(unit: Unit, today: date, *, status: CommitmentStatus | None = None,
                   open_only: bool = False) -> list[Commitment]:
    """The commitments made at the unit's sessions or owed by it, oldest promise first."""
    rows = db.session.scalars(
        select(Commitment)
        .join(DialogueSession)
        .where((DialogueSession.unit_id == unit.id) | (Commitment.responsible_unit_id == unit.id))
        .options(selectinload(Commitment.updates))
        .order_by(Commitment.due_on, Commitment.id)
    ).all()
    closed = (CommitmentStatus.done, CommitmentStatus.dropped)
    return [
        row for row in rows
        if (status is None or row.status_on(today) == status) and not (open_only and row.status_on(today) in closed)
    ]
