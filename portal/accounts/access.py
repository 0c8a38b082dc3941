"""Who may act on which unit: a role held in a unit covers every unit below it."""

from collections.abc import Iterable

from sqlalchemy import Select, or_, select

from portal.accounts.models import Membership, Role, User
from portal.extensions import db
from portal.units.models import Unit


def roles_in(user: User, unit: Unit) -> set[Role]:
    """The roles the user holds in this unit or any unit above it."""
    if not getattr(user, "is_authenticated", False):
        return set()
    unit_ids = [unit.id] + [ancestor.id for ancestor in unit.ancestors()]
    rows = db.session.scalars(
        select(Membership.role).where(
            Membership.user_id == user.id,
            or_(
                Membership.unit_id.in_(unit_ids), (Membership.unit_id.is_(None)) & (Membership.role == Role.site_admin)
            ),
        )
    )
    return set(rows)


def has_role(user: User, unit: Unit, roles: Iterable[Role]) -> bool:
    """Site administrators may do everything a unit role may, in the units they administer."""
    held = roles_in(user, unit)
    return bool(held & (set(roles) | {Role.site_admin}))


def members_of(units: Iterable[Unit], roles: Iterable[Role]) -> list[User]:
    """The enabled users holding one of `roles` in one of `units` itself, not above it: whom a unit's mail is for."""
    return list(db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.unit_id.in_([unit.id for unit in units]), Membership.role.in_(list(roles)),
               User.is_enabled.is_(True))
        .distinct()
        .order_by(User.id)
    ))


def is_site_admin(user: User, *, whole_site: bool = False) -> bool:
    """A site administrator of some unit, or with `whole_site` of the whole site."""
    if not getattr(user, "is_authenticated", False):
        return False
    statement = select(Membership.id).where(Membership.user_id == user.id, Membership.role == Role.site_admin)
    if whole_site:
        statement = statement.where(Membership.unit_id.is_(None))
    return db.session.scalar(statement.limit(1)) is not None


def may_manage_setting_for(user: User, unit: Unit | None, roles: Iterable[Role]) -> bool:
    """A setting of one unit (a rule, a period) is managed by those holding `roles` there or above; a setting for
    the whole country, of no unit, by the whole site's administrators alone."""
    if unit is None:
        return is_site_admin(user, whole_site=True)
    return has_role(user, unit, roles)


ADMINISTRATOR_ROLES = (Role.site_admin, Role.unit_admin)


def administered_units(user: User) -> Select | None:
    """The ids of the units the user administers, with every unit below them, as a subquery.

    None means the whole site. A recursive query rather than a Python walk, so a province
    administrator's thousands of communes and villages never travel to the application.
    """
    if is_site_admin(user, whole_site=True):
        return None
    roots = select(Membership.unit_id).where(
        Membership.user_id == getattr(user, "id", None),
        Membership.role.in_(ADMINISTRATOR_ROLES),
        Membership.unit_id.is_not(None),
    )
    tree = select(Unit.id).where(Unit.id.in_(roots)).cte("administered", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def is_administrator(user: User) -> bool:
    """A site administrator of any scope or a unit administrator: may manage officials and read the audit log."""
    if not getattr(user, "is_authenticated", False):
        return False
    statement = select(Membership.id).where(Membership.user_id == user.id, Membership.role.in_(ADMINISTRATOR_ROLES))
    return db.session.scalar(statement.limit(1)) is not None
