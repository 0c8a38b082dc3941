"""Finding disclosures: the public list with its filters (status in SQL, keyset pages), the unit officials' work
list, and the active categories every list and form shows, kept between requests."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import contains_eager

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core.cache import Cached, Versioned
from portal.core.calendar import CalendarDay
from portal.core.errors import NotAllowed
from portal.core.i18n import _
from portal.core.listing import newest_first_page
from portal.core.timeutil import end_of_local_day, local_date, start_of_local_day, utcnow
from portal.disclosures.models import (  # the names disclosures.services imports too: an import list is no logic
    Attachment,
    Audience,
    Disclosure,
    DisclosureCategory,
    DisclosureStatus,
    DisclosureVersion,
)
from portal.disclosures.services import AUTHORS
from portal.extensions import db
from portal.units.models import Unit

PAGE_SIZE = 20


def local_range(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """From 00:00 of the first day to 24:00 of the last, Vietnam time, as UTC moments to compare stored ones with."""
    return start_of_local_day(first_day), end_of_local_day(last_day)


@dataclass(frozen=True)
class Listing:
    unit: Unit | None = None
    category_code: str = ""
    status: DisclosureStatus | None = None
    year: int | None = None
    query: str = ""
    after_id: int | None = None


def public_disclosures() -> Select:
    """Approved disclosures of a category everyone may read: what public lists, feeds, reports and announcements
    start from. Joined to the category, so callers may filter on it."""
    return (
        select(Disclosure)
        .join(Disclosure.category)
        .where(Disclosure.approved_at.is_not(None), DisclosureCategory.audience == Audience.public)
    )


def status_filter(statement: Select, status: DisclosureStatus, now: datetime) -> Select:
    """The SQL form of status_of, so lists filter by status with indexes instead of loading everything."""
    live = Disclosure.withdrawn_at.is_(None)
    if status == DisclosureStatus.withdrawn:
        return statement.where(Disclosure.withdrawn_at.is_not(None))
    if status == DisclosureStatus.scheduled:
        return statement.where(live, Disclosure.posting_start > now)
    # Each NULL is tested explicitly: NOT (x <= now) would be NULL, and drop every row, when x is NULL.
    ended = or_(
        and_(Disclosure.posting_last_day.is_not(None), Disclosure.posting_last_day < local_date(now)),
        and_(Disclosure.replaced_at.is_not(None), Disclosure.replaced_at <= now),
    )
    if status == DisclosureStatus.completed:
        return statement.where(live, Disclosure.posting_start <= now, ended)
    return statement.where(live, Disclosure.posting_start <= now, ~ended.self_group())


def list_public(
    listing: Listing, *, now: datetime | None = None, limit: int = PAGE_SIZE
) -> tuple[list[Disclosure], int | None]:
    """One page, newest posting first, keyset-paged by id so the 500th page costs what the first does."""
    now = now or utcnow()
    statement = (
        public_disclosures()
        .join(Disclosure.unit)
        .options(contains_eager(Disclosure.category), contains_eager(Disclosure.unit))
    )
    if listing.unit is not None:
        statement = statement.where(Disclosure.unit_id == listing.unit.id)
    if listing.category_code:
        statement = statement.where(DisclosureCategory.code == listing.category_code)
    if listing.status is not None:
        statement = status_filter(statement, listing.status, now)
    else:
        statement = statement.where(Disclosure.posting_start <= now)
    if listing.year:
        start, end = local_range(date(listing.year, 1, 1), date(listing.year, 12, 31))
        statement = statement.where(Disclosure.posting_start >= start, Disclosure.posting_start < end)
    return newest_first_page(
        statement, Disclosure.id, listing.after_id, limit, searched_column=Disclosure.search_text, query=listing.query
    )


def list_for_unit_officials(actor: User, unit: Unit) -> list[Disclosure]:
    """Everything of the unit, drafts included, for its officials' work list."""
    if not has_role(actor, unit, AUTHORS | {Role.inspector}):
        raise NotAllowed(_("You may only see the drafts of the units you work in."))
    return list(
        db.session.scalars(
            select(Disclosure).where(Disclosure.unit_id == unit.id).order_by(Disclosure.id.desc()).limit(200)
        )
    )


@dataclass(frozen=True)
class CategoryInfo:
    """A category as lists and forms show it: a plain copy, safe to keep between requests and sessions."""

    id: int
    code: str
    name_vi: str
    name_en: str
    legal_basis: str
    posting_days: int | None
    audience: Audience
    required_for: tuple[str, ...]
    due_month: int | None
    due_day: int | None

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


def _load_active_categories() -> tuple[CategoryInfo, ...]:
    rows = db.session.scalars(
        select(DisclosureCategory).where(DisclosureCategory.is_active.is_(True)).order_by(DisclosureCategory.id)
    )
    return tuple(
        CategoryInfo(
            id=c.id,
            code=c.code,
            name_vi=c.name_vi,
            name_en=c.name_en,
            legal_basis=c.legal_basis,
            posting_days=c.posting_days,
            audience=c.audience,
            required_for=tuple(c.required_for or ()),
            due_month=c.due_month,
            due_day=c.due_day,
        )
        for c in rows
    )


# Every list and form asks for them and they change only when an administrator edits a category (a flush of
# DisclosureCategory), which drops the copy on every worker (portal.core.cache).
_active_categories = Cached("disclosure_categories", _load_active_categories, models=[DisclosureCategory])
# What the public disclosure pages are built from, with the units (portal.core.httpcache); the days declared off
# move the last day of posting.
disclosure_content = Versioned(
    "disclosure_content", models=[Disclosure, DisclosureVersion, Attachment, DisclosureCategory, CalendarDay]
)


def active_categories() -> tuple[CategoryInfo, ...]:
    return _active_categories.get()
