"""Demonstration data: the units and officials behind the five sample plans in portal/demo/samples/.

The samples were issued by districts abolished on 1 July 2025 and by communes since
merged, so the demo adds them as historical units under today's provinces, the way an
administrator would, with their old government codes and the units that took them over
(from the vietnamadminunits correspondence). Their officials work where such officials
work today: in the communes that took over Tân Trung and Hà Trung town, and in the
provincial departments that took over the district offices. Units carry stable codes (the
sample disclosures find their issuer by them) and officials are found by email, so
loading twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import hash_password
from portal.core import audit
from portal.core.text import fold
from portal.core.timeutil import utcnow
from portal.demo.cases import load_demo_cases, load_demo_rules
from portal.demo.samples import schedule_upcoming_notice
from portal.extensions import db
from portal.units.importer import import_official_units
from portal.units.models import BodyType, Unit, UnitKind, UnitSource
from portal.units.successions import record_library_successions

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 (printed for demo logins by design)
NHA_NAM, HA_TRUNG = "07306", "15271"  # communes of today, in the official list
DISTRICTS_ABOLISHED = date(2025, 7, 1)
_PROVINCE_PREFIXES = ("tinh ", "thanh pho ")


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: UnitKind
    parent: str  # a code of this list, or the name of a current province
    division_type: str = ""
    body_type: BodyType | None = None
    dissolved: bool = False
    legacy_code: str | None = None  # the government code before the 2025 reform


def _body(code: str, name: str, parent: str, body_type: BodyType) -> DemoUnit:
    return DemoUnit(code, name, UnitKind.body, parent, body_type=body_type)


def _abolished_district(code: str, name: str, province: str, legacy_code: str) -> DemoUnit:
    """A district of a sample's issuer: every district was abolished in 2025 (DISTRICTS_ABOLISHED)."""
    return DemoUnit(code, name, UnitKind.district, province, "huyện", dissolved=True, legacy_code=legacy_code)


DEMO_UNITS = [
    # 000: the standing committee of the Minh Long district People's Council (Quảng Ngãi).
    _abolished_district("XMINHLONG", "Huyện Minh Long", "Tỉnh Quảng Ngãi", "531"),
    _body("XMINHLONG-HDND", "Thường trực HĐND huyện Minh Long", "XMINHLONG", BodyType.people_council),
    # 001: the Vĩnh Cửu district People's Committee and the offices its plan assigns tasks to (Đồng Nai).
    _abolished_district("XVINHCUU", "Huyện Vĩnh Cửu", "Tỉnh Đồng Nai", "735"),
    _body("XVINHCUU-UBND", "UBND huyện Vĩnh Cửu", "XVINHCUU", BodyType.people_committee),
    _body("XVINHCUU-NOIVU", "Phòng Nội vụ", "XVINHCUU-UBND", BodyType.office),
    _body("XVINHCUU-TUPHAP", "Phòng Tư pháp", "XVINHCUU-UBND", BodyType.office),
    _body("XVINHCUU-TNMT", "Phòng Tài nguyên và Môi trường", "XVINHCUU-UBND", BodyType.office),
    _body("XVINHCUU-THANHTRA", "Thanh tra huyện Vĩnh Cửu", "XVINHCUU-UBND", BodyType.inspectorate),
    # 002: Tân Trung commune of Tân Yên district, Bắc Giang, a province merged into Bắc Ninh in 2025.
    _abolished_district("XTANYEN", "Huyện Tân Yên", "Tỉnh Bắc Ninh", "216"),
    DemoUnit("XTANTRUNG", "Xã Tân Trung", UnitKind.commune, "XTANYEN", "xã", dissolved=True, legacy_code="07309"),
    _body("XTANTRUNG-UBND", "UBND xã Tân Trung", "XTANTRUNG", BodyType.people_committee),
    _body("XTANTRUNG-TTND", "Ban Thanh tra nhân dân xã Tân Trung", "XTANTRUNG", BodyType.people_inspection_board),
    DemoUnit("XTANTRUNG-THON1", "Thôn 1", UnitKind.village, "XTANTRUNG", "thôn"),
    # 003: Hà Trung town of Hà Trung district (Thanh Hóa), its Fatherland Front and inspection board.
    _abolished_district("XHATRUNG", "Huyện Hà Trung", "Tỉnh Thanh Hóa", "392"),
    # Split in 2025 between Xã Hà Trung (most of it) and Xã Hoạt Giang.
    DemoUnit("XHATRUNG-TT", "Thị trấn Hà Trung", UnitKind.commune, "XHATRUNG", "thị trấn", dissolved=True,
             legacy_code="15271"),
    _body("XHATRUNG-TT-UBND", "UBND thị trấn Hà Trung", "XHATRUNG-TT", BodyType.people_committee),
    _body("XHATRUNG-TT-MTTQ", "Ủy ban MTTQ Việt Nam thị trấn Hà Trung", "XHATRUNG-TT", BodyType.fatherland_front),
    _body(
        "XHATRUNG-TT-TTND", "Ban Thanh tra nhân dân thị trấn Hà Trung", "XHATRUNG-TT", BodyType.people_inspection_board
    ),
    DemoUnit("XHATRUNG-TT-TDP1", "Tổ dân phố 1", UnitKind.village, "XHATRUNG-TT", "tổ dân phố"),
    # 004: the Ia Pa district People's Committee (Gia Lai).
    _abolished_district("XIAPA", "Huyện Ia Pa", "Tỉnh Gia Lai", "635"),
    _body("XIAPA-UBND", "UBND huyện Ia Pa", "XIAPA", BodyType.people_committee),
    # Today's units where the samples' officials work: the People's Committees of the communes that took over Tân
    # Trung (Xã Nhã Nam) and Hà Trung town (Xã Hà Trung), and the Đồng Nai departments that took over the work of
    # the Vĩnh Cửu district offices (Home Affairs; Natural Resources and Environment went to Agriculture and
    # Environment).
    _body("XNHANAM-UBND", "UBND xã Nhã Nam", NHA_NAM, BodyType.people_committee),
    _body("XHATRUNG-UBND", "UBND xã Hà Trung", HA_TRUNG, BodyType.people_committee),
    # A village of today's Xã Hà Trung, where the demo's year-end village conference is held.
    DemoUnit("XHATRUNG-THONDONG", "Thôn Đông", UnitKind.village, HA_TRUNG, "thôn"),
    _body("XDONGNAI-SNV", "Sở Nội vụ tỉnh Đồng Nai", "Tỉnh Đồng Nai", BodyType.office),
    _body("XDONGNAI-SNNMT", "Sở Nông nghiệp và Môi trường tỉnh Đồng Nai", "Tỉnh Đồng Nai", BodyType.office),
]


@dataclass(frozen=True)
class DemoOfficial:
    email: str
    full_name: str
    position: str
    role: Role
    unit: str | None  # a code of DEMO_UNITS or of today's list, the name of a current province, or None


DEMO_OFFICIALS = [
    DemoOfficial("admin@demo.dancuso.vn", "Lương Thị Thu", "Quản trị viên Cổng", Role.site_admin, None),
    DemoOfficial(
        "chu-tich.tantrung@demo.dancuso.vn",
        "Nguyễn Văn Hùng",
        "Chủ tịch UBND xã Nhã Nam (gồm xã Tân Trung cũ)",
        Role.unit_head,
        NHA_NAM,
    ),
    DemoOfficial(
        "vanthu.tantrung@demo.dancuso.vn",
        "Trần Thị Lan",
        "Công chức Văn phòng - Thống kê xã Nhã Nam",
        Role.handler,
        NHA_NAM,
    ),
    DemoOfficial(
        "tuphap.tantrung@demo.dancuso.vn",
        "Lê Văn Minh",
        "Công chức Tư pháp - Hộ tịch xã Nhã Nam",
        Role.handler,
        NHA_NAM,
    ),
    DemoOfficial(
        "ttnd.tantrung@demo.dancuso.vn",
        "Hoàng Thị Mai",
        "Thành viên Ban Thanh tra nhân dân xã Nhã Nam",
        Role.inspector,
        NHA_NAM,
    ),
    DemoOfficial(
        "chu-tich.hatrung@demo.dancuso.vn",
        "Phạm Văn Đức",
        "Chủ tịch UBND xã Hà Trung (gồm phần lớn thị trấn Hà Trung cũ)",
        Role.unit_head,
        HA_TRUNG,
    ),
    DemoOfficial(
        "vanphong.hatrung@demo.dancuso.vn",
        "Đỗ Thị Hương",
        "Công chức Văn phòng - Thống kê xã Hà Trung",
        Role.handler,
        HA_TRUNG,
    ),
    DemoOfficial(
        "chu-tich.iapa@demo.dancuso.vn",
        "Rơ Mah H'Lan",
        "Chủ tịch UBND xã Ia Pa (Gia Lai), giải quyết khiếu nại chuyển đến",
        Role.unit_head,
        "24022",
    ),
    DemoOfficial(
        "noivu.vinhcuu@demo.dancuso.vn",
        "Vũ Văn Thành",
        "Chuyên viên Sở Nội vụ tỉnh Đồng Nai (trước là Phòng Nội vụ huyện Vĩnh Cửu)",
        Role.handler,
        "XDONGNAI-SNV",
    ),
    DemoOfficial(
        "giamdoc.snv.dongnai@demo.dancuso.vn",
        "Đặng Văn Quang",
        "Giám đốc Sở Nội vụ tỉnh Đồng Nai",
        Role.unit_head,
        "XDONGNAI-SNV",
    ),
    DemoOfficial(
        "snnmt.dongnai@demo.dancuso.vn",
        "Bùi Thị Ngọc",
        "Chuyên viên Sở Nông nghiệp và Môi trường tỉnh Đồng Nai",
        Role.handler,
        "XDONGNAI-SNNMT",
    ),
    DemoOfficial(
        "quantri.thanhhoa@demo.dancuso.vn",
        "Lê Thị Hoa",
        "Quản trị Cổng tỉnh Thanh Hóa",
        Role.unit_admin,
        "Tỉnh Thanh Hóa",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    position: str
    role: Role
    unit_name: str


# Alike statistics' KindStatistics only in shape: a tally of what one load added, not a measure of casework.
@dataclass
class DemoSummary:
    units_created: int = 0
    officials_created: int = 0
    memberships_created: int = 0
    official_units_imported: int = 0
    scheduled_notices: int = 0
    routing_rules_created: int = 0
    cases_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)

    def describe(self) -> str:
        """Plain text for the person who ran the command: what was added and how each demo official signs in."""
        lines = [
            f"Demo data: {self.official_units_imported} official units imported, {self.units_created} demo units, "
            f"{self.officials_created} officials and {self.memberships_created} roles added, "
            f"{self.scheduled_notices} scheduled disclosures, {self.routing_rules_created} routing rules and "
            f"{self.cases_created} citizen cases.",
            f"Every demo official signs in with the password: {DEMO_PASSWORD}",
            "unless it was changed: running the demo again never resets a password.",
            "On first sign-in each official scans a QR code with an authenticator app to set up",
            "the second factor; from then on they sign in with the password and a 6-digit code from the app.",
            "",
        ]
        for login in self.logins:
            lines.append(f"  {login.email:<36} {login.role.value:<11} {login.unit_name}")
            lines.append(f"  {'':<36} {login.full_name}, {login.position}")
        return "\n".join(lines)


def _bare_province_name(name: str) -> str:
    folded = fold(name)
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _find_province(name: str) -> Unit:
    """A current province of the imported list, by name, whether the list calls it "Tỉnh" or "Thành phố"."""
    wanted = _bare_province_name(name)
    provinces = db.session.scalars(
        select(Unit).where(Unit.kind == UnitKind.province, Unit.source == UnitSource.official_list)
    )
    for province in provinces:
        if _bare_province_name(province.name) == wanted:
            return province
    raise LookupError(f"the official list has no province named {name}; import it with `flask units import`")


def _find_unit(reference: str, by_code: dict[str, Unit]) -> Unit:
    """A demo unit, a unit of today's list by code, or a province by name."""
    if reference in by_code:
        return by_code[reference]
    official = db.session.scalar(select(Unit).where(Unit.code == reference, Unit.source == UnitSource.official_list))
    return official if official is not None else _find_province(reference)


def _load_units(summary: DemoSummary) -> dict[str, Unit]:
    by_code = {
        unit.code: unit for unit in db.session.scalars(select(Unit).where(Unit.code.in_([u.code for u in DEMO_UNITS])))
    }
    for spec in DEMO_UNITS:
        if spec.code in by_code:
            continue
        unit = Unit(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            body_type=spec.body_type,
            division_type=spec.division_type,
            parent=_find_unit(spec.parent, by_code),
            source=UnitSource.manual,
            dissolved_on=DISTRICTS_ABOLISHED if spec.dissolved else None,
        )
        db.session.add(unit)
        by_code[spec.code] = unit
        summary.units_created += 1
    db.session.flush()
    _link_successors(by_code)
    return by_code


def _link_successors(by_code: dict[str, Unit]) -> None:
    """Each sample issuer keeps its old code (unless `units import` already made a historical unit with it) and
    the successors the library gives it, so its documents and cases lead to today's units."""
    old_codes = {spec.legacy_code: by_code[spec.code] for spec in DEMO_UNITS if spec.legacy_code}
    taken = set(db.session.scalars(select(Unit.legacy_code).where(Unit.legacy_code.in_(list(old_codes)))))
    for old_code, unit in old_codes.items():
        if unit.legacy_code is None and old_code not in taken:
            unit.legacy_code = old_code
    db.session.flush()
    record_library_successions(old_codes)


def _place(unit: Unit | None) -> str:
    """Where a role is held, as the summary prints it: an office is named with the committee it belongs to."""
    if unit is None:
        return "whole site"
    if unit.kind == UnitKind.body and unit.parent is not None:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


def _load_officials(units: dict[str, Unit], summary: DemoSummary) -> None:
    """Officials are made only when missing; one who exists keeps their password and gains any missing role."""
    for spec in DEMO_OFFICIALS:
        user = db.session.scalar(select(User).where(User.email == spec.email))
        if user is None:
            user = User(email=spec.email, full_name=spec.full_name, password_hash=hash_password(DEMO_PASSWORD))
            db.session.add(user)
            summary.officials_created += 1
        unit = _find_unit(spec.unit, units) if spec.unit else None
        if not any(m.role == spec.role and m.unit is unit for m in user.memberships):
            user.memberships.append(Membership(unit=unit, role=spec.role))
            summary.memberships_created += 1
        summary.logins.append(DemoLogin(spec.email, spec.full_name, spec.position, spec.role, _place(unit)))
    db.session.flush()


def load_demo_data(now: datetime | None = None) -> DemoSummary:
    """Flushes only: the command (or test) that calls it decides to commit. `now` is the day the demo cases'
    stories end on (their deadlines are counted back from it).

    The official list is imported only into an empty database, so a site that already
    imported (and perhaps refreshed) it is left as it is.
    """
    summary = DemoSummary()
    has_official_units = db.session.scalar(select(Unit.id).where(Unit.source == UnitSource.official_list).limit(1))
    if has_official_units is None:
        summary.official_units_imported = import_official_units().created
    units = _load_units(summary)
    _load_officials(units, summary)
    summary.scheduled_notices = schedule_upcoming_notice()
    summary.routing_rules_created = load_demo_rules()
    summary.cases_created = load_demo_cases(now or utcnow())
    if summary.units_created or summary.officials_created or summary.memberships_created or summary.cases_created:
        audit.record(
            "demo.loaded",
            subject_type="demo",
            details={
                "official_units_imported": summary.official_units_imported,
                "units": summary.units_created,
                "officials": summary.officials_created,
                "memberships": summary.memberships_created,
                "routing_rules": summary.routing_rules_created,
                "cases": summary.cases_created,
            },
        )
    return summary
