"""Dialogue sessions: scheduling one (with its public notice and the citizens it answers told), the law's rules on
notice and on the yearly conference with the Fatherland Front, questions sent in advance and their moderation, and
the minutes.

Views commit; services flush. Every text a citizen or an official writes that the public will read is masked for
personal data (portal.core.redact) when it is written, so no page, feed or API can show the unmasked words.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.cases.models import Case, CaseEvent, CaseKind
from portal.cases.services import case_by_code
from portal.casework.services import contact_of
from portal.core import audit, crypto
from portal.core.checks import allows, get_or_refuse
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound, Objections
from portal.core.files import Upload
from portal.core.i18n import _, show_date
from portal.core.redact import redact
from portal.core.text import checked_text, is_email_address
from portal.core.timeutil import LOCAL_TZ, end_of_local_day, local_date, start_of_local_day, utcnow
from portal.dialogues.models import (
    DialogueKind,
    DialogueQuestion,
    DialogueSession,
    QuestionSource,
    QuestionStatus,
)
from portal.disclosures.services import DraftData, add_attachment, approve_disclosure, create_draft
from portal.extensions import db
from portal.notifications.services import external_url, queue_email
from portal.units.models import BodyType, Unit, UnitKind
from portal.units.services import get_unit_by_code

NOTICE_CATEGORY = "doi-thoai"  # seeded by migration 0017_i16
VILLAGE_NOTICE_DAYS = 5  # Law 10/2022 Art. 33; Decree 59/2023 Art. 11
MAX_TITLE, MAX_PLACE, MAX_CHAIR, MAX_TEXT, MAX_QUESTION, MAX_NAME = 300, 300, 200, 20_000, 2_000, 200
MAX_CASES, MAX_DOCUMENTS, MAX_ATTENDANCE = 20, 10, 1_000_000
LINKABLE_KINDS = {CaseKind.dialogue_request, CaseKind.feedback}
OFFICIALS = {Role.handler, Role.unit_head, Role.unit_admin}


# --- permissions ------------------------------------------------------------------------------------------------


def check_may_schedule(actor: User, unit: Unit) -> None:
    """The unit head decides and schedules a dialogue (LEGAL.md: a request for one is a petition to the head)."""
    if not has_role(actor, unit, {Role.unit_head}):
        raise NotAllowed(_("Only the head of the unit may schedule a dialogue."))


def check_may_keep_minutes(actor: User, session: DialogueSession) -> None:
    """The unit's officials moderate questions and write the minutes of their unit's sessions."""
    if not has_role(actor, session.unit, OFFICIALS):
        raise NotAllowed(_("Only the officials of the unit holding this dialogue may do this."))


def may_keep_minutes(actor: User, session: DialogueSession) -> bool:
    return allows(check_may_keep_minutes, actor, session)


# --- the law's rules ------------------------------------------------------------------------------------------


def notice_days(announced_on: date, held_on: date) -> int:
    """Days of notice a conference had: counted from the day after it was announced up to and including the day it
    is held, in calendar days (LEGAL.md, Counting time: a period in days starts the day after the event, and plain
    "ngày" is calendar days). Announced on 1 December, a conference on 6 December had 5 days; on 5 December, 4."""
    return (held_on - announced_on).days


def check_notice(kind: DialogueKind, announced_on: date, held_on: date) -> None:
    """A village conference is announced at least 5 days ahead (Law 10/2022 Art. 33; Decree 59/2023 Art. 11); every
    session is announced before it is held."""
    days = notice_days(announced_on, held_on)
    if days < 1:
        raise InvalidInput(_("Choose a day after today: a dialogue is announced before it is held."), field="day")
    if kind == DialogueKind.village_conference and days < VILLAGE_NOTICE_DAYS:
        raise InvalidInput(
            _("A village conference must be announced at least %(days)d days ahead (Law 10/2022, Art. 33): choose "
              "%(date)s or later.", days=VILLAGE_NOTICE_DAYS,
              date=show_date(announced_on + timedelta(days=VILLAGE_NOTICE_DAYS))),
            field="day",
        )


def _commune_of(unit: Unit) -> Unit | None:
    """The commune a session belongs to: the commune itself, or the commune whose body (its People's Committee)
    holds it."""
    if unit.kind == UnitKind.commune:
        return unit
    if unit.kind == UnitKind.body and unit.parent is not None and unit.parent.kind == UnitKind.commune:
        return unit.parent
    return None


def _check_kind_fits(kind: DialogueKind, unit: Unit) -> None:
    if kind == DialogueKind.village_conference and unit.kind != UnitKind.village:
        raise InvalidInput(_("A village conference is held by a village or residential group: choose one."),
                           field="kind")
    if kind == DialogueKind.front_conference and (
        _commune_of(unit) is None or (unit.kind == UnitKind.body and unit.body_type != BodyType.people_committee)
    ):
        raise InvalidInput(_("The conference with the Fatherland Front is held by a commune's People's Committee."),
                           field="kind")


@dataclass(frozen=True)
class ComplianceRow:
    commune: Unit
    sessions: list[DialogueSession]
    status: str  # held, missing, not_yet


def _units_below(unit: Unit) -> list[Unit]:
    """The unit and every unit below it, walking the tree a level at a time (one query per level)."""
    found, level = [unit], [unit.id]
    while level:
        children = list(db.session.scalars(select(Unit).where(Unit.parent_id.in_(level))))
        found.extend(children)
        level = [child.id for child in children if child.kind != UnitKind.village]
    return found


def front_conference_compliance(unit: Unit, year: int, today: date) -> list[ComplianceRow]:
    """Each current commune in or under `unit` with its dialogue conferences with the Front held in `year`, a local
    calendar year (from 00:00 on 1 January to 24:00 on 31 December in Vietnam). A year that has ended with none is
    missing (Law 10/2022 Art. 32: at least once a year); the current year is not yet missing."""
    units = _units_below(unit)
    communes = [each for each in units if each.kind == UnitKind.commune and each.dissolved_on is None]
    ids = [each.id for each in units]
    sessions = db.session.scalars(
        select(DialogueSession).where(
            DialogueSession.kind == DialogueKind.front_conference,
            DialogueSession.unit_id.in_(ids),
            DialogueSession.starts_at >= start_of_local_day(date(year, 1, 1)),
            DialogueSession.starts_at < end_of_local_day(date(year, 12, 31)),
        ).order_by(DialogueSession.starts_at)
    ).all()
    rows = []
    for commune in sorted(communes, key=lambda each: each.name):
        held = [session for session in sessions if _commune_of(session.unit) is commune]
        status = "held" if held else ("missing" if today > date(year, 12, 31) else "not_yet")
        rows.append(ComplianceRow(commune, held, status))
    return rows


# --- scheduling -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    unit_code: str
    kind: str
    title: str
    day: date | None
    starts: time | None
    ends: time | None
    place: str
    chair: str
    agenda: str
    bodies: str = ""
    case_codes: list[str] = field(default_factory=list)
    documents: list[Upload] = field(default_factory=list)


def _moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


def _linked_cases(codes: Iterable[str], actor: User) -> list[Case]:
    cases = []
    for code in dict.fromkeys(code.strip() for code in codes if code and code.strip()):
        try:
            case = case_by_code(code)
        except NotFound:
            raise InvalidInput(_("No request has the tracking code %(code)s.", code=code[:20]), field="cases") from None
        if case.kind not in LINKABLE_KINDS or not has_role(actor, case.unit, {Role.unit_head}):
            raise InvalidInput(_("Request %(code)s is not a dialogue request or petition of your unit.",
                                 code=case.code), field="cases")
        cases.append(case)
    if len(cases) > MAX_CASES:
        raise InvalidInput(_("Link at most %(count)d requests to one dialogue.", count=MAX_CASES), field="cases")
    return cases


def session_problems(data: NewSession, actor: User, now: datetime) -> list[InvalidInput]:
    """Every objection to the session at once, so the head corrects them in one send."""
    objections = Objections()
    kind = objections.check(enum_choice, DialogueKind, data.kind, _("Choose the kind of dialogue."), "kind")
    unit = None
    try:
        unit = get_unit_by_code(data.unit_code)
    except NotFound:
        objections.add(_("Choose the unit holding the dialogue."), field="unit")
    if unit is not None and kind is not None:
        objections.check(_check_kind_fits, kind, unit)
    for value, limit, name, empty in (
        (data.title, MAX_TITLE, "title", _("Enter the subject of the dialogue.")),
        (data.place, MAX_PLACE, "place", _("Enter where the dialogue is held.")),
        (data.chair, MAX_CHAIR, "chair", _("Enter who chairs the dialogue.")),
        (data.agenda, MAX_TEXT, "agenda", _("Write the agenda.")),
    ):
        objections.check(checked_text, value, limit, empty, _("Enter at most %(count)d characters.", count=limit),
                         field=name)
    if len(data.bodies or "") > MAX_TEXT:
        objections.add(_("Enter at most %(count)d characters.", count=MAX_TEXT), field="bodies")
    if data.day is None or data.starts is None or data.ends is None:
        objections.add(_("Enter the day and the times of the dialogue."), field="day")
    else:
        if data.ends <= data.starts:
            objections.add(_("Enter an end time after the start time."), field="ends")
        if kind is not None:
            objections.check(check_notice, kind, local_date(now), data.day)
    if len(data.documents) > MAX_DOCUMENTS:
        objections.add(_("Attach at most %(count)d documents.", count=MAX_DOCUMENTS), field="documents")
    objections.check(_linked_cases, data.case_codes, actor)
    return objections.errors


def _notice_text(session: DialogueSession) -> str:
    """The notice as posted, in Vietnamese like every official notice; officials' words go in as they wrote them
    (the disclosure renders its Markdown safely)."""
    with force_locale("vi"):
        lines = [
            f"**{session.kind.title}** ({session.kind.legal_basis})",
            "",
            _("Time: from %(start)s to %(end)s, %(date)s.", start=session.starts_at.astimezone(LOCAL_TZ)
              .strftime("%H:%M"), end=session.ends_at.astimezone(LOCAL_TZ).strftime("%H:%M"),
              date=show_date(local_date(session.starts_at))),
            "",
            _("Place: %(place)s", place=session.place),
            "",
            _("Chair: %(chair)s", chair=session.chair),
        ]
        if session.bodies:
            lines += ["", _("Participating bodies: %(bodies)s", bodies=session.bodies)]
        lines += ["", _("Agenda:"), "", session.agenda, "",
                  _("Send a question in advance and follow the minutes and commitments at %(link)s",
                    link=external_url("dialogues.show", session_id=session.id))]
    return "\n".join(lines)


def _publish_notice(session: DialogueSession, actor: User, documents: list[Upload], now: datetime) -> None:
    """The notice is a disclosure of the dialogue category, posted from now until the day of the session."""
    days = max(1, notice_days(local_date(now), local_date(session.starts_at)))
    with force_locale("vi"):
        title = _("Notice: %(title)s", title=session.title)[:MAX_TITLE]
    disclosure = create_draft(actor, DraftData(
        unit_code=session.unit.code, category_code=NOTICE_CATEGORY, title=title, body_markdown=_notice_text(session),
        posting_start=now, posting_days=days, posting_places=[session.place[:200]],
    ), now=now)
    for upload in documents:
        add_attachment(actor, disclosure, upload.filename, upload.data, form_field="documents", now=now)
    approve_disclosure(actor, disclosure, now=now)
    session.disclosure = disclosure


def _tell_requesters(session: DialogueSession, actor: User, now: datetime) -> None:
    """Each linked request gets a public step pointing to the session, and its citizen a mail when they left an
    email, in the language they wrote in."""
    link = external_url("dialogues.show", session_id=session.id)
    for case in session.cases:
        with force_locale(case.language):
            note = _("A dialogue on this request is scheduled: %(title)s, %(date)s at %(time)s, %(place)s. "
                     "Details: %(link)s", title=session.title, date=show_date(local_date(session.starts_at)),
                     time=session.starts_at.astimezone(LOCAL_TZ).strftime("%H:%M"), place=session.place, link=link)
        db.session.add(CaseEvent(case=case, action="dialogue_scheduled", actor=actor, occurred_at=now, note=note,
                                 is_public=True, details={"session_id": session.id}))
        email = contact_of(case, actor, now=now).email
        if email:
            queue_email(email, "dialogue_scheduled", {"session": session, "case": case, "link": link},
                        language=case.language, now=now)


def schedule_session(data: NewSession, actor: User, *, now: datetime | None = None) -> DialogueSession:
    """Schedule a dialogue, publish its notice and tell the citizens whose requests it answers."""
    now = now or utcnow()
    unit = get_unit_by_code(data.unit_code)
    check_may_schedule(actor, unit)
    Objections(session_problems(data, actor, now)).raise_if_any()
    session = DialogueSession(
        unit=unit, kind=DialogueKind(data.kind), title=data.title.strip(), starts_at=_moment(data.day, data.starts),
        ends_at=_moment(data.day, data.ends), place=data.place.strip(), chair=data.chair.strip(),
        bodies=(data.bodies or "").strip(), agenda=data.agenda.strip(), announced_at=now, created_by_id=actor.id,
        cases=_linked_cases(data.case_codes, actor),
    )
    db.session.add(session)
    db.session.flush()
    _publish_notice(session, actor, data.documents, now)
    _tell_requesters(session, actor, now)
    audit.record("dialogues.scheduled", actor=actor, subject_type="dialogue", subject_id=session.id, unit_id=unit.id,
                 details={"kind": session.kind.value, "starts_at": session.starts_at.isoformat(),
                          "cases": [case.code for case in session.cases]}, now=now)
    return session


# --- reading --------------------------------------------------------------------------------------------------


def get_session(session_id: int) -> DialogueSession:
    return get_or_refuse(DialogueSession, session_id, _("There is no dialogue with this number."))


def sessions_of(unit: Unit) -> list[DialogueSession]:
    """The unit's sessions, the next first and then the past, newest first."""
    return list(db.session.scalars(
        select(DialogueSession).where(DialogueSession.unit_id == unit.id).order_by(DialogueSession.starts_at.desc())
    ))


def split_sessions(sessions: list[DialogueSession], now: datetime) -> tuple[list, list]:
    upcoming = sorted((s for s in sessions if s.ends_at >= now), key=lambda s: s.starts_at)
    return upcoming, [s for s in sessions if s.ends_at < now]


def sessions_for_case(case: Case) -> list[DialogueSession]:
    return list(db.session.scalars(
        select(DialogueSession).where(DialogueSession.cases.any(Case.id == case.id)).order_by(DialogueSession.id)
    ))


# --- questions ------------------------------------------------------------------------------------------------


def submit_question(session: DialogueSession, text: str, name: str = "", email: str = "", *, language: str = "vi",
                    now: datetime | None = None) -> DialogueQuestion:
    """Anyone may send a question before the session, with no account and no name; it waits for moderation, and
    the name and email are sealed, only to tell the asker what became of the commitments."""
    now = now or utcnow()
    if now >= session.starts_at:
        raise InvalidTransition(_("This dialogue has begun: questions are no longer taken in advance."))
    objections = Objections()
    text = objections.check(checked_text, text, MAX_QUESTION, _("Write your question."),
                            _("Write a question of at most %(count)d characters.", count=MAX_QUESTION), field="text")
    name, email = (name or "").strip(), (email or "").strip()
    if len(name) > MAX_NAME:
        objections.add(_("Enter a name of at most %(count)d characters.", count=MAX_NAME), field="name")
    if email and not is_email_address(email):
        objections.add(_("Enter an email address like name@example.vn, or leave it empty."), field="email")
    objections.raise_if_any()
    question = DialogueQuestion(
        session=session, source=QuestionSource.advance, status=QuestionStatus.pending, text=text,
        asker_sealed=crypto.seal({"name": name, "email": email}) if name or email else "",
        language="en" if language == "en" else "vi", created_at=now,
    )
    db.session.add(question)
    db.session.flush()
    return question


def asker_of(question: DialogueQuestion) -> dict:
    return crypto.unseal(question.asker_sealed) if question.asker_sealed else {}


def _masked(question: DialogueQuestion, text: str) -> str:
    name = asker_of(question).get("name", "")
    return redact(text, [name] if name else [])


def moderate_question(question: DialogueQuestion, actor: User, approve: bool, reason: str = "", *,
                      now: datetime | None = None) -> DialogueQuestion:
    """An official shows a question (masked) or keeps it back with a reason; nothing is shown before."""
    now = now or utcnow()
    check_may_keep_minutes(actor, question.session)
    if question.status != QuestionStatus.pending:
        raise InvalidTransition(_("This question has already been moderated."))
    if approve:
        question.status, question.public_text = QuestionStatus.approved, _masked(question, question.text)
    else:
        question.refusal_reason = checked_text(
            reason, 1000, _("Write why the question is not shown."),
            _("Write a reason of at most %(count)d characters.", count=1000), field="reason")
        question.status = QuestionStatus.refused
    question.moderated_at, question.moderated_by_id = now, actor.id
    audit.record("dialogues.question_moderated", actor=actor, subject_type="dialogue", subject_id=question.session_id,
                 unit_id=question.session.unit_id, details={"question": question.id, "status": question.status.value},
                 now=now)
    return question


def get_question(question_id: int) -> DialogueQuestion:
    return get_or_refuse(DialogueQuestion, question_id, _("There is no question with this number."))


# --- minutes --------------------------------------------------------------------------------------------------


def _check_held(session: DialogueSession, now: datetime) -> None:
    if now < session.starts_at:
        raise InvalidTransition(_("The minutes are written once the dialogue has begun."))


def record_minutes(session: DialogueSession, actor: User, attendance: int | None, attending_bodies: str, text: str,
                   *, now: datetime | None = None) -> DialogueSession:
    """Attendance and the record of the session, published at once with personal data masked."""
    now = now or utcnow()
    check_may_keep_minutes(actor, session)
    _check_held(session, now)
    objections = Objections()
    if attendance is None or not 0 <= attendance <= MAX_ATTENDANCE:
        objections.add(_("Enter how many people attended, a number from 0 to %(count)d.", count=MAX_ATTENDANCE),
                       field="attendance")
    if len(attending_bodies or "") > MAX_TEXT:
        objections.add(_("Enter at most %(count)d characters.", count=MAX_TEXT), field="attending_bodies")
    text = objections.check(checked_text, text, MAX_TEXT, _("Write what was discussed."),
                            _("Enter at most %(count)d characters.", count=MAX_TEXT), field="text")
    objections.raise_if_any()
    session.attendance = attendance
    session.attending_bodies = redact((attending_bodies or "").strip())
    session.minutes_text = redact(text)
    session.minutes_published_at = session.minutes_published_at or now
    audit.record("dialogues.minutes_recorded", actor=actor, subject_type="dialogue", subject_id=session.id,
                 unit_id=session.unit_id, details={"attendance": attendance}, now=now)
    return session


def answer_question(question: DialogueQuestion, actor: User, answer: str, *,
                    now: datetime | None = None) -> DialogueQuestion:
    """The answer given at the session, as the minutes record it, masked."""
    now = now or utcnow()
    check_may_keep_minutes(actor, question.session)
    _check_held(question.session, now)
    if question.status != QuestionStatus.approved:
        raise InvalidTransition(_("Only a question that is shown can be answered in the minutes."))
    question.answer = _masked(question, checked_text(
        answer, MAX_TEXT, _("Write the answer given."), _("Enter at most %(count)d characters.", count=MAX_TEXT),
        field="answer"))
    return question


def add_room_question(session: DialogueSession, actor: User, text: str, answer: str, *,
                      now: datetime | None = None) -> DialogueQuestion:
    """A question asked in the room and its answer, written into the minutes by an official."""
    now = now or utcnow()
    check_may_keep_minutes(actor, session)
    _check_held(session, now)
    objections = Objections()
    too_long = _("Enter at most %(count)d characters.", count=MAX_TEXT)
    text = objections.check(checked_text, text, MAX_TEXT, _("Write the question asked."), too_long, field="text")
    answer = objections.check(checked_text, answer, MAX_TEXT, _("Write the answer given."), too_long, field="answer")
    objections.raise_if_any()
    text, answer = redact(text), redact(answer)
    question = DialogueQuestion(
        session=session, source=QuestionSource.in_room, status=QuestionStatus.approved, text=text,
        public_text=text, answer=answer, created_at=now, moderated_at=now,
        moderated_by_id=actor.id,
    )
    db.session.add(question)
    db.session.flush()
    return question
