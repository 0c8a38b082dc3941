"""Who may act on which unit: a role held in a unit covers every unit below it."""

from collections.abc import Iterable

from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.extensions import db
from portal.units.models import Unit


def roles_in(user: User, unit: Unit) -> set[Role]:
    """The roles the user holds in this unit or any unit above it."""
    if not getattr(user, "is_authenticated", False):
        return set()
    unit_ids = [unit.id] + [ancestor.id for ancestor in unit.ancestors()]
    rows = db.session.scalars(
        select(Membership.role).where(Membership.user_id == user.id, Membership.unit_id.in_(unit_ids))
    )
    return set(rows)


def has_role(user: User, unit: Unit, roles: Iterable[Role]) -> bool:
    """Site administrators may do everything a unit role may, in the units they administer."""
    held = roles_in(user, unit)
    return bool(held & (set(roles) | {Role.site_admin}))


def is_site_admin(user: User) -> bool:
    """A site administrator of any unit (the whole site when held at a province or above)."""
    if not getattr(user, "is_authenticated", False):
        return False
    found = db.session.scalar(
        select(Membership.id).where(Membership.user_id == user.id, Membership.role == Role.site_admin).limit(1)
    )
    return found is not None
