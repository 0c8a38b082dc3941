"""Each period of the law on a real case, at its edges, with the dates worked out here from the law's words; and
the deadlines of open cases moving when the calendar changes after they arrived."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.calendar import services as calendar_services
from portal.cases import lifecycle, services
from portal.casework import actions
from portal.core.calendar import DayKind, LengtheningKind, load_calendar
from portal.core.errors import InvalidTransition
from portal.notifications.models import OutboxMessage
from portal.periods import deadlines
from portal.periods.models import LegalPeriod, PeriodCondition, Step

pytestmark = pytest.mark.usefixtures("english_messages")
IDENTIFIED = lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông, xã Tân Trung", email="binh@example.vn")


def at(day: str, hour: int = 9) -> datetime:
    """A moment on a local (Vietnam) day."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None, email="admin@tinh.gov.vn")


def test_a_complex_complaint_accepted_16_01_2026_is_resolved_by_02_03_2026(create_case, handler):
    # Law 02/2011 Art. 28: 30 days from acceptance, a complex case at most 45. 16/01 + 45 days = Monday 02/03/2026.
    case = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12")).case
    actions.accept_case(case, handler, now=at("2026-01-16"))
    # 16/01 + 30 = Sunday 15/02, then Tết 16-20/02 and a weekend: Monday 23/02.
    assert case.resolve_due_on == date(2026, 2, 23)
    actions.extend_case(case, handler, "Vụ việc phức tạp", now=at("2026-02-10"))
    assert case.resolve_due_on == case.due_on == date(2026, 3, 2)
    # The law's total is 45 days: a second extension is refused.
    with pytest.raises(InvalidTransition, match="extended 1 times"):
        actions.extend_case(case, handler, "Thêm nữa", now=at("2026-02-20"))


def test_a_complaint_in_a_remote_area_has_45_days_and_60_when_complex(create_case, handler, commune):
    # Art. 28: in remote areas with difficult travel, 45 days, a complex case at most 60. Accepted 16/01/2026:
    # 45 days end Monday 02/03; 60 days: 15 to 31/01, 43 to 28/02, 60 on Tuesday 17/03/2026.
    commune.is_remote_area = True
    case = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12")).case
    actions.accept_case(case, handler, now=at("2026-01-16"))
    assert case.resolve_due_on == date(2026, 3, 2)
    actions.extend_case(case, handler, "Vụ việc phức tạp", now=at("2026-02-10"))
    assert case.resolve_due_on == date(2026, 3, 17)
    assert deadlines.reckon_deadlines(case).resolve.rule.condition == PeriodCondition.remote_area


def test_a_remote_area_is_inherited_from_the_province(create_case, handler, province):
    province.is_remote_area = True
    case = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12")).case
    actions.accept_case(case, handler, now=at("2026-01-16"))
    assert case.resolve_due_on == date(2026, 3, 2)


def test_an_information_request_is_answered_15_working_days_from_receipt_not_acceptance(create_case, handler):
    # Law 104/2016 Art. 30: 15 working days from receipt of a valid request. Received Monday 02/03/2026:
    # 03-06/03 (4), 09-13 (9), 16-20 (14), Monday 23/03 (15). From acceptance on Thursday 05/03 it would be 26/03.
    case = create_case(kind="information_request", contact=IDENTIFIED, is_resident=True, now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-05"))
    assert case.resolve_due_on == date(2026, 3, 23)
    reckoning = deadlines.reckon_deadlines(case).resolve
    assert (reckoning.event, reckoning.event_on) == ("received", date(2026, 3, 2))


def test_an_information_request_made_valid_later_counts_from_then(create_case, handler):
    # The request becomes valid when the citizen supplies what was missing, Friday 06/03/2026: 15 working days
    # are 09-13/03 (5), 16-20 (10), 23-27 (15): Friday 27/03.
    case = create_case(kind="information_request", contact=IDENTIFIED, is_resident=True, now=at("2026-03-02")).case
    actions.request_information(case, handler, "Ghi rõ tên văn bản cần cung cấp", now=at("2026-03-03"))
    services.supply_information(case, "Quyết định 12/QĐ-UBND năm 2025", now=at("2026-03-06"))
    actions.accept_case(case, handler, now=at("2026-03-09"))
    assert case.resolve_due_on == date(2026, 3, 27)


def test_a_denunciation_verified_at_several_places_has_10_working_days(create_case, handler):
    # Law 25/2018 Art. 24(1): 7 working days from Monday 02/03/2026 end Wednesday 11/03; 10 end Monday 16/03.
    case = create_case(kind="denunciation", contact=IDENTIFIED, now=at("2026-03-02")).case
    assert case.acknowledge_due_on == date(2026, 3, 11)
    actions.verify_at_several_places(case, handler, "Xác minh tại hai thôn", now=at("2026-03-04"))
    assert case.acknowledge_due_on == case.due_on == date(2026, 3, 16)
    assert case.events[-1].details["due_on"] == "2026-03-16"
    with pytest.raises(InvalidTransition):
        actions.verify_at_several_places(case, handler, "Lần nữa", now=at("2026-03-05"))


def test_only_a_denunciation_not_yet_accepted_can_need_several_places(create_case, handler):
    feedback = create_case(now=at("2026-03-02")).case
    with pytest.raises(InvalidTransition):
        actions.verify_at_several_places(feedback, handler, "Nhiều nơi", now=at("2026-03-03"))


def test_forwarding_a_denunciation_is_due_within_5_working_days(create_case, handler, create_unit, create_user,
                                                                 province):
    # Law 25/2018 Art. 24(2): forward within 5 working days of receipt. Received Monday 02/03/2026: 03-06/03 and
    # Monday 09/03. Forwarded Tuesday 10/03: late, and the history says so.
    other = create_unit(name="Phường Đông Ngàn", parent=province)
    create_user(role=Role.unit_head, unit=other)
    case = create_case(kind="denunciation", contact=IDENTIFIED, now=at("2026-03-02")).case
    assert deadlines.forward_deadline(case) == date(2026, 3, 9)
    actions.transfer_case(case, handler, other.code, "Thuộc thẩm quyền phường", now=at("2026-03-10"))
    details = case.events[-1].details
    assert (details["forward_due_on"], details["forwarded_in_time"]) == ("2026-03-09", False)


def test_feedback_forwarded_in_time(create_case, handler, create_unit, create_user, province):
    other = create_unit(name="Phường Đông Ngàn", parent=province)
    create_user(role=Role.handler, unit=other)
    case = create_case(now=at("2026-03-02")).case
    actions.transfer_case(case, handler, other.code, "Thuộc thẩm quyền phường", now=at("2026-03-09"))
    assert case.events[-1].details["forwarded_in_time"] is True


def test_the_days_a_citizen_took_are_given_back_before_the_roll(create_case, handler):
    # A complaint accepted 16/01/2026 has 30 days; the citizen took from 20/01 to 25/01 (5 days) to answer a
    # question. 16/01 + 35 days = Friday 20/02, in Tết: Monday 23/02. (The rolled 23/02 plus 5 would be 02/03.)
    case = create_case(kind="complaint", contact=IDENTIFIED, now=at("2026-01-12")).case
    actions.accept_case(case, handler, now=at("2026-01-16"))
    actions.request_information(case, handler, "Bản sao quyết định", now=at("2026-01-20"))
    services.supply_information(case, "Đã gửi", now=at("2026-01-25"))
    assert case.resolve_due_on == date(2026, 2, 23)
    [pause] = deadlines.reckon_deadlines(case).resolve.count.lengthenings
    assert (pause.kind, pause.amount, pause.on, pause.resumed_on) == (
        LengtheningKind.pause, 5, date(2026, 1, 20), date(2026, 1, 25))


def test_the_new_year_2026_swap_is_seeded_with_its_source():
    # Official Letter 12729/VPCP-KGVX: Friday 02/01/2026 off, Saturday 10/01/2026 worked in exchange.
    calendar = load_calendar()
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert "12729/VPCP-KGVX" in calendar.day_off_name(date(2026, 1, 2))


def test_an_information_request_received_before_the_new_year_swap(create_case):
    # Law 104/2016 Art. 30: 3 working days from Wednesday 31/12/2025. 01/01 is New Year's Day and 02/01 the swapped
    # day off, so the count is Monday 05, 06 and Wednesday 07/01/2026.
    case = create_case(kind="information_request", contact=IDENTIFIED, is_resident=True, now=at("2025-12-31")).case
    assert case.acknowledge_due_on == date(2026, 1, 7)


def test_a_day_declared_off_later_moves_open_deadlines_and_says_why(create_case, handler, admin, db_session):
    # Feedback received Monday 02/03/2026 has 10 working days: Monday 16/03. Declaring Friday 13/03 off moves it
    # to Tuesday 17/03; cancelling the declaration moves it back.
    case = create_case(now=at("2026-03-02")).case
    answered = create_case(now=at("2026-03-02")).case
    actions.accept_case(answered, handler, now=at("2026-03-03"))
    actions.answer_case(answered, handler, "Đã sửa đường", now=at("2026-03-04"))
    assert case.due_on == date(2026, 3, 16)
    declared = calendar_services.declare_day(admin, date(2026, 3, 13), DayKind.day_off, "Quyết định 5/QĐ-UBND",
                                             now=at("2026-03-05"))
    assert case.due_on == case.acknowledge_due_on == date(2026, 3, 17)
    moved = case.events[-1]
    assert (moved.action, moved.note, moved.is_public) == ("deadline_moved", "Quyết định 5/QĐ-UBND", True)
    assert moved.details == {"from": "2026-03-16", "due_on": "2026-03-17", "day": "2026-03-13", "change": "day_off"}
    assert [event.action for event in answered.events][-1] == "answered"
    mail = db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert case.code in mail.subject and "17/03/2026" in mail.body
    calendar_services.cancel_day(admin, declared.id, now=at("2026-03-06"))
    assert case.due_on == date(2026, 3, 16)
    assert case.events[-1].details["change"] == "cancelled"


def test_a_make_up_working_day_declared_later_moves_a_deadline_earlier(create_case, admin):
    # 10 working days from Monday 02/03/2026 end Monday 16/03; with Saturday 07/03 worked, 03-07/03 are five and
    # 09-13/03 five more: Friday 13/03.
    case = create_case(now=at("2026-03-02")).case
    calendar_services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Làm bù", now=at("2026-03-03"))
    assert case.due_on == date(2026, 3, 13)


def test_a_deadline_before_the_declared_day_does_not_move(create_case, admin):
    case = create_case(now=at("2026-03-02")).case
    calendar_services.declare_day(admin, date(2026, 3, 20), DayKind.day_off, "Bão", now=at("2026-03-03"))
    assert case.due_on == date(2026, 3, 16)
    assert case.events[-1].action != "deadline_moved"


def test_every_period_of_the_law_is_a_dated_row_with_both_languages(db_session):
    rows = db_session.scalars(select(LegalPeriod)).all()
    found = {(row.kind.value, row.step.value, row.condition.value): row for row in rows}
    expected = {
        ("complaint", "resolve", "remote_area"): 45,
        ("denunciation", "acknowledge", "several_places"): 10,
        ("denunciation", "forward", "general"): 5,
        ("denunciation", "publish", "general"): 7,
        ("feedback", "forward", "general"): 5,
        ("information_request", "resolve", "in_person"): 10,
        ("information_request", "extend", "in_person"): 10,
        ("information_request", "resolve", "by_post"): 5,
    }
    assert {key: found[key].amount for key in expected} == expected
    assert all(row.legal_basis_en for row in rows)
    assert found[("denunciation", "publish", "general")].legal_basis_en.startswith("Law on Denunciations 25/2018")


def test_a_condition_s_period_is_chosen_only_when_asked(commune):
    general = deadlines.period_in_force("information_request", Step.resolve, commune, date(2026, 3, 2))
    in_person = deadlines.period_in_force("information_request", Step.resolve, commune, date(2026, 3, 2),
                                         PeriodCondition.in_person)
    by_post_extension = deadlines.period_in_force("information_request", Step.extend, commune, date(2026, 3, 2),
                                                 PeriodCondition.by_post)
    assert (general.amount, in_person.amount) == (15, 10)
    assert by_post_extension.condition == PeriodCondition.general
