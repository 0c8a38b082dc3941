"""Managing the categories of disclosure: what the law requires, with its basis and posting period.

Categories live in data, not code, because the rules change (LEGAL.md); the migration
seeds those of Law 10/2022/QH15 and a site administrator keeps them current.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import is_site_admin
from portal.accounts.models import User
from portal.core.audit import record_about
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _
from portal.disclosures.models import Audience, DisclosureCategory
from portal.extensions import db
from portal.units.models import UnitKind

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


# Shaped like cases' Submission only as a row of fields with defaults: a category's rule, not a citizen's case.
@dataclass(frozen=True)
class CategoryData:
    name_vi: str
    name_en: str
    legal_basis: str
    posting_days: int | None
    audience: Audience
    required_for: list[UnitKind]
    is_correction_restarting: bool = False
    due_month: int | None = None
    due_day: int | None = None
    is_active: bool = True


def all_categories() -> list[DisclosureCategory]:
    return list(db.session.scalars(select(DisclosureCategory).order_by(DisclosureCategory.id)))


def get_category(code: str) -> DisclosureCategory:
    category = db.session.scalar(select(DisclosureCategory).where(DisclosureCategory.code == code))
    if category is None:
        raise NotFound(_("There is no category with this code."))
    return category


def check_may_manage_categories(actor: User) -> None:
    """The categories are the law's list, the same for every unit: only an administrator of the whole site."""
    if not is_site_admin(actor, whole_site=True):
        raise NotAllowed(_("Only a site administrator may manage the categories of disclosure."))


def _check(actor: User, data: CategoryData) -> None:
    check_may_manage_categories(actor)
    for value, limit in ((data.name_vi, 300), (data.name_en, 300), (data.legal_basis, 300)):
        if not (value or "").strip():
            raise InvalidInput(_("Enter the names in both languages and the legal basis."))
        if len(value) > limit:
            raise InvalidInput(_("Enter names and legal basis of at most 300 characters."))
    if data.posting_days is not None and not 1 <= data.posting_days <= 3650:
        raise InvalidInput(_("Enter a posting period from 1 to 3650 days, or choose permanent posting."))
    if (data.due_month is None) != (data.due_day is None):
        raise InvalidInput(_("Enter both the day and the month of the yearly due date, or neither."))
    if data.due_month is not None:
        try:
            date(2024, data.due_month, data.due_day)
        except ValueError as error:
            raise InvalidInput(_("Enter a real day of the year as the due date, for example 31/3.")) from error


def _apply(category: DisclosureCategory, data: CategoryData) -> None:
    category.name_vi, category.name_en = data.name_vi.strip(), data.name_en.strip()
    category.legal_basis = data.legal_basis.strip()
    category.posting_days, category.audience = data.posting_days, data.audience
    category.required_for = sorted(kind.value for kind in data.required_for)
    category.is_correction_restarting, category.is_active = data.is_correction_restarting, data.is_active
    category.due_month, category.due_day = data.due_month, data.due_day


def create_category(actor: User, code: str, data: CategoryData, *, now: datetime | None = None) -> DisclosureCategory:
    _check(actor, data)
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise InvalidInput(_("Enter a code of 2 to 63 lowercase letters, digits and hyphens, for example quy-hoach."))
    if db.session.scalar(select(DisclosureCategory.id).where(DisclosureCategory.code == code)):
        raise InvalidInput(_("A category with this code already exists."))
    category = DisclosureCategory(code=code)
    _apply(category, data)
    db.session.add(category)
    db.session.flush()
    record_about(
        category, "disclosures.category_created", "disclosure_category", actor=actor,
        details={"code": code, "posting_days": data.posting_days}, now=now,
    )
    return category


def update_category(
    actor: User, category: DisclosureCategory, data: CategoryData, *, now: datetime | None = None
) -> None:
    """Changes apply to disclosures drafted from now on; those already posted keep their period."""
    _check(actor, data)
    before = {
        "posting_days": category.posting_days,
        "audience": category.audience.value,
        "is_active": category.is_active,
    }
    _apply(category, data)
    db.session.flush()
    record_about(
        category, "disclosures.category_updated", "disclosure_category", actor=actor,
        details={"code": category.code, "before": before}, now=now,
    )
