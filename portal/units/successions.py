"""Which units took over the communes, districts and provinces dissolved by the 2025 reform.

The correspondence comes from the `vietnamadminunits` library (MIT), whose data keeps the 10,040 communes, 696
districts and 63 provinces of before 1 July 2025 with their government codes, and which new commune took each old
one (several, for a commune split between new ones, with the one that took most of it marked). Its files are read
directly: importing the package itself would load its geocoding stack, which the portal does not need.

The import is keyed by the old government code (`Unit.legacy_code`), so running it again changes nothing; it
never touches a unit an administrator made, except to adopt it as the historical unit of an old code it carries,
and never replaces the successions an administrator set by hand for a unit.
"""

import importlib.util
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

from portal.core import audit
from portal.core.text import fold
from portal.extensions import db
from portal.units.importer import ListedUnit
from portal.units.models import SuccessionSource, Unit, UnitKind, UnitSource, UnitSuccession

REFORM_DATE = date(2025, 7, 1)
HISTORICAL_CODE_PREFIX = "H"
_BATCH = 2_000


@dataclass(frozen=True)
class SuccessionImport:
    historical_units: int
    created_units: int
    successions: int
    created_successions: int


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _division_type(name: str) -> str:
    """The Vietnamese label the name starts with: "Xã Tân Trung" is a xã, "Thị trấn Hà Trung" a thị trấn."""
    for label in ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"):
        if name.startswith(label + " "):
            return label.lower()
    return ""


@dataclass(frozen=True)
class _Library:
    old_units: list[ListedUnit]
    # old code -> [(province code of today, folded name of today's unit, library code of today's unit, default)]
    successors: dict[str, list[tuple[str, str, str, bool]]]


def _read_library() -> _Library:
    data = _data_dir()
    connection = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy = connection.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, wardCode, ward, wardKey "
            "FROM admin_units_legacy"
        ).fetchall()
        current = connection.execute("SELECT provinceCode, provinceKey, wardCode, ward, wardKey FROM admin_units")
        new_ward = {(row[1], row[4]): (row[0], fold(row[3]), row[2]) for row in current}
    finally:
        connection.close()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    new_province_of = {old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    province_code_of = {key: code for (key, _ward), (code, _name, _code) in new_ward.items()}

    old_units: dict[str, ListedUnit] = {}
    ward_code_by_key: dict[str, str] = {}
    successors: dict[str, list[tuple[str, str, str, bool]]] = {}
    for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_key in legacy:
        new_province = new_province_of[p_key]
        old_units.setdefault(p_code, ListedUnit(p_code, p_name, UnitKind.province, _division_type(p_name), None))
        successors.setdefault(p_code, [(province_code_of[new_province], "", "", True)])
        if d_code:
            old_units.setdefault(d_code, ListedUnit(d_code, d_name, UnitKind.district, _division_type(d_name), p_code))
            successors.setdefault(d_code, [(province_code_of[new_province], "", "", True)])
        if w_code:
            old_units[w_code] = ListedUnit(w_code, w_name, UnitKind.commune, _division_type(w_name), d_code)
            ward_code_by_key[f"{p_key}_{d_key}_{w_key}"] = w_code
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            target = new_ward[(new_province, new_key)]
            for old_key in old_keys:
                if old_key in ward_code_by_key:
                    successors[ward_code_by_key[old_key]] = [(*target, True)]
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            if old_key in ward_code_by_key:
                successors[ward_code_by_key[old_key]] = [
                    (*new_ward[(new_province, part["newWardKey"])], bool(part["isDefaultNewWard"])) for part in parts
                ]
    return _Library(list(old_units.values()), successors)


def _current_units() -> tuple[dict[str, Unit], dict[tuple[str, str], Unit]]:
    """Today's provinces and communes by code, and communes by (province code, folded name): the library and
    vietnam-provinces agree on 97% of the codes, and on the names of the rest."""
    units = db.session.scalars(
        select(Unit).where(
            Unit.source == UnitSource.official_list,
            Unit.legacy_code.is_(None),
            Unit.kind.in_([UnitKind.province, UnitKind.commune]),
        )
    ).all()
    by_code = {unit.code: unit for unit in units}
    by_id = {unit.id: unit for unit in units}
    by_name = {
        (by_id[unit.parent_id].code, unit.search_name): unit
        for unit in units
        if unit.kind == UnitKind.commune and unit.parent_id in by_id
    }
    return by_code, by_name


def _successor_finder(current_by_code: dict[str, Unit], current_by_name: dict[tuple[str, str], Unit]):
    def successor_of(province_code: str, folded_name: str, code: str) -> Unit | None:
        if not folded_name:
            return current_by_code.get(province_code)
        return current_by_name.get((province_code, folded_name)) or current_by_code.get(code)

    return successor_of


def record_library_successions(units_by_old_code: dict[str, Unit]) -> int:
    """Give units an administrator made for old codes (the demo's sample issuers) the library's successors, unless
    they have successions already; returns how many were added. Needs today's list imported first."""
    library = _read_library()
    successor_of = _successor_finder(*_current_units())
    added = 0
    for old_code, unit in units_by_old_code.items():
        if db.session.scalar(select(UnitSuccession.id).where(UnitSuccession.predecessor_id == unit.id).limit(1)):
            continue
        for province_code, folded_name, code, is_default in library.successors.get(old_code, []):
            successor = successor_of(province_code, folded_name, code)
            if successor is not None:
                db.session.add(UnitSuccession(predecessor=unit, successor=successor, effective_on=REFORM_DATE,
                                              is_default=is_default, source=SuccessionSource.library))
                added += 1
    db.session.flush()
    return added


def _is_same_unit(old: ListedUnit, current: Unit | None) -> bool:
    """A unit the reform left as it was (Hà Nội, an island district's commune) has no historical twin."""
    return current is not None and current.kind == old.kind and current.search_name == fold(old.name)


def _with_ancestors(codes: Iterable[str], by_code: dict[str, ListedUnit]) -> set[str]:
    wanted = set()
    for code in codes:
        while code and code in by_code and code not in wanted:
            wanted.add(code)
            code = by_code[code].parent_code
    return wanted


def import_successions(actor=None, *, legacy_codes: Iterable[str] | None = None) -> SuccessionImport:
    """Create the historical units of the old list and their successions; the caller commits.

    `legacy_codes` limits the import to those old units and the units above them (the demo needs only its own).
    Needs today's list imported first (portal.units.importer)."""
    library = _read_library()
    old_by_code = {old.code: old for old in library.old_units}
    olds = library.old_units
    if legacy_codes is not None:
        wanted = _with_ancestors(legacy_codes, old_by_code)
        olds = [old for old in olds if old.code in wanted]
    current_by_code, current_by_name = _current_units()
    kind_order = {UnitKind.province: 0, UnitKind.district: 1, UnitKind.commune: 2}
    olds = sorted((old for old in olds if not _is_same_unit(old, current_by_code.get(old.code))),
                  key=lambda old: kind_order[old.kind])

    existing = {
        unit.legacy_code: unit
        for unit in db.session.scalars(select(Unit).where(Unit.legacy_code.is_not(None)))
    }
    historical_id = {code: unit.id for code, unit in existing.items()}
    created_units = 0
    for kind in (UnitKind.province, UnitKind.district, UnitKind.commune):
        rows = []
        for old in olds:
            if old.kind != kind or old.code in existing:
                continue
            parent_id = historical_id.get(old.parent_code)
            if parent_id is None and old.parent_code in current_by_code:
                parent_id = current_by_code[old.parent_code].id
            rows.append({
                "code": f"{HISTORICAL_CODE_PREFIX}{old.code}",
                "legacy_code": old.code,
                "kind": kind,
                "name": old.name,
                "search_name": fold(old.name),
                "division_type": old.division_type,
                "parent_id": parent_id,
                "source": UnitSource.official_list,
                "dissolved_on": REFORM_DATE,
            })
        for start in range(0, len(rows), _BATCH):
            db.session.execute(insert(Unit), rows[start:start + _BATCH])
        created_units += len(rows)
        if rows:
            for start in range(0, len(rows), _BATCH):
                codes = [row["legacy_code"] for row in rows[start:start + _BATCH]]
                historical_id.update(db.session.execute(
                    select(Unit.legacy_code, Unit.id).where(Unit.legacy_code.in_(codes))
                ).all())

    successor_of = _successor_finder(current_by_code, current_by_name)
    predecessor_ids = [historical_id[old.code] for old in olds if old.code in historical_id]
    known: dict[int, set[int]] = {}
    manual: set[int] = set()
    for start in range(0, len(predecessor_ids), _BATCH):
        chunk = predecessor_ids[start:start + _BATCH]
        statement = select(UnitSuccession.predecessor_id, UnitSuccession.successor_id, UnitSuccession.source).where(
            UnitSuccession.predecessor_id.in_(chunk)
        )
        for predecessor_id, successor_id, source in db.session.execute(statement):
            known.setdefault(predecessor_id, set()).add(successor_id)
            if source == SuccessionSource.manual:
                manual.add(predecessor_id)
    rows = []
    total = 0
    for old in olds:
        predecessor_id = historical_id.get(old.code)
        if predecessor_id is None or predecessor_id in manual:
            continue
        for province_code, folded_name, code, is_default in library.successors.get(old.code, []):
            successor = successor_of(province_code, folded_name, code)
            if successor is None:
                continue
            total += 1
            if successor.id in known.setdefault(predecessor_id, set()):
                continue
            known[predecessor_id].add(successor.id)
            rows.append({
                "predecessor_id": predecessor_id,
                "successor_id": successor.id,
                "effective_on": REFORM_DATE,
                "is_default": is_default,
                "source": SuccessionSource.library,
            })
    for start in range(0, len(rows), _BATCH):
        db.session.execute(insert(UnitSuccession), rows[start:start + _BATCH])
    result = SuccessionImport(len(historical_id), created_units, total, len(rows))
    audit.record("units.successions_imported", actor=actor, subject_type="unit",
                 details={"created_units": created_units, "created_successions": len(rows)})
    return result
