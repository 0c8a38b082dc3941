"""Units: finding them by code or by name ignoring diacritics, and adding historical and custom ones."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from portal.accounts.access import has_role, is_administrator, is_site_admin
from portal.accounts.models import Role, User
from portal.core.audit import record_about
from portal.core.cache import Versioned
from portal.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _, _l
from portal.core.text import fold, like_pattern
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.units.models import BodyType, SuccessionSource, Unit, UnitKind, UnitSource, UnitSuccession

SEARCH_LIMIT = 50
MAX_NAME_LENGTH = 200
MAX_DIVISION_TYPE_LENGTH = 64
MAX_CODE_LENGTH = 32
MANUAL_CODE_PREFIX = "X"
_CODE_ATTEMPTS = 3

# What the public pages that show units are built from (portal.core.httpcache).
unit_content = Versioned("unit_content", models=[Unit, UnitSuccession])

# Messages the feature's forms show too: written here once.
NAME_MISSING = _l("Enter the name of the unit.")
NAME_TOO_LONG = _l("Enter a name of at most 200 characters.")
DIVISION_TYPE_TOO_LONG = _l("Enter a division type of at most 64 characters.")
SUCCESSORS_MISSING = _l("Enter the code of at least one unit that took it over.")


def _searchable(query: str | None) -> str:
    """The folded query without control characters, which PostgreSQL refuses in text (NUL) and no name contains."""
    return "".join(ch for ch in fold(query) if ch.isprintable())


def _name_matches(folded: str):
    """The whole query in the unit's own name, or its first words there and the rest in the name of the unit above
    it or the one above that: "Tân Trung Tân Yên" finds Xã Tân Trung of Huyện Tân Yên, as people write places."""
    parent, grandparent = aliased(Unit), aliased(Unit)
    words = folded.split()
    matches = [Unit.search_name.like(like_pattern(folded), escape="\\")]
    for split in range(len(words) - 1, 0, -1):
        rest = like_pattern(" ".join(words[split:]))
        matches.append(
            Unit.search_name.like(like_pattern(" ".join(words[:split])), escape="\\")
            & (parent.search_name.like(rest, escape="\\") | grandparent.search_name.like(rest, escape="\\"))
        )
    return parent, grandparent, or_(*matches)


def search_units(
    query: str, *, limit: int = SEARCH_LIMIT, kinds: tuple[UnitKind, ...] | None = None, parent: Unit | None = None
) -> list[Unit]:
    """Units whose name contains the query, ignoring case, diacritics and normalization form; or whose name holds
    its first words and whose district or province the rest.

    Whole-name matches first, current units before historical ones, and shorter names (closer matches) first.
    """
    folded = " ".join(_searchable(query).replace(",", " ").split())  # "Tân Trung, Tân Yên" as written on letters
    if not folded or len(folded) > MAX_NAME_LENGTH:
        return []
    parent_unit, grandparent_unit, matches = _name_matches(folded)
    statement = (
        select(Unit)
        .outerjoin(parent_unit, Unit.parent_id == parent_unit.id)
        .outerjoin(grandparent_unit, parent_unit.parent_id == grandparent_unit.id)
        .where(matches)
    )
    if kinds:
        statement = statement.where(Unit.kind.in_(kinds))
    if parent is not None:
        statement = statement.where(Unit.parent_id == parent.id)
    whole_name = Unit.search_name.like(like_pattern(folded), escape="\\")
    statement = statement.order_by(
        ~whole_name, Unit.dissolved_on.is_not(None), db.func.length(Unit.search_name), Unit.search_name, Unit.id
    ).limit(limit)
    return list(db.session.scalars(statement))


def find_place(code: str | None) -> Unit | None:
    """The unit a code names: today's unit with that code, else the unit dissolved in 2025 that had it (people and
    other systems still quote the old codes)."""
    code = (code or "").strip()
    if not code or len(code) > MAX_CODE_LENGTH or not code.isprintable():
        return None
    return db.session.scalar(
        select(Unit).where(or_(Unit.code == code, Unit.legacy_code == code))
        .order_by(Unit.legacy_code.is_not(None)).options(joinedload(Unit.parent)).limit(1)
    )


def _find_by_code(code: str | None) -> Unit | None:
    """A code that cannot exist (too long, control characters) is not sent to the database at all."""
    if not code or len(code) > MAX_CODE_LENGTH or not code.isprintable():
        return None
    return db.session.scalar(select(Unit).where(Unit.code == code))


def get_unit_by_code(code: str) -> Unit:
    unit = _find_by_code(code)
    if unit is None:
        raise NotFound(_("There is no unit with the code %(code)s.", code=code[:MAX_CODE_LENGTH]))
    return unit


def list_provinces(*, include_historical: bool = False) -> list[Unit]:
    statement = select(Unit).where(Unit.kind == UnitKind.province)
    if not include_historical:
        statement = statement.where(Unit.dissolved_on.is_(None))
    return list(db.session.scalars(statement.order_by(Unit.search_name)))


def list_children(unit: Unit) -> dict[UnitKind, list[Unit]]:
    """The units directly below, grouped by kind; bodies first, as they are what a reader of a unit looks for."""
    order = (UnitKind.body, UnitKind.district, UnitKind.commune, UnitKind.village, UnitKind.province)
    grouped: dict[UnitKind, list[Unit]] = {kind: [] for kind in order}
    statement = select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.dissolved_on.is_not(None), Unit.search_name)
    for child in db.session.scalars(statement):
        grouped[child.kind].append(child)
    return {kind: children for kind, children in grouped.items() if children}


def find_units(
    *, query: str = "", kind: UnitKind | None = None, parent_code: str | None = None, limit: int = 20
) -> list[Unit]:
    """The API's finder: by name when a query is given, otherwise by kind and parent, in name order."""
    parent = None
    if parent_code:
        parent = _find_by_code(parent_code)
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


def may_add_to(actor: User, parent: Unit | None) -> bool:
    """Adding below a unit is for its administrators; a unit at the top of the tree only for the whole site's."""
    if parent is None:
        return is_site_admin(actor, whole_site=True)
    return has_role(actor, parent, {Role.unit_admin})


def may_edit_unit(actor: User, unit: Unit) -> bool:
    """A unit is changed by those who administer the unit above it, so nobody rewrites the unit their role is in."""
    return may_add_to(actor, unit.parent)


def check_may_add_to(actor: User, parent: Unit | None) -> None:
    if not may_add_to(actor, parent):
        raise NotAllowed(_("You may only add units inside the units you administer."))


def check_may_add_units(actor: User, parent: Unit | None) -> None:
    """Below a chosen unit, its administrators; with none chosen yet, any administrator may open the form (the unit
    typed in it is checked when the unit is created)."""
    if parent is None and is_administrator(actor):
        return
    check_may_add_to(actor, parent)


def check_may_edit_unit(actor: User, unit: Unit) -> None:
    if not may_edit_unit(actor, unit):
        raise NotAllowed(_("You may only change the units you administer."))


def check_may_import_units(actor: User) -> None:
    """The official list changes every unit of the country: only an administrator of the whole site imports it."""
    if not is_site_admin(actor, whole_site=True):
        raise NotAllowed(_("Only a site administrator of the whole site may import the official list of units."))


@dataclass(frozen=True)
class NewUnit:
    """What an administrator enters for a unit: a new one, or an existing one as it should become."""

    kind: UnitKind
    name: str
    parent_code: str | None = None
    body_type: BodyType | None = None
    division_type: str = ""
    dissolved_on: date | None = None
    is_remote_area: bool = False


def _tidy(text: str | None) -> str:
    """Names are stored composed (NFC) with single spaces, whatever the keyboard sent."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _parent_for(data: NewUnit) -> Unit | None:
    code = (data.parent_code or "").strip()
    if not code:
        return None
    parent = _find_by_code(code)
    if parent is None:
        raise InvalidInput(
            _(
                "There is no unit with the code %(code)s. Check the code on the page of the unit it belongs to.",
                code=code[:MAX_CODE_LENGTH],
            )
        )
    return parent


def _check_parent_kind(kind: UnitKind, parent_kind: UnitKind | None) -> None:
    """The levels of the tree: province, district, commune, village; a body sits in any unit or in another body."""
    if kind == UnitKind.province and parent_kind is not None:
        raise InvalidInput(_("A province belongs to no other unit. Leave the code of the unit it belongs to empty."))
    if kind == UnitKind.district and parent_kind != UnitKind.province:
        raise InvalidInput(_("A district belongs to a province. Enter the code of the province."))
    if kind == UnitKind.commune and parent_kind not in {UnitKind.province, UnitKind.district}:
        raise InvalidInput(
            _("A commune, ward or special zone belongs to a province or a district. Enter the code of one of them.")
        )
    if kind == UnitKind.village and parent_kind != UnitKind.commune:
        raise InvalidInput(
            _("A village or residential group belongs to a commune or ward. Enter the code of the commune or ward.")
        )
    if kind == UnitKind.body and parent_kind is None:
        raise InvalidInput(_("A body belongs to a unit. Enter the code of the unit it belongs to."))


def _validate(data: NewUnit, parent: Unit | None) -> None:
    name = _tidy(data.name)
    if not name:
        raise InvalidInput(NAME_MISSING)
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(NAME_TOO_LONG)
    if not name.isprintable():
        raise InvalidInput(_("Enter the name as plain text, without control characters."))
    division_type = _tidy(data.division_type)
    if len(division_type) > MAX_DIVISION_TYPE_LENGTH:
        raise InvalidInput(DIVISION_TYPE_TOO_LONG)
    if not division_type.isprintable():
        raise InvalidInput(_("Enter the division type as plain text, without control characters."))
    if data.kind == UnitKind.body and data.body_type is None:
        raise InvalidInput(_("Choose what kind of body this is."))
    if data.kind != UnitKind.body and data.body_type is not None:
        raise InvalidInput(
            _("Only a body has a body type. Choose the kind Body or office, or leave the body type empty.")
        )
    _check_parent_kind(data.kind, parent.kind if parent else None)


def _next_manual_code() -> str:
    """X and five digits, one more than the highest; codes the demo data spells out (XMINHLONG) are skipped."""
    codes = db.session.scalars(select(Unit.code).where(Unit.code.like(f"{MANUAL_CODE_PREFIX}%"))).all()
    numbers = [int(code[1:]) for code in codes if code[1:].isdigit()]
    return f"{MANUAL_CODE_PREFIX}{(max(numbers, default=0) + 1):05d}"


def _insert_with_new_code(unit: Unit) -> None:
    """Two administrators adding units at the same moment may pick the same code: the loser tries the next one."""
    for _attempt in range(_CODE_ATTEMPTS):
        unit.code = _next_manual_code()
        try:
            with db.session.begin_nested():
                db.session.add(unit)
                db.session.flush()
        except IntegrityError:
            continue
        return
    raise Conflict(_("Another unit was being added at the same moment. Send the form again."))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def create_unit(actor: User, data: NewUnit, *, now: datetime | None = None) -> Unit:
    """Add a historical or custom unit: a district before 2025, a village, a body inside a unit."""
    now = now or utcnow()
    parent = _parent_for(data)
    check_may_add_to(actor, parent)
    _validate(data, parent)
    unit = Unit(
        kind=data.kind,
        body_type=data.body_type,
        name=_tidy(data.name),
        division_type=_tidy(data.division_type),
        parent_id=parent.id if parent else None,
        source=UnitSource.manual,
        dissolved_on=data.dissolved_on,
        is_remote_area=bool(data.is_remote_area),
        created_at=now,
    )
    _insert_with_new_code(unit)
    record_about(
        unit, "units.created", "unit", actor=actor, unit_id=unit.id,
        details={
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind.value,
            "parent": parent.code if parent else None,
            "dissolved_on": _iso(unit.dissolved_on),
            **({"is_remote_area": True} if unit.is_remote_area else {}),
        },
        now=now,
    )
    return unit


def _snapshot(unit: Unit) -> dict:
    return {
        "name": unit.name,
        "kind": unit.kind.value,
        "body_type": unit.body_type.value if unit.body_type else None,
        "division_type": unit.division_type,
        "parent": unit.parent.code if unit.parent else None,
        "dissolved_on": _iso(unit.dissolved_on),
        "is_remote_area": unit.is_remote_area,
    }


def _check_official_change(unit: Unit, data: NewUnit, parent: Unit | None) -> None:
    """The official list is the government's: only re-importing it changes a name or a place in the tree."""
    wanted = (_tidy(data.name), data.kind, data.body_type, _tidy(data.division_type), parent)
    if wanted != (unit.name, unit.kind, unit.body_type, unit.division_type, unit.parent):
        raise InvalidInput(
            _(
                "Units of the official list change only by importing the list again. "
                "You may set the date it was dissolved."
            )
        )


def _check_move(actor: User, unit: Unit, data: NewUnit, parent: Unit | None) -> None:
    if parent is not None and (parent.id == unit.id or unit in parent.ancestors()):
        raise InvalidInput(_("A unit cannot be placed inside itself or one of its own sub-units."))
    if parent != unit.parent and not may_add_to(actor, parent):
        raise NotAllowed(_("You may only move a unit into a unit you administer."))
    if data.kind != unit.kind:
        child_kinds = db.session.scalars(select(Unit.kind).where(Unit.parent_id == unit.id).distinct())
        for child_kind in child_kinds:
            try:
                _check_parent_kind(child_kind, data.kind)
            except InvalidInput:
                raise InvalidInput(
                    _(
                        "The units inside %(name)s could not stay there if its kind changed. "
                        "Move them first, or keep the kind.",
                        name=unit.name,
                    )
                ) from None


def update_unit(actor: User, unit: Unit, data: NewUnit, *, now: datetime | None = None) -> Unit:
    """Edit a unit. Units of the official list change only by re-import, except their dissolution date and whether
    they are a remote area (which no list says)."""
    now = now or utcnow()
    check_may_edit_unit(actor, unit)
    parent = _parent_for(data)
    if unit.source == UnitSource.official_list:
        _check_official_change(unit, data, parent)
    else:
        _validate(data, parent)
        _check_move(actor, unit, data, parent)
    before = _snapshot(unit)
    if unit.source == UnitSource.manual:
        unit.name = _tidy(data.name)
        unit.search_name = fold(unit.name)
        unit.kind, unit.body_type, unit.parent = data.kind, data.body_type, parent
        unit.division_type = _tidy(data.division_type)
    unit.dissolved_on = data.dissolved_on
    unit.is_remote_area = bool(data.is_remote_area)
    db.session.flush()
    after = _snapshot(unit)
    record_about(
        unit, "units.updated", "unit", actor=actor, unit_id=unit.id,
        details={
            "code": unit.code,
            "before": {key: value for key, value in before.items() if after[key] != value},
            "after": {key: value for key, value in after.items() if before[key] != value},
        },
        now=now,
    )
    return unit


# --- successions: which units took over a dissolved one ---------------------------------------------------


def _successions_by_successor(criterion: ColumnElement[bool]) -> Select[tuple[UnitSuccession]]:
    """Successions, the default successor first, then the successors by name."""
    successor = aliased(Unit)
    return (
        select(UnitSuccession)
        .join(successor, UnitSuccession.successor_id == successor.id)
        .where(criterion)
        .order_by(UnitSuccession.is_default.desc(), successor.search_name, successor.id)
    )


def successions_of(unit: Unit) -> list[UnitSuccession]:
    """The units that took over this one, the one that took most of it first."""
    return list(db.session.scalars(_successions_by_successor(UnitSuccession.predecessor_id == unit.id)))


def with_successors(unit: Unit) -> list[Unit]:
    """The unit, then the units that took it over: whom its duties pass to once it is dissolved."""
    return [unit, *(succession.successor for succession in successions_of(unit))]


def successors_by_unit(units: list[Unit]) -> dict[int, list[UnitSuccession]]:
    """The successions of each dissolved unit of a list, in one query: a search result names where each went."""
    ids = [unit.id for unit in units if unit.is_historical]
    grouped: dict[int, list[UnitSuccession]] = {}
    if not ids:
        return grouped
    statement = _successions_by_successor(UnitSuccession.predecessor_id.in_(ids)).options(
        joinedload(UnitSuccession.successor)
    )
    for row in db.session.scalars(statement):
        grouped.setdefault(row.predecessor_id, []).append(row)
    return grouped


def predecessions_of(unit: Unit) -> list[UnitSuccession]:
    """The dissolved units this one took over (all or part of)."""
    predecessor = aliased(Unit)
    statement = (
        select(UnitSuccession)
        .join(predecessor, UnitSuccession.predecessor_id == predecessor.id)
        .where(UnitSuccession.successor_id == unit.id)
        .order_by(predecessor.search_name, predecessor.id)
    )
    return list(db.session.scalars(statement))


def dissolved_ancestor(unit: Unit) -> Unit | None:
    """The unit itself or the nearest unit above it that no longer exists: a village of a merged commune lives on,
    but its cases go where the commune went."""
    for candidate in (unit, *unit.ancestors()):
        if candidate.is_historical:
            return candidate
    return None




def may_edit_successors(actor: User, unit: Unit) -> bool:
    return has_role(actor, unit, {Role.unit_admin})


def check_may_edit_successors(actor: User, unit: Unit) -> None:
    if not may_edit_successors(actor, unit):
        raise NotAllowed(_("You may only set the successors of units you administer."))


def set_successors(actor: User, predecessor_code: str, successor_codes: list[str], effective_on, *,
                   now=None) -> list[UnitSuccession]:
    """Add or correct which units took over a dissolved one: the given list replaces what the library said, and
    later imports leave it as the administrator set it. The first successor is where cases go by default."""
    now = now or utcnow()
    predecessor = _find_by_code((predecessor_code or "").strip())
    if predecessor is None:
        raise InvalidInput(_("There is no unit with the code you entered for the dissolved unit."))
    if not predecessor.is_historical:
        raise InvalidInput(_("%(name)s still exists. Set the date it was dissolved before naming its successors.",
                             name=predecessor.name))
    check_may_edit_successors(actor, predecessor)
    codes = list(dict.fromkeys(code.strip() for code in successor_codes if code.strip()))
    if not codes:
        raise InvalidInput(SUCCESSORS_MISSING)
    successors = []
    for code in codes:
        successor = _find_by_code(code)
        if successor is None:
            raise InvalidInput(_("There is no unit with the code %(code)s.", code=code[:MAX_CODE_LENGTH]))
        if successor.is_historical or successor.id == predecessor.id:
            raise InvalidInput(_("%(name)s no longer exists either. Choose a unit that exists today.",
                                 name=successor.name))
        successors.append(successor)
    if effective_on is None:
        raise InvalidInput(_("Enter the date from which they took it over."))
    before = [s.successor.code for s in successions_of(predecessor)]
    for old in successions_of(predecessor):
        db.session.delete(old)
    db.session.flush()
    rows = [
        UnitSuccession(predecessor=predecessor, successor=successor, effective_on=effective_on,
                       is_default=index == 0, source=SuccessionSource.manual, created_at=now)
        for index, successor in enumerate(successors)
    ]
    db.session.add_all(rows)
    db.session.flush()
    record_about(
        predecessor, "units.successors_set", "unit", actor=actor, unit_id=predecessor.id,
        details={"before": before, "after": codes, "effective_on": effective_on.isoformat()}, now=now,
    )
    return rows
