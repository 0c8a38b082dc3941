"""Where a case goes when its place was dissolved in 2025 or nobody where it was sent can act on it."""

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.cases import lifecycle, submission
from portal.core.errors import InvalidInput, NotAllowed
from portal.notifications.models import OutboxMessage
from portal.routing import dispatch
from portal.units import services as units
from portal.units.importer import import_official_units
from portal.units.models import Unit, UnitKind, UnitSource
from portal.units.successions import import_successions
from tests.case_fixtures import CASE_NOW

TAN_TRUNG, HA_TRUNG_TOWN = "07309", "15271"


@pytest.fixture
def reformed(db_session):
    import_official_units()
    import_successions(legacy_codes=[TAN_TRUNG, HA_TRUNG_TOWN])


def _submit(place_code, kind="feedback", successor_code=""):
    data = submission.Submission(
        kind=kind, field="land", place_code=place_code, successor_code=successor_code,
        title="Đường thôn bị sạt lở", description="Đoạn đường bê tông bị sạt lở sau mưa lớn, đi lại nguy hiểm.",
        contact=lifecycle.Contact(name="Lê Văn Bình", address="Thôn 1", email="binh@example.vn"),
        decision_known_on=CASE_NOW.date() - timedelta(days=5) if kind == "complaint" else None,
    )
    return submission.submit_case(data, now=CASE_NOW).case


def _routes(case):
    return [(e.details["why"], e.details["from"], e.details["to"]) for e in case.events if e.action == "routed"]


def _mail_to(db_session, email, kind):
    return db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email, OutboxMessage.kind == kind)
    ).all()


def test_a_case_in_a_commune_merged_whole_goes_to_the_commune_that_took_it(reformed, create_user, db_session):
    nha_nam = units.get_unit_by_code("07306")
    handler = create_user(role=Role.handler, unit=nha_nam)
    case = _submit(TAN_TRUNG)
    assert (case.place.name, case.unit.name, case.assignee) == ("Xã Tân Trung", "Xã Nhã Nam", handler)
    assert _routes(case) == [("succeeded", "Xã Tân Trung", "Xã Nhã Nam")]
    assert next(e for e in case.events if e.action == "routed").details["on"] == "2025-07-01"


def test_the_citizen_picks_the_part_of_a_split_commune_and_without_a_choice_it_goes_to_the_larger(
    reformed, create_user, english_messages
):
    for code in ("15271", "15286"):
        create_user(role=Role.unit_head, unit=units.get_unit_by_code(code))
    chosen = _submit("H" + HA_TRUNG_TOWN, successor_code="15286")
    assert chosen.unit.name == "Xã Hoạt Giang"
    assert _routes(chosen) == [("succeeded_split", "Thị trấn Hà Trung", "Xã Hoạt Giang")]
    default = _submit("H" + HA_TRUNG_TOWN)
    assert _routes(default) == [("succeeded_split_default", "Thị trấn Hà Trung", "Xã Hà Trung")]
    with pytest.raises(InvalidInput, match="took over Thị trấn Hà Trung"):
        _submit("H" + HA_TRUNG_TOWN, successor_code="07306")


def test_a_case_for_a_unit_without_a_handler_goes_to_the_provinces_escalation_unit_whose_head_is_told(
    province, commune, create_unit, create_user, db_session
):
    office = create_unit(name="Sở Nội vụ", kind=UnitKind.body, parent=province)
    head = create_user(role=Role.unit_head, unit=office, email="giamdoc@bacninh.gov.vn")
    admin = create_user(role=Role.unit_admin, unit=province)
    dispatch.set_escalation_unit(admin, province.code, office.code)
    case = _submit(commune.code)
    assert case.unit == office
    assert _routes(case) == [("escalated", "Xã Tân Trung", "Sở Nội vụ")]
    assert len(_mail_to(db_session, head.email, "case_escalated")) == 1


def test_a_complaint_needs_a_head_so_a_unit_with_only_handlers_escalates_it(
    province, commune, handler, create_unit, create_user
):
    inspectorate = create_unit(name="Thanh tra tỉnh", kind=UnitKind.body, parent=province)
    create_user(role=Role.unit_head, unit=inspectorate)
    dispatch.set_escalation_unit(create_user(role=Role.unit_admin, unit=province), province.code, inspectorate.code)
    complaint = _submit(commune.code, kind="complaint")
    assert complaint.unit == inspectorate
    assert _routes(complaint) == [("escalated", "Xã Tân Trung", "Thanh tra tỉnh")]
    feedback = _submit(commune.code)
    assert (feedback.unit, feedback.assignee, _routes(feedback)) == (commune, handler, [])


def test_a_case_nobody_can_act_on_stays_marked_and_the_administrators_are_told(
    commune, create_user, db_session
):
    admin = create_user(role=Role.site_admin, unit=None, email="quantri@example.vn")
    case = _submit(commune.code)
    assert case.unit == commune and [e.action for e in case.events if not e.is_public] == ["unattended"]
    assert len(_mail_to(db_session, admin.email, "case_unattended")) == 1


def test_only_a_province_administrator_sets_its_escalation_unit_and_only_to_a_unit_of_today_inside_it(
    province, commune, create_unit, create_user, english_messages
):
    other = create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province)
    outsider = create_user(role=Role.unit_admin, unit=other)
    admin = create_user(role=Role.unit_admin, unit=province)
    with pytest.raises(NotAllowed):
        dispatch.set_escalation_unit(outsider, province.code, commune.code)
    with pytest.raises(InvalidInput, match="Choose a unit of Tỉnh Bắc Ninh"):
        dispatch.set_escalation_unit(admin, province.code, other.code)
    with pytest.raises(InvalidInput, match="province that exists today"):
        dispatch.set_escalation_unit(admin, commune.code, commune.code)
    gone = create_unit(name="Huyện Tân Yên", kind=UnitKind.district, parent=province, dissolved_on=CASE_NOW.date())
    with pytest.raises(InvalidInput, match="no longer exists"):
        dispatch.set_escalation_unit(admin, province.code, gone.code)
    assert dispatch.set_escalation_unit(admin, province.code, commune.code).unit == commune


def _official() -> User:
    """An official without a password: hashing one would cost more than the routing under test."""
    return User(email=f"{uuid.uuid4().hex}@example.vn", full_name="Cán bộ")


STAFF = st.sampled_from([(), (Role.handler,), (Role.unit_head,), (Role.handler, Role.unit_head)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    communes=st.lists(st.tuples(STAFF, st.booleans()), min_size=1, max_size=5),
    province_staff=STAFF,
    escalation=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    target=st.integers(min_value=0, max_value=4),
    needs_head=st.booleans(),
)
def test_routing_never_leaves_a_case_with_a_unit_nobody_can_act_in(
    db_session, communes, province_staff, escalation, target, needs_head
):
    """Over random provinces (communes current or dissolved into another, each staffed or not) and escalation
    choices: the unit chosen can act, or no unit on the way could and the case is marked unattended."""
    with db_session.begin_nested() as savepoint:
        province = Unit(code="P1", name="Tỉnh Thử", kind=UnitKind.province, source=UnitSource.manual)
        db_session.add(province)
        made = []
        for index, (roles, dissolved) in enumerate(communes):
            unit = Unit(code=f"C{index}", name=f"Xã {index}", kind=UnitKind.commune, parent=province,
                        source=UnitSource.manual, dissolved_on=CASE_NOW.date() if dissolved and index else None)
            db_session.add(unit)
            made.append(unit)
            for role in roles:
                db_session.add(Membership(user=_official(), unit=unit, role=role))
        for role in province_staff:
            db_session.add(Membership(user=_official(), unit=province, role=role))
        admin = _official()
        db_session.add(Membership(user=admin, unit=None, role=Role.site_admin))
        db_session.flush()
        for unit in made:
            if unit.is_historical:
                units.set_successors(admin, unit.code, [made[0].code], CASE_NOW.date())
        if escalation is not None and not made[escalation % len(made)].is_historical:
            dispatch.set_escalation_unit(admin, province.code, made[escalation % len(made)].code)
        routed = made[target % len(made)]

        result = dispatch.dispatch(routed, needs_head=needs_head)

        today, _steps = dispatch.present_place(routed)
        candidates = [today, dispatch.escalation_unit_for(today), province]
        if result.is_unattended:
            assert not any(c is not None and dispatch.can_act(c, needs_head) for c in candidates)
        else:
            assert dispatch.can_act(result.unit, needs_head) and not result.unit.is_historical
        savepoint.rollback()
