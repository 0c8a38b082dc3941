"""Importing the official list of provinces and communes from the vietnam-provinces package.

The list changes (the 2025 reform cut 63 provinces to 34), so the import is an upsert
keyed by the government code: running it again refreshes names and parents and never
touches units an administrator added by hand. The units of the list are read in one
query and new ones inserted in bulk, so the 3,355 rows take about a second.
"""

from dataclasses import dataclass

from sqlalchemy import select
from vietnam_provinces import Province, VietNamDivisionType, Ward

from portal.core import audit
from portal.core.text import fold
from portal.extensions import db
from portal.units.models import Unit, UnitKind, UnitSource


@dataclass(frozen=True)
class ImportResult:
    provinces: int
    communes: int
    created: int
    updated: int


@dataclass(frozen=True)
class ListedUnit:
    """A unit as an official list writes it, its parent named by code: today's list here, the list of before the
    2025 reform in portal.units.successions."""

    code: str
    name: str
    kind: UnitKind
    division_type: str
    parent_code: str | None


def province_code(province: Province) -> str:
    return f"{int(province.code):02d}"


def province_name(province: Province) -> str:
    """The package names cities "Thành phố …" but provinces bare ("Gia Lai"); documents say "Tỉnh Gia Lai"."""
    if province.division_type == VietNamDivisionType.TINH and not province.name.startswith("Tỉnh "):
        return f"Tỉnh {province.name}"
    return province.name


def ward_code(ward: Ward) -> str:
    return f"{int(ward.code):05d}"


def _official_entries() -> tuple[list[ListedUnit], list[ListedUnit]]:
    provinces = [
        ListedUnit(province_code(p), province_name(p), UnitKind.province, p.division_type.value, None)
        for p in Province.iter_all()
    ]
    communes = [
        ListedUnit(ward_code(w), w.name, UnitKind.commune, w.division_type.value, f"{int(w.province_code):02d}")
        for w in Ward.iter_all()
    ]
    return provinces, communes


def import_official_units(actor=None) -> ImportResult:
    """Create or refresh every unit of the official list; the caller commits.

    A unit added by hand that happens to carry an official code is left as it is, and so is
    the dissolution date an administrator recorded on an official unit.
    """
    provinces, communes = _official_entries()
    codes = [entry.code for entry in (*provinces, *communes)]
    by_code = {unit.code: unit for unit in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    created = updated = 0

    def upsert(entries: list[ListedUnit]) -> None:
        nonlocal created, updated
        new_units = []
        for entry in entries:
            parent = by_code.get(entry.parent_code) if entry.parent_code else None
            parent_id = parent.id if parent else None
            unit = by_code.get(entry.code)
            if unit is None:
                unit = Unit(
                    code=entry.code,
                    name=entry.name,
                    kind=entry.kind,
                    division_type=entry.division_type,
                    parent_id=parent_id,
                    source=UnitSource.official_list,
                )
                new_units.append(unit)
                by_code[entry.code] = unit
            elif unit.source == UnitSource.official_list and (
                (unit.name, unit.kind, unit.division_type, unit.parent_id)
                != (entry.name, entry.kind, entry.division_type, parent_id)
            ):
                unit.name, unit.search_name = entry.name, fold(entry.name)
                unit.kind, unit.division_type, unit.parent = entry.kind, entry.division_type, parent
                updated += 1
        db.session.add_all(new_units)
        db.session.flush()
        created += len(new_units)

    upsert(provinces)
    upsert(communes)
    result = ImportResult(provinces=len(provinces), communes=len(communes), created=created, updated=updated)
    audit.record(
        "units.imported",
        actor=actor,
        subject_type="unit",
        details={"provinces": result.provinces, "communes": result.communes, "created": created, "updated": updated},
    )
    return result
