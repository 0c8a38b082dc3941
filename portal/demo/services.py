"""Demonstration data: the units and officials behind the five sample plans in shared/samples.

The samples were issued by districts abolished on 1 July 2025 and by communes since
merged, so the demo adds them as historical units under today's provinces, the way an
administrator would, and gives each a few officials. Units carry stable codes so that
loading twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from portal.accounts.models import Membership, Role, User
from portal.accounts.services import hash_password
from portal.core import audit
from portal.extensions import db
from portal.units.importer import import_official_units
from portal.units.models import BodyType, Unit, UnitKind, UnitSource

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 (printed for demo logins by design)
DISTRICTS_ABOLISHED = date(2025, 7, 1)


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: UnitKind
    parent: str  # a code of this list, or the name of a current province
    division_type: str = ""
    body_type: BodyType | None = None
    dissolved: bool = False


DEMO_UNITS = [
    DemoUnit("XMINHLONG", "Huyện Minh Long", UnitKind.district, "Tỉnh Quảng Ngãi", "huyện", dissolved=True),
    DemoUnit(
        "XMINHLONG-HDND",
        "Thường trực HĐND huyện Minh Long",
        UnitKind.body,
        "XMINHLONG",
        body_type=BodyType.people_council,
    ),
    DemoUnit("XVINHCUU", "Huyện Vĩnh Cửu", UnitKind.district, "Tỉnh Đồng Nai", "huyện", dissolved=True),
    DemoUnit("XVINHCUU-UBND", "UBND huyện Vĩnh Cửu", UnitKind.body, "XVINHCUU", body_type=BodyType.people_committee),
    DemoUnit("XVINHCUU-NOIVU", "Phòng Nội vụ", UnitKind.body, "XVINHCUU-UBND", body_type=BodyType.office),
    DemoUnit("XVINHCUU-TUPHAP", "Phòng Tư pháp", UnitKind.body, "XVINHCUU-UBND", body_type=BodyType.office),
    DemoUnit(
        "XVINHCUU-TNMT", "Phòng Tài nguyên và Môi trường", UnitKind.body, "XVINHCUU-UBND", body_type=BodyType.office
    ),
    DemoUnit(
        "XVINHCUU-THANHTRA", "Thanh tra huyện Vĩnh Cửu", UnitKind.body, "XVINHCUU-UBND", body_type=BodyType.inspectorate
    ),
    DemoUnit("XTANYEN", "Huyện Tân Yên", UnitKind.district, "Tỉnh Bắc Ninh", "huyện", dissolved=True),
    DemoUnit("XTANTRUNG", "Xã Tân Trung", UnitKind.commune, "XTANYEN", "xã", dissolved=True),
    DemoUnit("XTANTRUNG-UBND", "UBND xã Tân Trung", UnitKind.body, "XTANTRUNG", body_type=BodyType.people_committee),
    DemoUnit(
        "XTANTRUNG-TTND",
        "Ban Thanh tra nhân dân xã Tân Trung",
        UnitKind.body,
        "XTANTRUNG",
        body_type=BodyType.people_inspection_board,
    ),
    DemoUnit("XTANTRUNG-THON1", "Thôn 1", UnitKind.village, "XTANTRUNG", "thôn"),
    DemoUnit("XHATRUNG", "Huyện Hà Trung", UnitKind.district, "Tỉnh Thanh Hóa", "huyện", dissolved=True),
    DemoUnit("XHATRUNG-TT", "Thị trấn Hà Trung", UnitKind.commune, "XHATRUNG", "thị trấn", dissolved=True),
    DemoUnit(
        "XHATRUNG-TT-UBND", "UBND thị trấn Hà Trung", UnitKind.body, "XHATRUNG-TT", body_type=BodyType.people_committee
    ),
    DemoUnit(
        "XHATRUNG-TT-MTTQ",
        "Ủy ban MTTQ Việt Nam thị trấn Hà Trung",
        UnitKind.body,
        "XHATRUNG-TT",
        body_type=BodyType.fatherland_front,
    ),
    DemoUnit(
        "XHATRUNG-TT-TTND",
        "Ban Thanh tra nhân dân thị trấn Hà Trung",
        UnitKind.body,
        "XHATRUNG-TT",
        body_type=BodyType.people_inspection_board,
    ),
    DemoUnit("XHATRUNG-TT-TDP1", "Tổ dân phố 1", UnitKind.village, "XHATRUNG-TT", "tổ dân phố"),
    DemoUnit("XIAPA", "Huyện Ia Pa", UnitKind.district, "Tỉnh Gia Lai", "huyện", dissolved=True),
    DemoUnit("XIAPA-UBND", "UBND huyện Ia Pa", UnitKind.body, "XIAPA", body_type=BodyType.people_committee),
]


@dataclass(frozen=True)
class DemoOfficial:
    email: str
    full_name: str
    role: Role
    unit_code: str | None  # None: the whole site


DEMO_OFFICIALS = [
    DemoOfficial("admin@demo.dancuso.vn", "Quản trị Cổng", Role.site_admin, None),
    DemoOfficial("chu-tich.tantrung@demo.dancuso.vn", "Nguyễn Văn Hùng", Role.unit_head, "XTANTRUNG"),
    DemoOfficial("vanthu.tantrung@demo.dancuso.vn", "Trần Thị Lan", Role.handler, "XTANTRUNG"),
    DemoOfficial("tuphap.tantrung@demo.dancuso.vn", "Lê Văn Minh", Role.handler, "XTANTRUNG"),
    DemoOfficial("ttnd.tantrung@demo.dancuso.vn", "Hoàng Thị Mai", Role.inspector, "XTANTRUNG-TTND"),
    DemoOfficial("chu-tich.hatrung@demo.dancuso.vn", "Phạm Văn Đức", Role.unit_head, "XHATRUNG-TT"),
    DemoOfficial("vanphong.hatrung@demo.dancuso.vn", "Đỗ Thị Hương", Role.handler, "XHATRUNG-TT"),
    DemoOfficial("noivu.vinhcuu@demo.dancuso.vn", "Vũ Văn Thành", Role.handler, "XVINHCUU-NOIVU"),
]


@dataclass
class DemoSummary:
    units_created: int = 0
    officials_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"Demo data: {self.units_created} units and {self.officials_created} officials added.",
            f"Officials (password for all: {DEMO_PASSWORD}); on first sign-in each scans a QR code",
            "with an authenticator app to set up the second factor:",
        ]
        lines += [f"  {email:<40} {role:<28} {unit}" for email, role, unit in self.logins]
        return "\n".join(lines)


def _province(name: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.province, Unit.name == name))
    if unit is None:
        raise LookupError(f"the official list has no province named {name}")
    return unit


def _load_units(summary: DemoSummary) -> dict[str, Unit]:
    by_code = {
        unit.code: unit for unit in db.session.scalars(select(Unit).where(Unit.code.in_([u.code for u in DEMO_UNITS])))
    }
    for spec in DEMO_UNITS:
        if spec.code in by_code:
            continue
        parent = by_code[spec.parent] if spec.parent in by_code else _province(spec.parent)
        unit = Unit(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            body_type=spec.body_type,
            division_type=spec.division_type,
            parent=parent,
            source=UnitSource.manual,
            dissolved_on=DISTRICTS_ABOLISHED if spec.dissolved else None,
        )
        db.session.add(unit)
        by_code[spec.code] = unit
        summary.units_created += 1
    db.session.flush()
    return by_code


def _load_officials(units: dict[str, Unit], summary: DemoSummary) -> None:
    for spec in DEMO_OFFICIALS:
        user = db.session.scalar(select(User).where(User.email == spec.email))
        if user is None:
            user = User(email=spec.email, full_name=spec.full_name, password_hash=hash_password(DEMO_PASSWORD))
            db.session.add(user)
            summary.officials_created += 1
        unit = units[spec.unit_code] if spec.unit_code else None
        if not any(m.role == spec.role and m.unit is unit for m in user.memberships):
            db.session.add(Membership(user=user, unit=unit, role=spec.role))
        summary.logins.append((spec.email, spec.role.value, unit.name if unit else "(toàn cổng / whole site)"))
    db.session.flush()


def load_demo_data() -> DemoSummary:
    """Flushes only: the command (or test) that calls it decides to commit."""
    summary = DemoSummary()
    has_official_units = db.session.scalar(
        select(func.count()).select_from(Unit).where(Unit.source == UnitSource.official_list)
    )
    if not has_official_units:
        import_official_units()
    units = _load_units(summary)
    _load_officials(units, summary)
    if summary.units_created or summary.officials_created:
        audit.record(
            "demo.loaded",
            subject_type="demo",
            details={"units": summary.units_created, "officials": summary.officials_created},
        )
    return summary
