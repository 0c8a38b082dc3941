"""Units: finding them by code or by name ignoring diacritics, and adding historical and custom ones."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import has_role, is_site_admin
from portal.accounts.models import Role, User
from portal.core import audit
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _
from portal.core.text import fold, like_pattern
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.units.models import BodyType, Unit, UnitKind, UnitSource

SEARCH_LIMIT = 50


def search_units(
    query: str, *, limit: int = SEARCH_LIMIT, kinds: tuple[UnitKind, ...] | None = None, parent: Unit | None = None
) -> list[Unit]:
    """Units whose name contains the query, ignoring case, diacritics and normalization form.

    Current units come before historical ones, and shorter names (closer matches) first.
    """
    folded = fold(query)
    if not folded:
        return []
    statement = select(Unit).where(Unit.search_name.like(like_pattern(folded), escape="\\"))
    if kinds:
        statement = statement.where(Unit.kind.in_(kinds))
    if parent is not None:
        statement = statement.where(Unit.parent_id == parent.id)
    statement = statement.order_by(
        Unit.dissolved_on.is_not(None), db.func.length(Unit.search_name), Unit.search_name, Unit.id
    ).limit(limit)
    return list(db.session.scalars(statement))


def get_unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(_("There is no unit with the code %(code)s.", code=code))
    return unit


def list_provinces(*, include_historical: bool = False) -> list[Unit]:
    statement = select(Unit).where(Unit.kind == UnitKind.province)
    if not include_historical:
        statement = statement.where(Unit.dissolved_on.is_(None))
    return list(db.session.scalars(statement.order_by(Unit.search_name)))


def list_children(unit: Unit) -> dict[UnitKind, list[Unit]]:
    """The units directly below, grouped by kind in the order a reader expects."""
    grouped: dict[UnitKind, list[Unit]] = {kind: [] for kind in UnitKind}
    for child in db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.search_name)):
        grouped[child.kind].append(child)
    return {kind: children for kind, children in grouped.items() if children}


ALLOWED_PARENTS = {
    UnitKind.province: {None},
    UnitKind.district: {UnitKind.province},
    UnitKind.commune: {UnitKind.province, UnitKind.district},
    UnitKind.village: {UnitKind.commune},
    UnitKind.body: {UnitKind.province, UnitKind.district, UnitKind.commune, UnitKind.village, UnitKind.body},
}


@dataclass(frozen=True)
class UnitData:
    """What an administrator enters for a historical or custom unit."""

    kind: UnitKind
    name: str
    parent_code: str | None = None
    body_type: BodyType | None = None
    division_type: str = ""
    dissolved_on: date | None = None


def may_administer_unit(actor: User, unit: Unit | None) -> bool:
    if unit is None:
        return is_site_admin(actor, whole_site=True)
    return has_role(actor, unit, {Role.unit_admin})


def _parent_for(data: UnitData) -> Unit | None:
    if not data.parent_code:
        return None
    parent = db.session.scalar(select(Unit).where(Unit.code == data.parent_code))
    if parent is None:
        raise InvalidInput(
            _("There is no unit with the code %(code)s. Check the code on the unit's page.", code=data.parent_code)
        )
    return parent


def _validate(data: UnitData, parent: Unit | None) -> None:
    name = (data.name or "").strip()
    if not name:
        raise InvalidInput(_("Enter the name of the unit."))
    if len(name) > 200:
        raise InvalidInput(_("Enter a name of at most 200 characters."))
    if len(data.division_type or "") > 64:
        raise InvalidInput(_("Enter a division type of at most 64 characters."))
    if data.kind == UnitKind.body and data.body_type is None:
        raise InvalidInput(_("Choose what kind of body this is."))
    if data.kind != UnitKind.body and data.body_type is not None:
        raise InvalidInput(
            _("Only a body has a body type. Choose the kind Body or office, or leave the body type empty.")
        )
    if (parent.kind if parent else None) not in ALLOWED_PARENTS[data.kind]:
        raise InvalidInput(_("A unit of this kind cannot be placed there. Choose a parent of the right level."))


def _next_manual_code() -> str:
    codes = db.session.scalars(select(Unit.code).where(Unit.code.like("X%"))).all()
    numbers = [int(code[1:]) for code in codes if code[1:].isdigit()]
    return f"X{(max(numbers, default=0) + 1):05d}"


def create_unit(actor: User, data: UnitData, *, now: datetime | None = None) -> Unit:
    """Add a historical or custom unit (a district before 2025, a village, a body inside a unit)."""
    parent = _parent_for(data)
    if not may_administer_unit(actor, parent):
        raise NotAllowed(_("You may only add units inside the units you administer."))
    _validate(data, parent)
    unit = Unit(
        code=_next_manual_code(),
        kind=data.kind,
        body_type=data.body_type,
        name=data.name.strip(),
        division_type=(data.division_type or "").strip(),
        parent=parent,
        source=UnitSource.manual,
        dissolved_on=data.dissolved_on,
        created_at=now or utcnow(),
    )
    db.session.add(unit)
    db.session.flush()
    audit.record(
        "units.created",
        actor=actor,
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        details={"name": unit.name, "kind": unit.kind.value, "code": unit.code},
        now=now,
    )
    return unit


def update_unit(actor: User, unit: Unit, data: UnitData, *, now: datetime | None = None) -> Unit:
    """Edit a unit. Units of the official list change only by re-import, except their dissolution date."""
    if not may_administer_unit(actor, unit.parent or unit) or not may_administer_unit(actor, unit):
        raise NotAllowed(_("You may only change the units you administer."))
    parent = _parent_for(data)
    if unit.source == UnitSource.official_list:
        if (data.name.strip(), data.kind, parent) != (unit.name, unit.kind, unit.parent):
            raise InvalidInput(
                _(
                    "Units of the official list change only by importing the list again. "
                    "You may set the date it was dissolved."
                )
            )
    else:
        _validate(data, parent)
        if parent is not None and (parent.id == unit.id or unit in parent.ancestors()):
            raise InvalidInput(_("A unit cannot be placed inside itself or one of its own sub-units."))
        if parent is not None and not may_administer_unit(actor, parent):
            raise NotAllowed(_("You may only move a unit into a unit you administer."))
    before = {
        "name": unit.name,
        "parent": unit.parent.code if unit.parent else None,
        "dissolved_on": unit.dissolved_on.isoformat() if unit.dissolved_on else None,
    }
    if unit.source == UnitSource.manual:
        unit.name, unit.search_name = data.name.strip(), fold(data.name)
        unit.kind, unit.body_type, unit.parent = data.kind, data.body_type, parent
        unit.division_type = (data.division_type or "").strip()
    unit.dissolved_on = data.dissolved_on
    db.session.flush()
    audit.record(
        "units.updated",
        actor=actor,
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        details={"before": before, "name": unit.name},
        now=now,
    )
    return unit


def find_units(
    *, query: str = "", kind: UnitKind | None = None, parent_code: str | None = None, limit: int = 20
) -> list[Unit]:
    """The API's finder: by name when a query is given, otherwise by kind and parent, in name order."""
    parent = None
    if parent_code:
        parent = db.session.scalar(select(Unit).where(Unit.code == parent_code))
        if parent is None:
            return []
    if query.strip():
        return search_units(query, limit=limit, kinds=(kind,) if kind else None, parent=parent)
    statement = select(Unit)
    if kind:
        statement = statement.where(Unit.kind == kind)
    if parent is not None:
        statement = statement.where(Unit.parent_id == parent.id)
    return list(db.session.scalars(statement.order_by(Unit.search_name, Unit.id).limit(limit)))
