"""Receiving a case: everything wrong with a submission at once, then the case routed, given its first deadline and
handler, its files saved and its receipt mailed, whole or not at all."""

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from portal.cases import files as case_files
from portal.cases.lifecycle import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    MIN_DESCRIPTION,
    Contact,
    notify_citizen,
    notify_official,
    record_event,
)
from portal.cases.models import Case, CaseField, CaseKind, CaseStatus
from portal.core import crypto
from portal.core.calendar import (
    load_calendar,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, Objections
from portal.core.files import Upload
from portal.core.i18n import _
from portal.core.text import checked_text, is_email_address
from portal.core.timeutil import local_date, utcnow
from portal.core.tokens import token_hash
from portal.extensions import db
from portal.periods.deadlines import complaint_last_day, period_in_force
from portal.periods.models import Step
from portal.routing import dispatch
from portal.routing.services import least_loaded_handler, route
from portal.units.models import Unit, UnitKind
from portal.units.services import find_place

CHANNELS = {"web", "open311", "in_person", "post"}
OFFICIAL_CHANNELS = {"in_person", "post"}


CODE_ATTEMPTS = 5
MAX_NAME = 200
MAX_ADDRESS = 300
MAX_LOCATION = 300
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PHONE = re.compile(r"^\+?[0-9 .\-]{8,15}$")
_ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")


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



def _check_contact(objections: Objections, kind: CaseKind | None, contact: Contact, is_resident: bool) -> None:
    if len(contact.name) > MAX_NAME:
        objections.add(_("Enter a name of at most 200 characters."), field="name")
    if len(contact.address) > MAX_ADDRESS:
        objections.add(_("Enter an address of at most 300 characters."), field="address")
    if contact.email and not is_email_address(contact.email):
        objections.add(_("Enter an email address like name@example.com, or leave it empty."), field="email")
    if contact.phone and not _PHONE.match(contact.phone):
        objections.add(_("Enter a phone number of 8 to 15 digits, like 0912 345 678, or leave it empty."),
                       field="phone")
    if contact.id_number and not _ID_NUMBER.match(contact.id_number.replace(" ", "")):
        objections.add(_("Enter the 12 digits of your citizen identity card (or the 9 of an old ID card)."),
                       field="id_number")
    given = {**contact.__dict__, "is_resident": is_resident}
    for rule in kind.contact_rules if kind else ():
        if not any(given[detail] for detail in rule.details):
            objections.add(str(rule.message), field=rule.field)


def submission_problems(data: Submission, *, now: datetime, place: Unit | None = None) -> list[InvalidInput]:
    """Everything wrong with a submission's text, each with its field, so the citizen corrects it all in one send.

    `place` is the unit already found for `data.place_code`, which spares looking it up again."""
    objections = Objections()
    kind = objections.check(enum_choice, CaseKind, data.kind, _("Choose what kind of request this is."))
    objections.check(enum_choice, CaseField, data.field, _("Choose the field the matter belongs to."), "field")
    if _place(data.place_code, place) is None:
        objections.add(_("Choose the commune, ward or village where this happened from the list."), field="place")
    objections.check(
        checked_text,
        data.title,
        limit=MAX_TITLE,
        empty=_("Enter a short title saying what the matter is."),
        long=_("Enter a title of at most %(count)d characters.", count=MAX_TITLE),
        field="title",
    )
    objections.check(
        checked_text,
        data.description,
        limit=MAX_DESCRIPTION,
        minimum=MIN_DESCRIPTION,
        empty=_("Describe what happened in at least %(count)d characters.", count=MIN_DESCRIPTION),
        long=_("Describe what happened in at most %(count)d characters; attach longer documents as files.",
               count=MAX_DESCRIPTION),
        field="description",
    )
    if len((data.location or "").strip()) > MAX_LOCATION:
        objections.add(_("Describe the place in at most 300 characters."), field="location")
    if (data.latitude is None) != (data.longitude is None) or (
        data.latitude is not None and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180)
    ):
        objections.add(_("Give both latitude and longitude, as decimal degrees, or neither."))
    if data.decision_known_on and data.decision_known_on > local_date(now):
        objections.add(_("The date you learned of the decision cannot be in the future."), field="decision_known_on")
    if kind == CaseKind.complaint and data.decision_known_on is None:
        objections.add(_("Enter the date you received or learned of the decision you complain about."),
                       field="decision_known_on")
    if data.channel not in CHANNELS:
        objections.add(_("Choose how the request was received from the list."), field="channel")
    _check_contact(objections, kind, _trimmed(data.contact), data.is_resident)
    return objections.errors


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


def announce_received(case: Case, *, contact: Contact, token: str, now: datetime) -> None:
    """How every new case, first or second complaint alike, is made known: to its handler when it has one, and to
    the citizen with the receipt that carries the private link."""
    if case.assignee is not None:
        record_event(case, "assigned", now=now, is_public=False, details={"assignee": case.assignee.full_name})
        notify_official(case, case.assignee, "case_assigned", now)
    notify_citizen(case, "case_received", now, contact=contact, token=token)


def _new_code(kind: CaseKind) -> str:
    random_part = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{kind.code_prefix}-{random_part[:5]}-{random_part[5:]}"


def insert_with_free_code(kind: CaseKind, receive: Callable[[str], Case]) -> Case:
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



@dataclass(frozen=True)
class Intake:
    """A submission checked once: the place it names, its files checked and cleaned, and everything wrong with it."""

    data: Submission
    place: Unit | None
    files: list[case_files.CleanFile]
    problems: list[InvalidInput]


def check_submission(data: Submission, uploads: Sequence[Upload] = (), *, now: datetime,
                     place: Unit | None = None) -> Intake:
    """Everything wrong with a submission and its files, each with its field, looking the place up and cleaning the
    files once for both the check and the receipt. `place` is the unit the caller already holds for
    `data.place_code`, trusted only when its code matches."""
    place = place_for(data.place_code) if place is None else _place(data.place_code, place)
    objections = Objections(submission_problems(data, now=now, place=place))
    files = objections.check(case_files.prepare, list(uploads)) or []
    return Intake(data, place, files, objections.errors)


def submit_case(data: Submission, uploads: Sequence[Upload] = (), *, now: datetime | None = None,
                place: Unit | None = None, checked: Intake | None = None) -> Submitted:
    """Receive a case whole or not at all: routed, given its first deadline and handler, its files saved, its
    receipt mailed.

    `checked` is what check_submission already found for the same submission, which spares doing it again."""
    now = now or utcnow()
    intake = checked or check_submission(data, uploads, now=now, place=place)
    Objections(intake.problems).raise_if_any()
    data, place = intake.data, intake.place
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
    due_on = load_calendar().deadline(local_date(now), acknowledge.period)
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
        record_event(case, "received", now=now, details=received)
        for step in steps:
            record_event(case, "routed", now=now, details={"why": step.action, "from": step.from_unit.name,
                                                     "to": step.to_unit.name,
                                                     "on": step.on.isoformat() if step.on else None})
        if routed.is_unattended:
            record_event(case, "unattended", now=now, is_public=False, details={"unit": unit.name})
            for administrator in dispatch.administrators_for(unit):
                notify_official(case, administrator, "case_unattended", now)
        if any(step.action.startswith("escalated") for step in steps):
            for head in dispatch.heads_of(unit):
                notify_official(case, head, "case_escalated", now)
        announce_received(case, contact=contact, token=token, now=now)
        return case

    case = insert_with_free_code(kind, receive)
    case_files.attach(case, intake.files, now=now)
    return Submitted(case, token)
