"""The steps the law has beyond the first answer, called without HTTP, at their edges. Every expected date is worked
out here from the law's words: a period in days starts the day after the event, and one in calendar days that ends
on a day off ends on the next working day (Civil Code 2015, Art. 147-148)."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.cases import lifecycle, services, submission
from portal.cases.models import Case, CaseKind, CaseStatus
from portal.casework import actions
from portal.casework import services as casework
from portal.core.calendar import PeriodUnit
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from portal.core.redact import MASK
from portal.notifications.models import OutboxMessage
from portal.periods import deadlines
from portal.periods.models import LegalPeriod, PeriodCondition, Step
from portal.units.models import UnitKind

pytestmark = pytest.mark.usefixtures("english_messages")

DENOUNCER = lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678", email="binh@example.vn",
                             address="Thôn Đông, xã Tân Trung", id_number="079123456789")


def at(day: str, hour: int = 9) -> datetime:
    """A moment on a local (Vietnam) day."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


# --- the time limit to complain (Law 02/2011 Art. 9) ------------------------------------------------------------


def test_the_last_day_to_complain_is_ninety_days_after_learning(create_case):
    # Learned on Thursday 15/01/2026: day 1 is 16/01; 16 days to 31/01, 28 in February (44), 31 in March (75), so
    # day 90 is Wednesday 15/04/2026, a working day.
    case = create_case(kind="complaint", decision_known_on=date(2026, 1, 15), now=at("2026-04-15", 23)).case
    assert case.complain_until == date(2026, 4, 15)
    assert not case.is_late_complaint
    assert case.events[0].details["complain_until"] == "2026-04-15" and case.events[0].details["late"] is False


def test_a_limit_ending_on_a_sunday_ends_on_monday(create_case):
    # Learned on Monday 02/03/2026: 29 days to 31/03, 30 in April (59), day 90 is Sunday 31/05/2026 -> Monday 01/06.
    on_time = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-01", 23)).case
    assert on_time.complain_until == date(2026, 6, 1) and not on_time.is_late_complaint
    late = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-02", 0)).case
    assert late.complain_until == date(2026, 6, 1) and late.is_late_complaint
    assert late.status == CaseStatus.received


def test_a_complaint_must_say_when_the_decision_was_learned(commune, create_case):
    data = submission.Submission(kind="complaint", field="land", place_code=commune.code, title="Khiếu nại",
                               description="Khiếu nại quyết định thu hồi đất của UBND xã.", contact=DENOUNCER)
    with pytest.raises(InvalidInput, match="date you received or learned"):
        submission.submit_case(data, now=at("2026-03-02"))
    assert create_case(kind="feedback").case.complain_until is None


def test_a_late_complaint_is_accepted_only_with_the_obstacle_written(create_case, handler):
    case = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-02")).case
    with pytest.raises(InvalidInput, match="01/06/2026"):
        actions.accept_case(case, handler, now=at("2026-06-03"))
    assert case.status == CaseStatus.received
    actions.accept_case(case, handler, late_reason="Ông Bình nằm viện từ 20/5 đến 1/6 (giấy ra viện kèm theo).",
                         now=at("2026-06-03"))
    accepted = case.events[-1]
    assert case.status == CaseStatus.accepted and accepted.details["late_accepted"] is True
    assert accepted.note.startswith("Ông Bình nằm viện")
    # The public reads the official's reason with the citizen's name masked.
    assert "Bình" not in services.public_history(case)[-1].note


def test_a_late_complaint_may_be_refused_as_out_of_time(create_case, handler):
    case = create_case(kind="complaint", decision_known_on=date(2025, 11, 1), now=at("2026-03-02")).case
    actions.refuse_case(case, handler, "out_of_time", "Đã quá 90 ngày kể từ ngày biết quyết định.",
                         now=at("2026-03-03"))
    assert case.status == CaseStatus.refused


def test_a_remote_unit_s_own_limit_wins(create_case, commune, db_session):
    db_session.add(LegalPeriod(kind=CaseKind.complaint, step=Step.complain, amount=120,
                               period_unit=PeriodUnit.calendar_days, effective_from=date(2023, 7, 1),
                               unit_id=commune.id, legal_basis="Quy định thử"))
    db_session.flush()
    # 15/01 + 120 days: 16 (Jan) + 28 + 31 + 30 = 105 on 30/04, so day 120 is 15/05/2026, a Friday.
    case = create_case(kind="complaint", decision_known_on=date(2026, 1, 15), now=at("2026-03-02")).case
    assert case.complain_until == date(2026, 5, 15)


# --- the second complaint (Law 02/2011 Art. 33, 36-37) -----------------------------------------------------------


@pytest.fixture
def province_head(create_user, province):
    return create_user(role=Role.unit_head, unit=province, full_name="Đỗ Văn Tỉnh", email="tinh@bacninh.gov.vn")


@pytest.fixture
def province_handler(create_user, province):
    return create_user(role=Role.handler, unit=province, full_name="Vũ Thị Hoa", email="hoa@bacninh.gov.vn")


def _decided(create_case, handler, head, *, answered: str = "2026-03-20"):
    """A first-instance complaint accepted on Monday 02/03/2026 and decided on `answered`."""
    submitted = create_case(kind="complaint", now=at("2026-03-02"))
    case = submitted.case
    actions.accept_case(case, handler, now=at("2026-03-02"))
    actions.answer_case(case, head, "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định thu hồi.",
                         now=at(answered))
    return submitted


def test_the_window_for_a_second_complaint_runs_thirty_days_from_the_decision(create_case, handler, head):
    case = _decided(create_case, handler, head).case
    # Decided (and so received by the citizen on the portal) on Friday 20/03/2026: day 30 is Sunday 19/04 -> 20/04.
    assert services.appeal_until(case, at("2026-03-21")) == date(2026, 4, 20)


def test_without_a_decision_in_time_the_window_runs_from_the_end_of_the_first_instance(create_case, handler):
    case = create_case(kind="complaint", now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-02"))
    # Accepted 02/03: 30 days end on Wednesday 01/04/2026. Until that day ends there is nothing to contest.
    assert case.resolve_due_on == date(2026, 4, 1)
    assert services.appeal_until(case, at("2026-04-01", 23)) is None
    # From 01/04: day 30 is 01/05 (Labour Day), then the weekend: Monday 04/05/2026.
    assert services.appeal_until(case, at("2026-04-02", 0)) == date(2026, 5, 4)


def test_a_second_complaint_goes_to_the_level_above_with_its_own_clock(
    create_case, handler, head, province, province_handler, db_session
):
    first = _decided(create_case, handler, head)
    second = services.submit_second_complaint(
        first.case, "Tôi không đồng ý với quyết định lần đầu vì diện tích thu hồi sai.", now=at("2026-04-20", 23)
    )
    case = second.case
    assert case.kind == CaseKind.complaint and case.is_second_complaint and case.appeal_of == first.case
    assert case.unit == province and case.assignee == province_handler
    assert case.status == CaseStatus.received and second.token != first.token
    assert case.decision_known_on == date(2026, 3, 20) and case.complain_until == date(2026, 4, 20)
    assert case.contact_email_digest == first.case.contact_email_digest
    assert case.events[0].details["appeal_of"] == first.case.code
    appealed = first.case.events[-1]
    assert appealed.action == "appealed" and appealed.is_public and appealed.details["code"] == case.code
    # Accepted Monday 04/05/2026: 45 days (not the first instance's 30): 27 to 31/05, 18 more: Thursday 18/06/2026.
    actions.accept_case(case, province_handler, now=at("2026-05-04"))
    assert case.resolve_due_on == date(2026, 6, 18)
    # A complex case: at most 60 days from acceptance: 27 + 30 (June) + 3: Friday 03/07/2026. Once only.
    actions.extend_case(case, province_handler, "Vụ việc phức tạp", now=at("2026-06-10"))
    assert case.resolve_due_on == date(2026, 7, 3)
    with pytest.raises(InvalidTransition):
        actions.extend_case(case, province_handler, "Lần nữa", now=at("2026-06-11"))
    # The citizen gets the new case's receipt with its own private link.
    receipts = db_session.scalars(select(OutboxMessage.subject).where(OutboxMessage.kind == "case_received",
                                                                      OutboxMessage.recipient == "binh@example.vn"))
    assert any(case.code in subject for subject in receipts)


def test_a_remote_area_has_longer_second_instance_periods(create_case, handler, head, province, province_handler,
                                                          db_session):
    db_session.add(LegalPeriod(kind=CaseKind.complaint, step=Step.resolve_second, amount=60,
                               period_unit=PeriodUnit.calendar_days, effective_from=date(2023, 7, 1),
                               unit_id=province.id, legal_basis="Luật Khiếu nại 02/2011/QH13, Điều 37 (vùng sâu)"))
    db_session.flush()
    first = _decided(create_case, handler, head)
    case = services.submit_second_complaint(first.case, "Không đồng ý với quyết định lần đầu.",
                                            now=at("2026-03-23")).case
    actions.accept_case(case, province_handler, now=at("2026-05-04"))
    # 60 days from Monday 04/05/2026: 27 in May, 30 in June, 3 in July: Friday 03/07/2026.
    assert case.resolve_due_on == date(2026, 7, 3)


def test_a_remote_unit_s_second_complaints_read_the_remote_rows(create_case, handler, head, province,
                                                                 province_handler):
    province.is_remote_area = True
    first = _decided(create_case, handler, head)
    # The window is 45 days there (Art. 33): from Friday 20/03/2026, 11 to 31/03, 30 in April, day 45 is Monday 04/05.
    assert services.appeal_until(first.case, at("2026-03-21")) == date(2026, 5, 4)
    case = services.submit_second_complaint(first.case, "Không đồng ý với quyết định lần đầu.",
                                            now=at("2026-03-23")).case
    actions.accept_case(case, province_handler, now=at("2026-05-04"))
    # 60 days from Monday 04/05/2026 (Art. 37): 27 in May, 30 in June, 3 in July: Friday 03/07/2026; complex: 70 days,
    # Monday 13/07/2026.
    assert case.resolve_due_on == date(2026, 7, 3)
    actions.extend_case(case, province_handler, "Vụ việc phức tạp", now=at("2026-06-10"))
    assert case.resolve_due_on == date(2026, 7, 13)


def test_a_second_complaint_is_announced_like_a_first(create_case, handler, head, province_handler, db_session):
    first = _decided(create_case, handler, head).case
    case = services.submit_second_complaint(first, "Không đồng ý với quyết định lần đầu.", now=at("2026-03-23")).case
    assigned = [event for event in case.events if event.action == "assigned"]
    assert len(assigned) == 1 and not assigned[0].is_public
    assert assigned[0].details == {"assignee": province_handler.full_name}
    mails = db_session.scalars(select(OutboxMessage.kind).where(OutboxMessage.recipient == province_handler.email))
    assert list(mails) == ["case_assigned"]


def test_the_window_closes_at_its_last_day(create_case, handler, head):
    first = _decided(create_case, handler, head).case
    with pytest.raises(InvalidTransition, match="can no longer"):
        services.submit_second_complaint(first, "Quá hạn rồi vẫn khiếu nại.", now=at("2026-04-21", 0))


def test_only_one_second_complaint_and_none_after_it(create_case, handler, head, province_handler):
    first = _decided(create_case, handler, head).case
    second = services.submit_second_complaint(first, "Không đồng ý với quyết định lần đầu.", now=at("2026-03-23")).case
    assert services.appeal_until(first, at("2026-03-24")) is None
    with pytest.raises(InvalidTransition):
        services.submit_second_complaint(first, "Lần thứ hai nữa, vẫn không đồng ý.", now=at("2026-03-24"))
    assert services.appeal_until(second, at("2026-03-24")) is None


def test_a_complaint_is_never_reopened_for_another_thirty_days(create_case, handler, head):
    first = _decided(create_case, handler, head).case
    assert services.reopen_until(first) is None
    with pytest.raises(InvalidTransition, match="second complaint"):
        services.reopen_case(first, "Tôi không đồng ý.", now=at("2026-03-23"))
    assert first.status == CaseStatus.answered and first.reopen_count == 0


def test_the_level_above_skips_a_dissolved_district(create_unit, province):
    district = create_unit(name="Huyện Yên Phong", kind=UnitKind.district, parent=province,
                           dissolved_on=date(2025, 7, 1))
    commune = create_unit(name="Xã Đông Phong", parent=district)
    assert services.level_above(commune) == province
    assert services.level_above(province) is None


def test_a_second_complaint_needs_a_unit_above(create_case, create_unit, create_user, db_session):
    top = create_unit(name="Bộ ngành", kind=UnitKind.province)
    top_handler = create_user(role=Role.handler, unit=top, email="a@bo.gov.vn")
    top_head = create_user(role=Role.unit_head, unit=top, email="b@bo.gov.vn")
    case = create_case(kind="complaint", place=top, now=at("2026-03-02")).case
    actions.accept_case(case, top_handler, now=at("2026-03-02"))
    actions.answer_case(case, top_head, "Quyết định lần đầu.", now=at("2026-03-05"))
    with pytest.raises(InvalidTransition, match="No unit above"):
        services.submit_second_complaint(case, "Không đồng ý với quyết định.", now=at("2026-03-06"))


# --- a denunciation's public conclusion (Law 25/2018 Art. 40) ---------------------------------------------------


def _concluded(create_case, handler, head, *, on: str = "2026-03-20"):
    case = create_case(kind="denunciation", contact=DENOUNCER, now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, head, "Kết luận: nội dung tố cáo của ông Lê Văn Bình (0912 345 678, Thôn Đông, xã "
                                     "Tân Trung) là đúng một phần.", now=at(on))
    return case


def test_the_conclusion_is_due_seven_working_days_after_it_is_made(create_case, handler, head):
    case = _concluded(create_case, handler, head)
    # Concluded Friday 20/03/2026: 23, 24, 25, 26, 27, 30, 31 March: Tuesday 31/03/2026.
    assert case.status == CaseStatus.answered and case.conclusion_due_on == date(2026, 3, 31)
    assert case.due_on == date(2026, 3, 31) and case.is_on_time is True
    assert deadlines.deadline_state(case, at("2026-04-01")).is_overdue


def test_the_queue_keeps_a_conclusion_to_publish_and_marks_it_overdue(create_case, handler, head, db_session):
    case = _concluded(create_case, handler, head)
    done = create_case(now=at("2026-03-02")).case
    actions.accept_case(done, handler, now=at("2026-03-02"))
    actions.answer_case(done, handler, "Đã xử lý.", now=at("2026-03-03"))

    def codes(**filters):
        return [c.code for c in db_session.scalars(casework.queue(handler, casework.QueueFilter(**filters),
                                                                  at("2026-04-01")))]

    assert case.code in codes() and done.code not in codes()
    assert codes(due="overdue") == [case.code]


def test_the_handler_writes_the_conclusion_the_head_approves_it(create_case, handler, head):
    case = _concluded(create_case, handler, head)
    suggestion = casework.suggested_conclusion(case)
    for personal in ("Bình", "0912 345 678", "Thôn Đông, xã Tân Trung"):
        assert personal not in suggestion
    casework.write_conclusion(case, handler, suggestion + " Ông Lê Văn Bình, binh@example.vn, CCCD 079123456789.",
                              now=at("2026-03-25"))
    assert case.conclusion_published_at is None and case.due_on == date(2026, 3, 31)
    assert case.events[-1].action == "conclusion_submitted" and not case.events[-1].is_public
    for personal in ("Bình", "binh@example.vn", "079123456789"):
        assert personal not in case.conclusion_text
    assert MASK in case.conclusion_text
    with pytest.raises(NotAllowed):
        casework.approve_conclusion(case, handler, now=at("2026-03-26"))
    casework.approve_conclusion(case, head, now=at("2026-03-31", 23))
    assert case.conclusion_published_at is not None and case.due_on is None
    published = case.events[-1]
    assert published.action == "conclusion_published" and published.is_public and published.details["on_time"]
    assert services.public_conclusion(case.id) == case
    assert services.list_conclusions(limit=10) == ([case], None)
    with pytest.raises(InvalidTransition):
        casework.write_conclusion(case, head, "Lần nữa", now=at("2026-04-01"))


def test_a_conclusion_published_after_its_day_is_recorded_late(create_case, handler, head):
    case = _concluded(create_case, handler, head)
    casework.write_conclusion(case, head, "Kết luận: tố cáo đúng một phần.", now=at("2026-04-01", 0))
    assert case.conclusion_published_at is not None and case.events[-1].details["on_time"] is False


def test_only_a_concluded_denunciation_has_a_public_conclusion(create_case, handler, head):
    feedback = create_case().case
    actions.accept_case(feedback, handler, now=at("2026-03-02"))
    actions.answer_case(feedback, handler, "Đã sửa.", now=at("2026-03-03"))
    assert feedback.conclusion_due_on is None and feedback.due_on is None
    with pytest.raises(InvalidTransition):
        casework.write_conclusion(feedback, handler, "Kết luận", now=at("2026-03-04"))
    open_case = create_case(kind="denunciation", contact=DENOUNCER).case
    with pytest.raises(InvalidTransition):
        casework.write_conclusion(open_case, handler, "Kết luận", now=at("2026-03-04"))
    with pytest.raises(NotFound):
        services.public_conclusion(open_case.id)
    with pytest.raises(NotFound):
        services.public_conclusion(feedback.id)


# --- information requests by channel (Law 104/2016 Art. 29-31) -------------------------------------------------


def _request(commune, channel: str) -> submission.Submission:
    return submission.Submission(
        kind="information_request", field="fees", place_code=commune.code, title="Dự toán ngân sách xã 2026",
        description="Đề nghị cung cấp bản dự toán thu, chi ngân sách xã năm 2026.", channel=channel,
        contact=lifecycle.Contact(name="Trần Văn Khoa", address="Thôn Đông, xã Tân Trung"), is_resident=True,
    )


def test_a_request_in_person_has_ten_working_days_and_ten_more(commune, handler):
    case = casework.record_request(_request(commune, "in_person"), handler, now=at("2026-03-02")).case
    assert case.channel == "in_person" and case.events[-1].action == "recorded"
    actions.accept_case(case, handler, now=at("2026-03-02"))
    # From Monday 02/03/2026: 3-6, 9-13, 16 March: the tenth working day is Monday 16/03/2026.
    assert case.resolve_due_on == date(2026, 3, 16)
    actions.extend_case(case, handler, "Cần sao chụp nhiều tài liệu", now=at("2026-03-16"))
    # Ten more: 17-20, 23-27, 30 March: Monday 30/03/2026.
    assert case.resolve_due_on == date(2026, 3, 30)
    with pytest.raises(InvalidTransition):
        actions.extend_case(case, handler, "Lần nữa", now=at("2026-03-20"))


def test_a_request_by_post_has_five_working_days(commune, handler):
    case = casework.record_request(_request(commune, "post"), handler, now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-02"))
    # 3, 4, 5, 6, 9 March: Monday 09/03/2026.
    assert case.resolve_due_on == date(2026, 3, 9)
    # The law sets no extension of its own for a request by post: the general one, 15 working days more, applies:
    # 10-13, 16-20, 23-27, 30 March: Monday 30/03/2026.
    actions.extend_case(case, handler, "Cần thêm thời gian", now=at("2026-03-05"))
    assert case.resolve_due_on == date(2026, 3, 30)


def test_an_electronic_request_keeps_fifteen_working_days(commune, handler):
    case = submission.submit_case(_request(commune, "web"), now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-02"))
    # 3-6, 9-13, 16-20, 23 March: the fifteenth working day is Monday 23/03/2026.
    assert case.resolve_due_on == date(2026, 3, 23)


def test_only_the_unit_s_officials_record_and_only_from_the_desk_or_the_post(commune, province, create_user,
                                                                            create_unit, handler):
    neighbour = create_unit(name="Xã Bên Cạnh", parent=province)
    stranger = create_user(role=Role.handler, unit=neighbour, email="x@bencanh.gov.vn")
    with pytest.raises(NotAllowed):
        casework.record_request(_request(commune, "in_person"), stranger, now=at("2026-03-02"))
    with pytest.raises(InvalidInput):
        casework.record_request(_request(commune, "web"), handler, now=at("2026-03-02"))
    feedback = submission.Submission(**{**_request(commune, "in_person").__dict__, "kind": "feedback"})
    recorded = casework.record_request(feedback, handler, now=at("2026-03-02")).case
    assert (recorded.kind, recorded.channel) == (CaseKind.feedback, "in_person")
    assert deadlines.channel_condition(recorded) == PeriodCondition.general
    with pytest.raises(InvalidInput):
        submission.submit_case(submission.Submission(**{**_request(commune, "web").__dict__, "channel": "fax"}),
                             now=at("2026-03-02"))
    assert deadlines.resolve_step(Case(kind=CaseKind.information_request, channel="open311")) == Step.resolve
