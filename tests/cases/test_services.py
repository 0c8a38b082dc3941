"""The rules of cases, called without HTTP: deadlines at their edges, routing, the steps and who may take them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.cases import lifecycle, services
from portal.cases.models import CaseEvent, CaseStatus
from portal.casework import actions
from portal.casework import services as casework
from portal.core.audit import AuditEvent
from portal.core.calendar import CalendarDay, DayKind, PeriodUnit
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from portal.notifications.models import OutboxMessage
from portal.periods import deadlines
from portal.periods.models import LegalPeriod, Step
from portal.routing import services as routing
from portal.routing.models import RoutingRule
from portal.units.models import UnitKind
from tests.case_fixtures import CASE_NOW

pytestmark = pytest.mark.usefixtures("english_messages")


def at(day: str, hour: int = 9) -> datetime:
    """A moment on a local (Vietnam) day."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


def test_a_feedback_must_be_acknowledged_within_ten_working_days(create_case, handler):
    case = create_case(now=at("2026-03-02")).case
    assert case.status == CaseStatus.received
    assert case.acknowledge_due_on == date(2026, 3, 16)
    assert case.due_on == case.acknowledge_due_on
    assert case.assignee == handler
    assert case.code.startswith("PA-") and len(case.code) == 14


def test_tet_is_skipped_by_working_days(create_case, handler):
    contact = lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông", phone="0912345678")
    case = create_case(kind="denunciation", now=at("2026-02-10"), contact=contact).case
    assert case.acknowledge_due_on == date(2026, 2, 26)


def test_a_makeup_saturday_counts_as_a_working_day(create_case, handler):
    case = create_case(now=at("2026-08-21")).case
    assert case.acknowledge_due_on == date(2026, 9, 8)


def test_a_declared_day_off_moves_the_deadline(create_case, handler, db_session):
    db_session.add(CalendarDay(day=date(2026, 3, 16), kind=DayKind.day_off, note="Bão"))
    db_session.flush()
    case = create_case(now=at("2026-03-02")).case
    assert case.acknowledge_due_on == date(2026, 3, 17)


def test_a_calendar_day_period_ending_on_holidays_ends_on_the_next_working_day(create_case, handler):
    case = create_case(kind="complaint", now=at("2026-03-30")).case
    actions.accept_case(case, handler, now=at("2026-03-31"))
    # 30 days after 31/03 is 30/04 (holiday), then 01/05 (holiday), the weekend: Monday 04/05.
    assert case.resolve_due_on == date(2026, 5, 4)
    assert case.status == CaseStatus.accepted


def test_a_period_ending_on_a_sunday_moves_to_monday(create_case, handler):
    case = create_case(kind="complaint", now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-04"))
    # 04/03 + 30 days = Friday 03/04; accepted on 06/03 it would be Sunday 05/04 -> Monday 06/04.
    assert case.resolve_due_on == date(2026, 4, 3)
    other = create_case(kind="complaint", now=at("2026-03-02")).case
    actions.accept_case(other, handler, now=at("2026-03-06"))
    assert other.resolve_due_on == date(2026, 4, 6)


def test_denunciation_extensions_stop_at_the_law_s_limit(create_case, handler):
    contact = lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông")
    case = create_case(kind="denunciation", contact=contact).case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    assert case.resolve_due_on == date(2026, 4, 2)
    actions.extend_case(case, handler, "Phải xác minh ở nhiều nơi", now=at("2026-04-02"))
    assert case.resolve_due_on == date(2026, 5, 4)
    # Law 25/2018 Art. 30: 30 days, then twice 30 more, all counted from acceptance on 03/03: 90 days end on
    # 01/06/2026, a Monday. The second extension lengthens the period, not the 04/05 the first one rolled to.
    actions.extend_case(case, handler, "Vụ việc đặc biệt phức tạp", now=at("2026-04-20"))
    assert case.resolve_due_on == date(2026, 6, 1)
    assert case.extension_count == 2
    with pytest.raises(InvalidTransition, match="25/2018"):
        actions.extend_case(case, handler, "Lần thứ ba", now=at("2026-05-20"))
    extended = [event for event in case.events if event.action == "extended"]
    assert [event.note for event in extended] == ["Phải xác minh ở nhiều nơi", "Vụ việc đặc biệt phức tạp"]


def test_an_extension_past_the_deadline_is_refused(create_case, handler):
    case = create_case(kind="complaint").case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    with pytest.raises(InvalidTransition, match="deadline has passed"):
        actions.extend_case(case, handler, "Muộn", now=at("2026-04-03"))


def test_only_an_accepted_case_can_be_extended(create_case, handler):
    case = create_case().case
    with pytest.raises(InvalidTransition):
        actions.extend_case(case, handler, "Chưa thụ lý", now=CASE_NOW)


def test_a_transfer_gives_the_new_unit_its_own_period(create_case, handler, create_unit, create_user, province):
    other = create_unit(name="Phường Võ Cường", parent=province)
    their_handler = create_user(role=Role.handler, unit=other)
    case = create_case(now=at("2026-03-02")).case
    actions.transfer_case(case, handler, other.code, "Thuộc thẩm quyền phường", now=at("2026-03-05"))
    assert case.unit == other
    assert case.assignee == their_handler
    assert case.status == CaseStatus.received
    assert case.acknowledge_due_on == date(2026, 3, 19)
    transfer = case.events[-1]
    assert transfer.action == "transferred" and transfer.is_public
    assert transfer.details["from"] == "Xã Tân Trung" and transfer.details["to"] == "Phường Võ Cường"
    with pytest.raises(NotAllowed):
        actions.accept_case(case, handler, now=at("2026-03-06"))


def test_a_transfer_to_the_same_or_an_unknown_unit_is_refused(create_case, handler, commune):
    case = create_case().case
    with pytest.raises(InvalidInput):
        actions.transfer_case(case, handler, commune.code, "Lý do", now=CASE_NOW)
    with pytest.raises(InvalidInput):
        actions.transfer_case(case, handler, "NO-SUCH", "Lý do", now=CASE_NOW)


def test_a_transfer_to_a_unit_where_nobody_can_act_is_refused_and_the_case_stays(create_case, handler, create_unit,
                                                                                create_user, province):
    unstaffed = create_unit(name="Phường Đông Ngàn", parent=province)
    case = create_case().case
    with pytest.raises(InvalidInput, match="Nobody at Phường Đông Ngàn") as refused:
        actions.transfer_case(case, handler, unstaffed.code, "Thuộc thẩm quyền phường", now=CASE_NOW)
    assert refused.value.field == "to_unit"
    assert case.unit != unstaffed and case.events[-1].action != "transferred"
    create_user(role=Role.unit_head, unit=province)
    actions.transfer_case(case, handler, unstaffed.code, "Thuộc thẩm quyền phường", now=CASE_NOW)
    assert case.unit == unstaffed and case.assignee is None, "the province's head covers the units below it"


def test_asking_for_information_before_acceptance_restarts_the_clock(create_case, handler):
    case = create_case(now=at("2026-03-02")).case
    actions.request_information(case, handler, "Xin gửi ảnh hiện trường", now=at("2026-03-03"))
    assert case.status == CaseStatus.awaiting_info
    assert deadlines.deadline_state(case, at("2026-03-20")) is None
    services.supply_information(case, "Ảnh đã gửi kèm", now=at("2026-03-20"))
    assert case.status == CaseStatus.received
    assert case.acknowledge_due_on == date(2026, 4, 3)


def test_asking_for_information_after_acceptance_gives_back_the_days_waited(create_case, handler):
    case = create_case(kind="complaint").case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    assert case.resolve_due_on == date(2026, 4, 2)
    actions.request_information(case, handler, "Bản sao quyết định bị khiếu nại", now=at("2026-03-10"))
    services.supply_information(case, "Đã bổ sung", now=at("2026-03-17"))
    assert case.status == CaseStatus.accepted
    assert case.resolve_due_on == date(2026, 4, 9)


def test_information_can_only_be_supplied_when_asked(create_case):
    case = create_case().case
    with pytest.raises(InvalidTransition):
        services.supply_information(case, "Thêm", now=CASE_NOW)


def test_deadline_state_counts_working_days_left_and_overdue(create_case, handler):
    case = create_case(now=at("2026-03-02")).case
    state = deadlines.deadline_state(case, at("2026-03-12"))
    assert (state.working_days_left, state.is_overdue) == (2, False)
    late = deadlines.deadline_state(case, at("2026-03-19"))
    assert late.is_overdue and late.working_days_left == -3


def test_routing_prefers_the_most_specific_rule(create_case, create_unit, db_session, commune, village, province):
    land_office = create_unit(name="Phòng Kinh tế", kind=UnitKind.body, parent=province)
    front = create_unit(name="UBMTTQ xã", kind=UnitKind.body, parent=commune)
    db_session.add_all(
        [
            RoutingRule(field="land", area_id=province.id, target_id=land_office.id),
            RoutingRule(field="land", area_id=commune.id, kind="dialogue_request", target_id=front.id),
        ]
    )
    db_session.flush()
    assert routing.route("feedback", "land", village) == land_office
    assert routing.route("dialogue_request", "land", village) == front
    assert routing.route("feedback", "environment", village) == commune


def test_without_a_rule_the_commune_of_the_place_answers(village, commune):
    assert routing.route("feedback", "other", village) == commune


def test_the_least_loaded_handler_gets_the_next_case(create_case, create_user, commune, handler):
    second = create_user(role=Role.handler, unit=commune)
    first_case = create_case().case
    second_case = create_case().case
    third_case = create_case().case
    assert [first_case.assignee, second_case.assignee, third_case.assignee] == [handler, second, handler]


def test_complaints_and_denunciations_need_a_name_and_address(create_case):
    for kind in ("complaint", "denunciation"):
        with pytest.raises(InvalidInput, match="choose feedback"):
            create_case(kind=kind, contact=lifecycle.Contact(phone="0912345678"))


def test_feedback_may_be_anonymous(create_case):
    case = create_case(contact=lifecycle.Contact()).case
    assert case.is_anonymous


def test_information_requests_are_for_residents(create_case):
    contact = lifecycle.Contact(name="Lê Văn Bình", email="binh@example.vn")
    with pytest.raises(InvalidInput, match="live in this commune"):
        create_case(kind="information_request", contact=contact)
    case = create_case(kind="information_request", contact=contact, is_resident=True).case
    assert case.acknowledge_due_on == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "petition"}, "kind"),
        ({"field": "weather"}, "field"),
        ({"title": "   "}, "short title"),
        ({"title": "x" * 201}, "200"),
        ({"description": "ngắn"}, "at least"),
        ({"description": "x" * 10_001}, "at most 10000"),
        ({"latitude": 10.5}, "latitude and longitude"),
        ({"latitude": 95.0, "longitude": 10.0}, "latitude and longitude"),
        ({"contact": lifecycle.Contact(email="not-an-email")}, "email"),
        ({"contact": lifecycle.Contact(phone="call me")}, "phone"),
        ({"contact": lifecycle.Contact(id_number="12345")}, "12"),
    ],
)
def test_bad_submissions_are_refused_with_a_clear_message(create_case, fields, message):
    with pytest.raises(InvalidInput, match=message):
        create_case(**fields)


def test_a_place_must_be_a_current_unit_that_people_live_in(create_case, create_unit, commune):
    old = create_unit(name="Huyện Minh Long", kind=UnitKind.district, dissolved_on=date(2025, 7, 1))
    body = create_unit(name="Thanh tra", kind=UnitKind.body, parent=commune)
    for place in (old, body):
        with pytest.raises(InvalidInput):
            create_case(place=place)


def test_personal_data_is_sealed_at_rest(create_case, handler, db_session):
    case = create_case().case
    assert "Lê Văn Bình" not in case.contact_sealed and "0912" not in case.contact_sealed
    assert casework.contact_of(case, handler).phone == "0912 345 678"


def test_a_denouncer_is_known_only_to_the_assignee_and_the_head(create_case, handler, head, create_user, commune,
                                                                 db_session):
    colleague = create_user(role=Role.handler, unit=commune)
    case = create_case(kind="denunciation", contact=lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông")).case
    assert case.assignee == handler
    with pytest.raises(NotAllowed):
        casework.contact_of(case, colleague)
    assert casework.contact_of(case, handler, ip_address="10.0.0.1").name == "Lê Văn Bình"
    assert casework.contact_of(case, head).name == "Lê Văn Bình"
    views = db_session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                       CaseEvent.action == "identity_viewed")).all()
    assert [view.actor for view in views] == [handler, head] and not any(view.is_public for view in views)
    audited = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "cases.identity_viewed")).all()
    assert len(audited) == 2 and audited[0].ip_address == "10.0.0.1"


def test_a_complaint_decision_waits_for_the_head(create_case, handler, head):
    case = create_case(kind="complaint").case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, handler, "Giữ nguyên quyết định", now=at("2026-03-20"))
    assert case.status == CaseStatus.answer_pending
    with pytest.raises(NotAllowed):
        actions.approve_answer(case, handler, now=at("2026-03-21"))
    actions.return_answer(case, head, "Bổ sung căn cứ pháp lý", now=at("2026-03-21"))
    assert case.status == CaseStatus.accepted
    actions.answer_case(case, handler, "Giữ nguyên quyết định, căn cứ Điều 31", now=at("2026-03-23"))
    actions.approve_answer(case, head, now=at("2026-03-24"))
    assert case.status == CaseStatus.answered and case.is_on_time and case.due_on is None


def test_a_late_answer_is_recorded_as_late(create_case, handler):
    case = create_case().case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, handler, "Đã sửa đường", now=at("2026-04-30") + timedelta(days=30))
    assert case.is_on_time is False


def test_moves_the_law_does_not_allow_are_refused(create_case, handler):
    case = create_case().case
    with pytest.raises(InvalidTransition):
        actions.answer_case(case, handler, "Trả lời khi chưa thụ lý", now=CASE_NOW)
    actions.accept_case(case, handler, now=CASE_NOW)
    with pytest.raises(InvalidTransition):
        actions.accept_case(case, handler, now=CASE_NOW)
    with pytest.raises(InvalidTransition):
        actions.refuse_case(case, handler, "duplicate", "Trùng", now=CASE_NOW)


def test_refusal_needs_a_legal_reason(create_case, handler):
    case = create_case().case
    with pytest.raises(InvalidInput):
        actions.refuse_case(case, handler, "because", "Không", now=CASE_NOW)
    actions.refuse_case(case, handler, "duplicate", "Trùng với PA khác", now=CASE_NOW)
    assert case.status == CaseStatus.refused and case.refusal_reason == "duplicate"


def test_the_citizen_rates_and_may_reopen_within_the_window(create_case, handler):
    case = create_case().case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, handler, "Đã sửa đường", now=at("2026-03-10"))
    services.rate_case(case, 2, "Chưa sửa xong", now=at("2026-03-11"))
    assert services.reopen_until(case) == date(2026, 4, 9)
    with pytest.raises(InvalidInput):
        services.rate_case(case, 9, now=at("2026-03-11"))
    services.reopen_case(case, "Đường vẫn sạt lở", now=at("2026-03-12"))
    assert case.status == CaseStatus.accepted and case.reopen_count == 1
    assert case.resolve_due_on == date(2026, 4, 2)
    actions.answer_case(case, handler, "Đã gia cố", now=at("2026-03-20"))
    assert services.reopen_until(case) is None


def test_reopening_after_the_window_is_refused(create_case, handler):
    case = create_case().case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, handler, "Đã sửa đường", now=at("2026-03-10"))
    with pytest.raises(InvalidTransition):
        services.reopen_case(case, "Muộn", now=at("2026-04-20"))


def test_a_unit_s_own_period_and_a_newer_law_take_precedence(create_case, handler, db_session, commune):
    db_session.add_all(
        [
            LegalPeriod(kind="complaint", step=Step.resolve, amount=45, period_unit=PeriodUnit.calendar_days,
                        effective_from=date(2023, 7, 1), unit_id=commune.id, legal_basis="Vùng sâu, vùng xa"),
            LegalPeriod(kind="feedback", step=Step.acknowledge, amount=5, period_unit=PeriodUnit.working_days,
                        effective_from=date(2026, 7, 1), legal_basis="Luật 136/2025/QH15"),
        ]
    )
    db_session.flush()
    complaint = create_case(kind="complaint").case
    actions.accept_case(complaint, handler, now=at("2026-03-03"))
    assert complaint.resolve_due_on == date(2026, 4, 17)
    assert create_case(now=at("2026-06-30")).case.acknowledge_due_on == date(2026, 7, 14)
    assert create_case(now=at("2026-07-01")).case.acknowledge_due_on == date(2026, 7, 8)


def test_only_officials_of_the_unit_act(create_case, create_user):
    stranger = create_user(role=Role.handler)
    case = create_case().case
    for step in (actions.accept_case, lambda c, u, now: casework.add_note(c, u, "x", now=now)):
        with pytest.raises(NotAllowed):
            step(case, stranger, now=CASE_NOW)


def test_the_history_is_written_for_every_step(create_case, handler):
    case = create_case().case
    actions.accept_case(case, handler, now=CASE_NOW)
    casework.add_note(case, handler, "Đã gọi cho trưởng thôn", now=CASE_NOW)
    assert [event.action for event in case.events] == ["received", "assigned", "accepted", "note"]
    assert [event.is_public for event in case.events] == [True, False, True, False]


def test_mail_is_queued_with_the_change(create_case, handler, db_session):
    case = create_case().case
    receipt = db_session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "binh@example.vn")).one()
    assert case.code in receipt.subject and "/cases/t/" in receipt.body
    assigned = db_session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == handler.email)).one()
    assert case.code in assigned.subject
    actions.accept_case(case, handler, now=CASE_NOW)
    update = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "binh@example.vn", OutboxMessage.kind == "case_updated")
    ).one()
    assert "/cases/track" in update.body


def test_published_text_is_masked(create_case, handler):
    case = create_case(
        is_public_consent=True,
        description="Tôi là Lê Văn Bình, số 0912 345 678, nhà số 12 đường Lê Lợi; đường thôn bị sạt lở.",
    ).case
    title, description = casework.suggested_public_text(case)
    assert "Bình" not in description and "0912" not in description and "Lê Lợi" not in description
    casework.publish_case(case, handler, title, description + " Liên hệ binh@example.vn", now=CASE_NOW)
    assert "binh@example.vn" not in case.public_description
    assert services.public_case(case.code) == case


def test_a_case_without_consent_or_a_denunciation_is_never_published(create_case, handler):
    case = create_case().case
    with pytest.raises(NotAllowed):
        casework.publish_case(case, handler, "Tiêu đề", "Nội dung", now=CASE_NOW)
    with pytest.raises(NotFound):
        services.public_case(case.code)


def test_tracking_codes_are_read_as_people_type_them(create_case):
    case = create_case().case
    typed = case.code.lower().replace("-", " ")
    assert services.case_by_code(typed) == case
    with pytest.raises(NotFound):
        services.case_by_code("PA-00000-00000")
    with pytest.raises(NotFound):
        services.case_by_token("not-a-token")


def test_private_tokens_find_their_case(create_case):
    submitted = create_case()
    assert services.case_by_token(submitted.token) == submitted.case
    assert len(submitted.token) >= 40
