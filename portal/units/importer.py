"""Importing the official list of provinces and communes from the vietnam-provinces package.

The list changes (the 2025 reform cut 63 provinces to 34), so the import is an upsert
keyed by the government code: running it again refreshes names and parents and never
touches units an administrator added by hand.
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


def province_code(province: Province) -> str:
    return f"{int(province.code):02d}"


def province_name(province: Province) -> str:
    """The package names cities "Thành phố …" but provinces bare ("Gia Lai"); documents say "Tỉnh Gia Lai"."""
    if province.division_type == VietNamDivisionType.TINH and not province.name.startswith("Tỉnh "):
        return f"Tỉnh {province.name}"
    return province.name


def ward_code(ward: Ward) -> str:
    return f"{int(ward.code):05d}"


def import_official_units(actor=None) -> ImportResult:
    existing = {
        unit.code: unit for unit in db.session.scalars(select(Unit).where(Unit.source == UnitSource.official_list))
    }
    created = updated = 0

    def upsert(code: str, name: str, kind: UnitKind, division_type: str, parent: Unit | None) -> Unit:
        nonlocal created, updated
        unit = existing.get(code)
        if unit is None:
            unit = Unit(
                code=code,
                name=name,
                kind=kind,
                division_type=division_type,
                parent=parent,
                source=UnitSource.official_list,
            )
            db.session.add(unit)
            existing[code] = unit
            created += 1
        elif (unit.name, unit.division_type, unit.parent_id) != (name, division_type, parent.id if parent else None):
            unit.name, unit.search_name, unit.division_type, unit.parent = name, fold(name), division_type, parent
            updated += 1
        return unit

    provinces = {}
    for province in Province.iter_all():
        provinces[province.code] = upsert(
            province_code(province), province_name(province), UnitKind.province, province.division_type.value, None
        )
    db.session.flush()
    communes = 0
    for ward in Ward.iter_all():
        upsert(ward_code(ward), ward.name, UnitKind.commune, ward.division_type.value, provinces[ward.province_code])
        communes += 1
    db.session.flush()
    result = ImportResult(provinces=len(provinces), communes=communes, created=created, updated=updated)
    audit.record(
        "units.imported",
        actor=actor,
        subject_type="unit",
        details={"provinces": result.provinces, "communes": result.communes, "created": created, "updated": updated},
    )
    return result
