"""The rules of disclosure (Law 10/2022/QH15 Art. 11-14, 46-48).

A disclosure's status is computed from its dates and the time of asking, the same way
in pages, feeds, the API and tests, so no page can show a stale status because a job
did not run. Once approved, nothing is edited in place: a correction is a new version
with its reason, a withdrawal needs a unit head and keeps its reason public, and every
step is written to the audit log in the same transaction.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core import files
from portal.core.audit import record_about
from portal.core.calendar import WorkingCalendar, load_calendar
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from portal.core.i18n import _, _l
from portal.core.sanitize import markdown_to_safe_html
from portal.core.text import checked_text, searchable
from portal.core.timeutil import local_date, utcnow
from portal.disclosures import storage
from portal.disclosures.models import (
    ApiToken,
    Attachment,
    Audience,
    Disclosure,
    DisclosureCategory,
    DisclosureStatus,
    DisclosureVersion,
)
from portal.extensions import db
from portal.units.models import Unit

MAX_TITLE = 500
MAX_BODY = 200_000
MAX_PLACES = 20
MAX_PLACE = 200
MAX_REASON = 2_000
MAX_ATTACHMENTS = 10
MAX_DOCUMENT_NUMBER = 100
AUTHORS = {Role.handler, Role.unit_head, Role.unit_admin}

# Messages the feature's forms show too: written here once.
CATEGORY_MISSING = _l("Choose a category of disclosure from the list.")
TITLE_MISSING = _l("Enter the title of the disclosure.")
BODY_MISSING = _l("Enter the text of the disclosure.")
DOCUMENT_NUMBER_TOO_LONG = _l("Enter a document number of at most 100 characters.")
CORRECTION_REASON_MISSING = _l("Enter the reason for the correction.")
WITHDRAWAL_REASON_MISSING = _l("Enter the reason for the withdrawal. It will be shown publicly.")


def status_of(disclosure: Disclosure, now: datetime) -> DisclosureStatus:
    """The one definition of a disclosure's status: posted from its start (00:00 of the first day in Vietnam, or the
    moment of approval when that is later) until 24:00 of its last day in Vietnam."""
    if disclosure.withdrawn_at is not None:
        return DisclosureStatus.withdrawn
    if disclosure.approved_at is None:
        return DisclosureStatus.draft
    if now < disclosure.posting_start:
        return DisclosureStatus.scheduled
    if disclosure.replaced_at is not None and now >= disclosure.replaced_at:
        return DisclosureStatus.completed
    if disclosure.posting_last_day is not None and local_date(now) > disclosure.posting_last_day:
        return DisclosureStatus.completed
    return DisclosureStatus.posted


def count_last_posting_day(start: datetime, days: int | None, calendar: WorkingCalendar) -> date | None:
    """The last day of posting, in Vietnam: `days` days after the start day, moved to the next working day when it
    falls on a day off (posted until 24:00 of it); None for a permanent posting."""
    if days is None:
        return None
    return calendar.add_calendar_days(local_date(start), days)


def days_left(disclosure: Disclosure, now: datetime) -> int | None:
    last = disclosure.posting_last_day
    if last is None:
        return None
    return max((last - local_date(now)).days + 1, 0)


def content_hash(title: str, document_number: str, body_markdown: str, attachment_hashes: list[str]) -> str:
    """SHA-256 over a canonical JSON of what was posted, printed on the paper notice so the two can be compared."""
    canonical = json.dumps(
        {
            "title": title,
            "document_number": document_number,
            "body": body_markdown,
            "attachments": sorted(attachment_hashes),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# Shaped like search's Entry only as a row of fields: what an official drafts, not what search shows.
@dataclass(frozen=True)
class DraftData:
    unit_code: str
    category_code: str
    title: str
    body_markdown: str
    posting_start: datetime
    document_number: str = ""
    document_date: date | None = None
    decided_on: date | None = None
    posting_days: int | None = None
    posting_places: list[str] = field(default_factory=list)
    replaces_id: int | None = None


def _unit(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise InvalidInput(_("There is no unit with the code %(code)s. Check the code on the unit's page.", code=code))
    return unit


def category_by_code(code: str) -> DisclosureCategory:
    category = db.session.scalar(select(DisclosureCategory).where(DisclosureCategory.code == code))
    if category is None or not category.is_active:
        raise InvalidInput(CATEGORY_MISSING)
    return category


def _check_places(places: list[str]) -> list[str]:
    cleaned = [place.strip() for place in places if place and place.strip()]
    if len(cleaned) > MAX_PLACES:
        raise InvalidInput(_("Enter at most %(count)d posting places.", count=MAX_PLACES))
    if any(len(place) > MAX_PLACE for place in cleaned):
        raise InvalidInput(_("Enter each posting place in at most %(count)d characters.", count=MAX_PLACE))
    return cleaned


def _posting_days(category: DisclosureCategory, requested: int | None) -> int | None:
    """The period comes from the category and may only be lengthened."""
    if category.is_permanent:
        return None
    if requested is None:
        return category.posting_days
    if requested < category.posting_days:
        raise InvalidInput(
            _(
                "The posting period cannot be shorter than the %(days)d days the law sets for this category.",
                days=category.posting_days,
            )
        )
    if requested > 3650:
        raise InvalidInput(_("Enter a posting period of at most 3650 days."))
    return requested


def check_may_draft(author: User | ApiToken, unit: Unit) -> None:
    """An official of the unit, or the unit's own API token: the same rules follow for both."""
    if isinstance(author, ApiToken):
        allowed = author.unit_id == unit.id and author.revoked_at is None
    else:
        allowed = has_role(author, unit, AUTHORS)
    if not allowed:
        raise NotAllowed(_("You may only draft disclosures for the units you work in."))


def check_may_change(actor: User, disclosure: Disclosure) -> None:
    """Attachments and corrections: the unit's authors."""
    if not has_role(actor, disclosure.unit, AUTHORS):
        raise NotAllowed(_("You may only change disclosures of the units you work in."))


def check_may_approve(actor: User, disclosure: Disclosure) -> None:
    if not has_role(actor, disclosure.unit, {Role.unit_head}):
        raise NotAllowed(_("Only the head of the unit may approve a disclosure."))


def check_may_withdraw(actor: User, disclosure: Disclosure) -> None:
    if not has_role(actor, disclosure.unit, {Role.unit_head}):
        raise NotAllowed(_("Only the head of the unit may withdraw a disclosure."))


def new_disclosure(
    unit: Unit, category: DisclosureCategory, title: str, number: str, body: str, start: datetime, days: int | None,
    calendar: WorkingCalendar, *, author_id: int | None, made_at: datetime, **fields,
) -> Disclosure:
    """A checked disclosure with its first version, added and flushed; what follows from the text and the posting
    period (search text, last posting day, content hash) is derived here. `fields` are further Disclosure columns."""
    disclosure = Disclosure(
        unit=unit,
        category=category,
        title=title,
        search_text=searchable(f"{title} {number}"),
        document_number=number,
        posting_start=start,
        posting_days=days,
        posting_last_day=count_last_posting_day(start, days, calendar),
        created_by_id=author_id,
        created_at=made_at,
        **fields,
    )
    disclosure.versions.append(
        DisclosureVersion(
            number=1,
            body_markdown=body,
            body_html=markdown_to_safe_html(body),
            created_by_id=author_id,
            created_at=made_at,
            content_sha256=content_hash(title, number, body, []),
        )
    )
    db.session.add(disclosure)
    db.session.flush()
    return disclosure


def create_draft(actor: User | ApiToken, data: DraftData, *, now: datetime | None = None) -> Disclosure:
    now = now or utcnow()
    unit = _unit(data.unit_code)
    check_may_draft(actor, unit)
    official = actor if isinstance(actor, User) else None
    via = {"api_token": actor.name} if isinstance(actor, ApiToken) else {}
    category = category_by_code(data.category_code)
    title = checked_text(
        data.title,
        MAX_TITLE,
        TITLE_MISSING,
        _("Enter a title of at most %(count)d characters.", count=MAX_TITLE),
    )
    body = checked_text(
        data.body_markdown,
        MAX_BODY,
        BODY_MISSING,
        _("Enter a text of at most %(count)d characters, or attach the document as a file.", count=MAX_BODY),
    )
    document_number = (data.document_number or "").strip()
    if len(document_number) > MAX_DOCUMENT_NUMBER:
        raise InvalidInput(DOCUMENT_NUMBER_TOO_LONG)
    calendar = load_calendar()
    days = _posting_days(category, data.posting_days)
    start = data.posting_start
    replaced = _replaceable(data.replaces_id, unit, category, now) if data.replaces_id else None
    disclosure = new_disclosure(
        unit, category, title, document_number, body, start, days, calendar,
        author_id=getattr(official, "id", None),
        made_at=now,
        document_date=data.document_date,
        decided_on=data.decided_on,
        posting_places=_check_places(data.posting_places),
        replaces_id=replaced.id if replaced else None,
    )
    record_about(
        disclosure, "disclosures.drafted", "disclosure", actor=official, unit_id=unit.id,
        details={"title": title, "category": category.code, **via}, now=now,
    )
    return disclosure


def _replaceable(disclosure_id: int, unit: Unit, category: DisclosureCategory, now: datetime) -> Disclosure:
    """A permanent posting ends only when a newer version of the same unit and category replaces it."""
    old = db.session.get(Disclosure, disclosure_id)
    if (
        old is None
        or old.unit_id != unit.id
        or old.category_id != category.id
        or not category.is_permanent
        or status_of(old, now) not in {DisclosureStatus.posted, DisclosureStatus.scheduled}
    ):
        raise InvalidInput(_("Only a posted permanent disclosure of the same unit and category can be replaced."))
    return old


def permanent_postings(unit: Unit, now: datetime) -> list[Disclosure]:
    """What a new draft may replace: the unit's permanent disclosures still posted."""
    candidates = db.session.scalars(
        select(Disclosure)
        .join(DisclosureCategory)
        .where(
            Disclosure.unit_id == unit.id,
            DisclosureCategory.posting_days.is_(None),
            Disclosure.approved_at.is_not(None),
            Disclosure.withdrawn_at.is_(None),
            Disclosure.replaced_at.is_(None),
        )
        .order_by(Disclosure.id.desc())
    )
    return [d for d in candidates if status_of(d, now) == DisclosureStatus.posted]


def add_attachment(
    actor: User, disclosure: Disclosure, filename: str, data: bytes, *, form_field: str = "files",
    now: datetime | None = None
) -> Attachment:
    """Attach a signed document to a draft; after approval files change only through a correction."""
    now = now or utcnow()
    check_may_change(actor, disclosure)
    if status_of(disclosure, now) != DisclosureStatus.draft:
        raise InvalidTransition(_("Files can be added only while the disclosure is a draft."))
    if len(disclosure.attachments) >= MAX_ATTACHMENTS:
        raise InvalidInput(_("A disclosure can carry at most %(count)d files.", count=MAX_ATTACHMENTS))
    name = files.safe_filename(filename, "document")
    stored = storage.store(data, name=name, field=form_field)
    attachment = Attachment(
        filename=name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        created_by_id=actor.id,
        created_at=now,
    )
    disclosure.attachments.append(attachment)
    _rehash_current_version(disclosure)
    db.session.flush()
    record_about(
        disclosure, "disclosures.file_attached", "disclosure", actor=actor,
        details={"filename": name, "sha256": stored.sha256}, now=now,
    )
    return attachment


def _rehash_current_version(disclosure: Disclosure) -> None:
    version = disclosure.current_version
    version.content_sha256 = content_hash(
        disclosure.title, disclosure.document_number, version.body_markdown, [a.sha256 for a in disclosure.attachments]
    )


def approve_disclosure(actor: User, disclosure: Disclosure, *, now: datetime | None = None) -> None:
    """A unit head approves; the disclosure goes live at its start time by itself."""
    now = now or utcnow()
    check_may_approve(actor, disclosure)
    if status_of(disclosure, now) != DisclosureStatus.draft:
        raise InvalidTransition(_("Only a draft can be approved."))
    if disclosure.posting_start < now:
        disclosure.posting_start = now
        disclosure.posting_last_day = count_last_posting_day(now, disclosure.posting_days, load_calendar())
    disclosure.approved_by_id, disclosure.approved_at = actor.id, now
    if disclosure.replaces_id:
        old = db.session.get(Disclosure, disclosure.replaces_id)
        old.replaced_by_id, old.replaced_at = disclosure.id, disclosure.posting_start
        record_about(
            old, "disclosures.replaced", "disclosure", actor=actor, details={"replaced_by": disclosure.id}, now=now,
        )
    db.session.flush()
    record_about(
        disclosure, "disclosures.approved", "disclosure", actor=actor, now=now,
        details={
            "posting_start": disclosure.posting_start.isoformat(),
            "posting_last_day": disclosure.posting_last_day.isoformat() if disclosure.posting_last_day else None,
            "sha256": disclosure.current_version.content_sha256,
        },
    )


def _live_reason(disclosure: Disclosure, now: datetime, reason: str, missing: str, refused: str) -> str:
    """A correction and a withdrawal act only on a live disclosure and give a reason the public will read."""
    if status_of(disclosure, now) not in {DisclosureStatus.scheduled, DisclosureStatus.posted}:
        raise InvalidTransition(refused)
    too_long = _("Enter a reason of at most %(count)d characters.", count=MAX_REASON)
    return checked_text(reason, MAX_REASON, missing, too_long)


def correct_disclosure(
    actor: User, disclosure: Disclosure, body_markdown: str, reason: str, *, now: datetime | None = None
) -> DisclosureVersion:
    """A correction is a new version beside the old one; the category decides whether the period restarts."""
    now = now or utcnow()
    check_may_change(actor, disclosure)
    reason = _live_reason(disclosure, now, reason, CORRECTION_REASON_MISSING,
                          _("Only a scheduled or posted disclosure can be corrected."))
    body = checked_text(
        body_markdown,
        MAX_BODY,
        BODY_MISSING,
        _("Enter a text of at most %(count)d characters, or attach the document as a file.", count=MAX_BODY),
    )
    restarts = disclosure.category.is_correction_restarting and status_of(disclosure, now) == DisclosureStatus.posted
    version = DisclosureVersion(
        number=disclosure.current_version.number + 1,
        body_markdown=body,
        body_html=markdown_to_safe_html(body),
        reason=reason,
        is_period_restarted=restarts,
        created_by_id=actor.id,
        created_at=now,
        content_sha256=content_hash(
            disclosure.title, disclosure.document_number, body, [a.sha256 for a in disclosure.attachments]
        ),
    )
    disclosure.versions.append(version)
    if restarts:
        disclosure.posting_start = now
        disclosure.posting_last_day = count_last_posting_day(now, disclosure.posting_days, load_calendar())
    db.session.flush()
    record_about(
        disclosure, "disclosures.corrected", "disclosure", actor=actor, now=now,
        details={"version": version.number, "reason": reason, "restarted": restarts, "sha256": version.content_sha256},
    )
    return version


def withdraw_disclosure(actor: User, disclosure: Disclosure, reason: str, *, now: datetime | None = None) -> None:
    """Only a unit head withdraws, and the reason stays public beside the disclosure."""
    now = now or utcnow()
    check_may_withdraw(actor, disclosure)
    reason = _live_reason(disclosure, now, reason, WITHDRAWAL_REASON_MISSING,
                          _("Only a scheduled or posted disclosure can be withdrawn."))
    disclosure.withdrawn_by_id, disclosure.withdrawn_at, disclosure.withdrawal_reason = actor.id, now, reason
    db.session.flush()
    record_about(disclosure, "disclosures.withdrawn", "disclosure", actor=actor, details={"reason": reason}, now=now)


def get_disclosure(disclosure_id: int) -> Disclosure:
    """With everything its page shows loaded in three statements, whatever the number of versions and files."""
    disclosure = db.session.get(
        Disclosure,
        disclosure_id,
        options=[
            joinedload(Disclosure.unit),
            joinedload(Disclosure.category),
            selectinload(Disclosure.versions),
            selectinload(Disclosure.attachments),
        ],
    )
    if disclosure is None:
        raise NotFound(_("There is no disclosure with this number."))
    return disclosure


def may_read(user: User | None, disclosure: Disclosure, now: datetime) -> bool:
    """The public reads approved public disclosures; drafts and staff-only ones are for the unit's officials."""
    if status_of(disclosure, now) not in {DisclosureStatus.draft, DisclosureStatus.scheduled} and (
        disclosure.category.audience == Audience.public
    ):
        return True
    return user is not None and has_role(user, disclosure.unit, AUTHORS | {Role.inspector})


def public_state(disclosure: Disclosure, now: datetime) -> tuple:
    """What a disclosure's page shows that can change after approval, for its ETag: a correction adds a version (and
    may restart the period), a redaction changes a version's text, a withdrawal or a replacement sets a time, an
    edited category or a renamed unit changes the facts, and the status and days left change with the clock. Its
    posting record follows the same steps."""
    category = disclosure.category
    return (
        disclosure.id,
        disclosure.current_version.number,
        [version.redacted_sha256 for version in disclosure.versions],
        [attachment.id for attachment in disclosure.attachments],
        disclosure.approved_at,
        disclosure.withdrawn_at,
        disclosure.replaced_at,
        disclosure.replaced_by_id,
        disclosure.posting_start,
        disclosure.posting_last_day,
        status_of(disclosure, now).value,
        days_left(disclosure, now),
        disclosure.unit.name,
        (category.code, category.name_vi, category.name_en, category.legal_basis),
    )
