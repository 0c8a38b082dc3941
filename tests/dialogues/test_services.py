from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.cases.models import CaseEvent
from portal.core.errors import InvalidFields, InvalidInput, InvalidTransition, NotAllowed
from portal.core.timeutil import local_date
from portal.dialogues import services
from portal.dialogues.models import DialogueKind, QuestionStatus
from portal.disclosures.models import DisclosureStatus
from portal.disclosures.services import status_of
from portal.notifications.models import OutboxMessage
from portal.units.models import BodyType, UnitKind
from tests.case_fixtures import CASE_NOW
from tests.dialogues.conftest import AFTER_SESSION, SESSION_DAY


def _fields(error: InvalidFields) -> set:
    return {each.field for each in error.errors}


def test_scheduling_from_a_request_publishes_the_notice_until_the_session_and_tells_the_citizen(
    session, dialogue_request, db_session
):
    assert session.cases == [dialogue_request]
    assert session.starts_at == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam
    notice = session.disclosure
    assert notice.category.code == "doi-thoai"
    assert status_of(notice, CASE_NOW) == DisclosureStatus.posted
    assert notice.posting_last_day == SESSION_DAY
    assert "Hội trường UBND xã" in notice.current_version.body_markdown
    event = db_session.scalar(select(CaseEvent).where(CaseEvent.case_id == dialogue_request.id,
                                                      CaseEvent.action == "dialogue_scheduled"))
    assert event.is_public and f"/dialogues/{session.id}" in event.note
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "dialogue_scheduled"))
    assert mail.recipient == "binh@example.vn"
    assert f"/dialogues/{session.id}" in mail.body and dialogue_request.code in mail.subject


def test_only_the_head_schedules(session_data, handler):
    with pytest.raises(NotAllowed):
        services.schedule_session(session_data(), handler, now=CASE_NOW)


def test_a_request_of_another_unit_or_a_denunciation_is_not_linked(session_data, head, create_case, create_unit):
    other = create_unit(name="Xã Khác")
    foreign = create_case(place=other).case
    with pytest.raises(InvalidFields) as refused:
        services.schedule_session(session_data(case_codes=[foreign.code]), head, now=CASE_NOW)
    assert _fields(refused.value) == {"cases"}
    denunciation = create_case(kind="denunciation").case
    with pytest.raises(InvalidFields):
        services.schedule_session(session_data(case_codes=[denunciation.code]), head, now=CASE_NOW)


def test_every_problem_is_refused_at_once(session_data, head):
    data = session_data(kind="nonsense", title="", place="x" * 301, day=None, agenda="")
    with pytest.raises(InvalidFields) as refused:
        services.schedule_session(data, head, now=CASE_NOW)
    assert {"kind", "title", "place", "day", "agenda"} <= _fields(refused.value)


def test_the_end_comes_after_the_start(session_data, head):
    with pytest.raises(InvalidFields) as refused:
        services.schedule_session(session_data(starts=time(10), ends=time(9)), head, now=CASE_NOW)
    assert _fields(refused.value) == {"ends"}


# --- Art. 33: a village conference is announced at least 5 days ahead -------------------------------------------


def test_notice_days_count_from_the_day_after_the_announcement():
    assert services.notice_days(date(2026, 12, 1), date(2026, 12, 6)) == 5
    assert services.notice_days(date(2026, 12, 1), date(2026, 12, 5)) == 4


@pytest.mark.parametrize(("announced_at", "held_on", "accepted"), [
    # 23:30 on 1 December in Vietnam: a conference on 6 December has 5 days of notice.
    (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), date(2026, 12, 6), True),
    # 00:30 on 2 December in Vietnam (still 1 December in UTC): 6 December has only 4.
    (datetime(2026, 12, 1, 17, 30, tzinfo=UTC), date(2026, 12, 6), False),
    (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), date(2026, 12, 5), False),
])
def test_a_village_conference_needs_five_days_notice(session_data, head, village, announced_at, held_on, accepted):
    data = session_data(unit_code=village.code, kind="village_conference", day=held_on)
    if accepted:
        session = services.schedule_session(data, head, now=announced_at)
        assert session.kind == DialogueKind.village_conference
    else:
        with pytest.raises(InvalidFields) as refused:
            services.schedule_session(data, head, now=announced_at)
        assert _fields(refused.value) == {"day"}


def test_an_ad_hoc_dialogue_may_come_sooner_but_not_today(session_data, head):
    services.schedule_session(session_data(day=date(2026, 3, 3)), head, now=CASE_NOW)
    with pytest.raises(InvalidFields):
        services.schedule_session(session_data(day=date(2026, 3, 2)), head, now=CASE_NOW)


def test_each_kind_is_held_by_its_kind_of_unit(session_data, head, village, commune):
    with pytest.raises(InvalidFields) as refused:
        services.schedule_session(session_data(kind="village_conference"), head, now=CASE_NOW)
    assert _fields(refused.value) == {"kind"}
    with pytest.raises(InvalidFields):
        services.schedule_session(session_data(unit_code=village.code, kind="front_conference"), head, now=CASE_NOW)
    assert services.schedule_session(session_data(kind="front_conference"), head, now=CASE_NOW).unit == commune


# --- Art. 32: a dialogue conference with the Front each calendar year -----------------------------------------


def _front_conference(session_data, head, unit, announced, day, at):
    return services.schedule_session(session_data(unit_code=unit.code, kind="front_conference", day=day,
                                                  starts=at, ends=time(23, 59)), head, now=announced)


def test_a_conference_late_on_31_december_counts_for_that_year(session_data, head, commune, create_unit, province):
    committee = create_unit(name="UBND xã Tân Trung", kind=UnitKind.body, parent=commune,
                            body_type=BodyType.people_committee)
    _front_conference(session_data, head, committee, datetime(2025, 12, 1, tzinfo=UTC), date(2025, 12, 31),
                      time(23, 0))
    rows = services.front_conference_compliance(province, 2025, date(2026, 1, 1))
    assert [(row.commune, row.status) for row in rows] == [(commune, "held")]
    assert services.front_conference_compliance(province, 2026, date(2026, 1, 1))[0].status == "not_yet"


def test_one_on_1_january_counts_for_the_new_year_and_leaves_the_old_one_missing(session_data, head, commune):
    session = _front_conference(session_data, head, commune, datetime(2025, 12, 1, tzinfo=UTC), date(2026, 1, 1),
                                time(0, 30))
    assert session.starts_at.year == 2025  # 17:30 UTC on 31 December
    assert services.front_conference_compliance(commune, 2025, date(2026, 1, 2))[0].status == "missing"
    held = services.front_conference_compliance(commune, 2026, date(2026, 1, 2))[0]
    assert (held.status, held.sessions) == ("held", [session])


def test_a_year_not_over_is_not_yet_missing(commune):
    assert services.front_conference_compliance(commune, 2026, date(2026, 12, 31))[0].status == "not_yet"
    assert services.front_conference_compliance(commune, 2026, date(2027, 1, 1))[0].status == "missing"


# --- questions ----------------------------------------------------------------------------------------------


def test_a_question_waits_for_moderation_and_is_shown_masked(session, handler):
    question = services.submit_question(session, "Ông Lê Văn Bình, số 0912 345 678, hỏi khi nào sửa đường?",
                                        "Lê Văn Bình", "binh@example.vn", now=CASE_NOW)
    assert question.status == QuestionStatus.pending and session.approved_questions == []
    assert "binh@example.vn" not in question.asker_sealed
    services.moderate_question(question, handler, True, now=CASE_NOW)
    assert session.approved_questions == [question]
    assert "0912" not in question.public_text and "Bình" not in question.public_text
    with pytest.raises(InvalidTransition):
        services.moderate_question(question, handler, False, "again", now=CASE_NOW)


def test_a_refusal_needs_a_reason_and_stays_hidden(session, handler):
    question = services.submit_question(session, "Câu hỏi không liên quan", now=CASE_NOW)
    with pytest.raises(InvalidInput):
        services.moderate_question(question, handler, False, "", now=CASE_NOW)
    services.moderate_question(question, handler, False, "Không thuộc nội dung đối thoại", now=CASE_NOW)
    assert question.status == QuestionStatus.refused and session.approved_questions == []


def test_only_the_units_officials_moderate(session, create_user):
    stranger = create_user(role=Role.handler)
    question = services.submit_question(session, "Câu hỏi", now=CASE_NOW)
    with pytest.raises(NotAllowed):
        services.moderate_question(question, stranger, True, now=CASE_NOW)


def test_questions_are_refused_when_empty_huge_or_late(session):
    with pytest.raises(InvalidFields) as refused:
        services.submit_question(session, "", "x" * 201, "not-an-email", now=CASE_NOW)
    assert _fields(refused.value) == {"text", "name", "email"}
    with pytest.raises(InvalidFields):
        services.submit_question(session, "x" * 2001, now=CASE_NOW)
    with pytest.raises(InvalidTransition):
        services.submit_question(session, "Câu hỏi", now=session.starts_at)


# --- minutes ------------------------------------------------------------------------------------------------


def test_minutes_come_after_the_session_masked(session, handler):
    with pytest.raises(InvalidTransition):
        services.record_minutes(session, handler, 50, "", "Biên bản", now=CASE_NOW)
    services.record_minutes(session, handler, 85, "UBMTTQ xã, Hội Nông dân",
                            "Ông Bình (0912 345 678) phát biểu về đường thôn.", now=AFTER_SESSION)
    assert session.attendance == 85 and session.minutes_published_at == AFTER_SESSION
    assert "0912" not in session.minutes_text


@pytest.mark.parametrize("attendance", [None, -1, 10**12])
def test_attendance_is_a_sensible_number(session, handler, attendance):
    with pytest.raises(InvalidFields) as refused:
        services.record_minutes(session, handler, attendance, "", "Biên bản", now=AFTER_SESSION)
    assert _fields(refused.value) == {"attendance"}


def test_questions_of_the_room_and_answers_go_into_the_minutes(session, handler):
    asked = services.submit_question(session, "Khi nào sửa đường?", now=CASE_NOW)
    services.moderate_question(asked, handler, True, now=CASE_NOW)
    services.answer_question(asked, handler, "Trong quý II năm 2026.", now=AFTER_SESSION)
    room = services.add_room_question(session, handler, "Kinh phí lấy từ đâu?", "Ngân sách xã.", now=AFTER_SESSION)
    assert [question.answer for question in session.approved_questions] == ["Trong quý II năm 2026.",
                                                                           "Ngân sách xã."]
    assert room.source.value == "in_room"


def test_sessions_split_into_upcoming_and_past(session):
    assert services.split_sessions([session], CASE_NOW) == ([session], [])
    assert services.split_sessions([session], AFTER_SESSION) == ([], [session])
    assert local_date(session.starts_at) == SESSION_DAY
