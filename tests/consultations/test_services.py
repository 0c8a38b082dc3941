"""The rules of a consultation called directly: the period at its edges, comments, floods, the synthesis and
closing."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from portal.consultations import services, synthesis
from portal.consultations.models import Channel, Disposition, Moderation, Status
from portal.core.calendar import load_calendar
from portal.core.errors import InvalidFields, InvalidInput, InvalidTransition, NotAllowed
from portal.core.timeutil import local_date, start_of_local_day
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.units.models import UnitKind
from tests.clock import vietnam_time
from tests.consultations.conftest import OPENED_AT, REGULATION, article

SENDER = "a" * 64


def comment(consultation, text="Đề nghị họp thôn ba lần mỗi năm.", *, sender=SENDER, now=None, **fields):
    return services.submit_comment(consultation, services.NewComment(text=text, **fields), sender=sender,
                                   now=now or OPENED_AT + timedelta(days=1))


def test_the_draft_is_split_into_chapters_and_articles(draft):
    numbers = [part.number for part in draft.draft_parts]
    assert numbers == ["", "Chương I", "Điều 1.", "Điều 2.", "Chương II", "Điều 3.", "Điều 4."]
    assert article(draft, 3).heading == "Họp thôn"
    assert "b) Thông báo trước ít nhất 5 ngày." in article(draft, 3).text
    assert draft.status_at(OPENED_AT) == Status.draft


def test_nineteen_days_are_refused_with_the_reason(commune, handler, new_data, english_messages):
    with pytest.raises(InvalidFields) as refused:
        services.create_consultation(handler, commune, new_data(period_days=19), now=OPENED_AT)
    (problem,) = refused.value.errors
    assert problem.field == "period_days"
    assert "at least 20 days from publication" in str(problem) and "Art. 28(2)" in str(problem)
    assert "19 days is too short" in str(problem)


def test_twenty_days_end_twenty_calendar_days_after_the_day_of_publication(draft, head):
    services.publish_consultation(head, draft, now=vietnam_time(date(2026, 1, 7), "09:00"))  # a Wednesday
    assert draft.ends_on == date(2026, 1, 27)  # Tuesday: the day of publication is not counted
    assert draft.ends_on - local_date(draft.published_at) == timedelta(days=20)


def test_an_end_on_a_day_off_moves_to_the_next_working_day(draft, head):
    # Published Friday 10/04/2026: the 20th day is Thursday 30/04 (Reunification Day), then 01/05 (Labour Day),
    # then the weekend: the period ends on Monday 04/05.
    services.publish_consultation(head, draft, now=vietnam_time(date(2026, 4, 10), "10:00"))
    assert not load_calendar().is_working_day(date(2026, 4, 30))
    assert draft.ends_on == date(2026, 5, 4)


def test_published_in_the_evening_counts_from_the_local_day(draft, head, vietnam_hour):
    published = vietnam_time(date(2026, 6, 1), vietnam_hour)  # Monday 01/06/2026
    services.publish_consultation(head, draft, now=published)
    assert draft.ends_on == date(2026, 6, 22)  # 21/06 is a Sunday: Monday 22/06
    last_evening = vietnam_time(date(2026, 6, 22), "23:59")
    assert draft.status_at(last_evening) == Status.open
    assert services.days_left(draft, last_evening) == 1
    assert draft.status_at(vietnam_time(date(2026, 6, 23), "00:00")) == Status.synthesis
    assert services.days_left(draft, vietnam_time(date(2026, 6, 23), "00:00")) is None


def test_days_left_count_today(opened):
    assert services.days_left(opened, OPENED_AT) == (opened.ends_on - date(2026, 3, 2)).days + 1


def test_only_the_chair_publishes_and_only_officials_draft(draft, handler, create_user, commune, new_data):
    with pytest.raises(NotAllowed):
        services.publish_consultation(handler, draft, now=OPENED_AT)
    stranger = create_user()
    with pytest.raises(NotAllowed):
        services.create_consultation(stranger, commune, new_data(), now=OPENED_AT)


def test_a_village_cannot_open_a_consultation(create_unit, create_user, commune, new_data):
    village = commune.children[0]
    official = create_user(unit=commune)
    with pytest.raises(NotAllowed):
        services.create_consultation(official, village, new_data(), now=OPENED_AT)


def test_areas_must_be_villages_of_the_commune(commune, handler, new_data, create_unit):
    other = create_unit(name="Thôn Khác", kind=UnitKind.village)
    with pytest.raises(InvalidFields) as refused:
        services.create_consultation(handler, commune, new_data(area_ids=[other.id]), now=OPENED_AT)
    assert refused.value.errors[0].field == "areas"
    chosen = services.create_consultation(handler, commune, new_data(area_ids=[commune.children[0].id]),
                                          now=OPENED_AT)
    assert [unit.name for unit in chosen.areas] == ["Thôn 1"]


def test_a_comment_waits_for_moderation_and_is_shown_masked(opened, handler):
    sent = comment(opened, "Gọi tôi 0912 345 678 hoặc an@example.vn để bàn Điều 3.", part_id=article(opened, 3).id,
                   author_name="Nguyễn Văn An", village="Thôn 1", is_named=True, email="an@example.vn")
    assert sent.moderation == Moderation.pending
    assert services.public_comments(opened) == []
    assert "0912" not in sent.shown_text and "example" not in sent.shown_text
    services.moderate_comment(handler, sent, None, now=OPENED_AT + timedelta(days=2))
    assert services.public_comments(opened, article(opened, 3).id) == [sent]
    assert services.counts_by_part(opened) == {article(opened, 3).id: 1}
    assert services.shown_author(sent) == "Nguyễn Văn An, Thôn 1"


def test_name_is_shown_only_when_chosen(opened):
    sent = comment(opened, author_name="Nguyễn Văn An", village="Thôn 1")
    assert services.shown_author(sent) == ""


def test_abuse_is_refused_with_a_reason_and_needs_no_answer(opened, handler):
    sent = comment(opened, "Đồ ngu")
    services.moderate_comment(handler, sent, "abuse", now=OPENED_AT + timedelta(days=2))
    assert sent.moderation == Moderation.refused and not sent.needs_answer
    with pytest.raises(InvalidInput):
        services.moderate_comment(handler, comment(opened, "khác"), "nonsense")


def test_a_huge_comment_is_refused_with_a_clear_message(opened, english_messages):
    with pytest.raises(InvalidFields) as refused:
        comment(opened, "x" * (services.MAX_COMMENT + 1))
    assert "at most 5000 characters" in str(refused.value.errors[0])


def test_no_comment_after_the_period(opened, english_messages):
    with pytest.raises(InvalidFields) as refused:
        comment(opened, now=OPENED_AT + timedelta(days=40))
    assert "the period is over" in str(refused.value)


def test_the_same_comment_pasted_fifty_times_is_kept_once(opened, english_messages):
    kept = comment(opened, "Đề nghị giữ nguyên Điều 3.")
    refusals = []
    for copy in range(49):
        try:
            comment(opened, "  đề nghị GIỮ nguyên   Điều 3 " + "!" * copy)
        except InvalidFields as refused:
            refusals.append(str(refused))
    assert len(refusals) == 49
    assert all("already received from you and is counted once" in message for message in refusals)
    assert [each.id for each in opened.comments] == [kept.id]


def test_the_same_text_from_fifty_people_is_kept_and_linked(opened):
    first = comment(opened, "Đề nghị giữ nguyên Điều 3.", sender="0" * 64)
    others = [comment(opened, "Đề nghị giữ nguyên Điều 3.", sender=f"{n:064d}") for n in range(1, 50)]
    assert len(opened.comments) == 50
    assert {each.duplicate_of_id for each in others} == {first.id}


def test_a_flood_from_one_connection_is_stopped_and_nothing_accepted_is_lost(opened, english_messages):
    for n in range(services.MAX_COMMENTS_PER_SENDER_PER_DAY):
        comment(opened, f"Ý kiến số {n}")
    with pytest.raises(InvalidFields) as refused:
        comment(opened, "Ý kiến thêm")
    assert "which is the most it may" in str(refused.value)
    assert len(opened.comments) == services.MAX_COMMENTS_PER_SENDER_PER_DAY
    comment(opened, "Ý kiến ngày sau", now=OPENED_AT + timedelta(days=2, hours=1))


def test_an_email_must_look_like_one(opened):
    with pytest.raises(InvalidFields) as refused:
        comment(opened, email="not an email")
    assert refused.value.errors[0].field == "email"


def test_officials_record_paper_comments_within_the_period(opened, handler):
    data = services.NewComment(text="Ý kiến tại cuộc họp thôn 1", part_id=article(opened, 3).id)
    later = OPENED_AT + timedelta(days=3)
    with pytest.raises(InvalidFields) as refused:
        services.record_comment(handler, opened, data, Channel.meeting, date(2026, 2, 1), now=later)
    assert refused.value.errors[0].field == "received_on"
    recorded = services.record_comment(handler, opened, data, Channel.meeting, date(2026, 3, 3), now=later)
    assert recorded.moderation == Moderation.published and recorded.channel == Channel.meeting


def _after(consultation, days=1):
    return start_of_local_day(consultation.ends_on + timedelta(days=days)) + timedelta(hours=2)


def test_closing_is_refused_while_a_comment_has_no_answer(opened, handler, head, english_messages):
    answered = comment(opened, "Đồng ý", part_id=article(opened, 1).id, email="an@example.vn")
    waiting = comment(opened, "Sửa Điều 3", part_id=article(opened, 3).id, sender="b" * 64)
    pending = comment(opened, "Chưa duyệt", sender="c" * 64)
    for each in (answered, waiting):
        services.moderate_comment(handler, each, None, now=OPENED_AT + timedelta(days=2))
    now = _after(opened)
    group = synthesis.add_group(handler, opened, "Đồng ý với dự thảo", now=now)
    synthesis.assign_comments(handler, opened, group.id, [answered.id], now=now)
    synthesis.answer_group(handler, group, Disposition.accepted, "Giữ nguyên Điều 1.", now=now)
    with pytest.raises(InvalidInput) as refused:
        synthesis.close_consultation(head, opened, now=now)
    message = str(refused.value)
    assert f"not yet moderated: comment no. {pending.id}" in message
    assert f"comment no. {waiting.id} on Điều 3. Họp thôn" in message
    assert f"no. {answered.id} " not in message
    assert "introduction" in message


def test_closing_publishes_the_synthesis_and_mails_commenters(opened, handler, head, english_messages):
    first = comment(opened, "Họp thôn ba lần mỗi năm", part_id=article(opened, 3).id, email="an@example.vn",
                    language="en")
    second = comment(opened, "Không cần hòm thư", part_id=article(opened, 4).id, sender="b" * 64)
    spam = comment(opened, "Mua bán nhà đất", sender="c" * 64, email="spam@example.vn")
    for each in (first, second):
        services.moderate_comment(handler, each, None, now=OPENED_AT + timedelta(days=2))
    services.moderate_comment(handler, spam, "spam", now=OPENED_AT + timedelta(days=2))
    now = _after(opened, 3)
    with pytest.raises(InvalidTransition):
        synthesis.add_group(handler, opened, "Quá sớm", now=OPENED_AT + timedelta(days=3))
    accepted = synthesis.add_group(handler, opened, "Số lần họp thôn", now=now)
    refused = synthesis.add_group(handler, opened, "Hòm thư", now=now)
    synthesis.assign_comments(handler, opened, accepted.id, [first.id], now=now)
    synthesis.assign_comments(handler, opened, refused.id, [second.id], now=now)
    with pytest.raises(InvalidInput) as empty:
        synthesis.answer_group(handler, refused, Disposition.not_accepted, "", now=now)
    assert empty.value.field == "answer"
    synthesis.answer_group(handler, accepted, Disposition.accepted, "Điều 3 sửa: họp ba lần mỗi năm.", now=now)
    synthesis.answer_group(handler, refused, Disposition.not_accepted, "Luật yêu cầu hòm thư góp ý.", now=now)
    synthesis.write_synthesis_text(handler, opened, "Nhận 3 ý kiến, 2 được đăng.", now=now)
    with pytest.raises(NotAllowed):
        synthesis.close_consultation(handler, opened, now=now)
    mails = synthesis.close_consultation(head, opened, now=now)
    assert mails == 2
    assert opened.status_at(now) == Status.closed
    disclosure = db.session.get(Disclosure, opened.disclosure_id)
    assert disclosure.category.code == "lay-y-kien" and disclosure.approved_at == now
    assert "Luật yêu cầu hòm thư góp ý." in disclosure.current_version.body_markdown
    assert "an@example.vn" not in disclosure.current_version.body_markdown
    outbox = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[-2:]
    assert {message.recipient for message in outbox} == {"an@example.vn", "spam@example.vn"}
    english = next(message for message in outbox if message.recipient == "an@example.vn")
    assert "Accepted" in english.body and "Điều 3 sửa" in english.body
    assert synthesis.synthesis_took(opened) == timedelta(days=3)
    with pytest.raises(InvalidInput):
        synthesis.close_consultation(head, opened, now=now)


def test_the_revised_draft_shows_its_differences(opened, handler):
    now = _after(opened)
    text = REGULATION.replace("ít nhất hai lần", "ít nhất ba lần").replace(
        "Điều 4. Hòm thư góp ý\nHòm thư đặt tại trụ sở UBND xã và nhà văn hóa các thôn.\n", "")
    synthesis.attach_revision(handler, opened, text + "\nĐiều 5. Hiệu lực\n<b>Quy chế</b> có hiệu lực.\n", now=now)
    changes = {change.label: change for change in synthesis.differences(opened)}
    assert changes["Điều 3. Họp thôn"].status == "changed"
    assert "<del>hai</del>" in str(changes["Điều 3. Họp thôn"].diff)
    assert "<ins>ba</ins>" in str(changes["Điều 3. Họp thôn"].diff)
    assert changes["Điều 1. Phạm vi điều chỉnh"].status == "same"
    assert changes["Điều 4. Hòm thư góp ý"].status == "removed"
    assert "&lt;b&gt;" in str(changes["Điều 5. Hiệu lực"].diff)
    synthesis.attach_revision(handler, opened, text, now=now)
    assert len(opened.parts_of(2)) == len(opened.draft_parts) - 1


def test_exports_hold_masked_comments_and_answers(opened, handler):
    sent = comment(opened, "=HYPERLINK(\"x\") gọi 0912345678", email="an@example.vn")
    services.moderate_comment(handler, sent, None, now=OPENED_AT + timedelta(days=2))
    csv_text = synthesis.export_csv(opened)
    assert "0912345678" not in csv_text and "an@example.vn" not in csv_text
    assert "'=HYPERLINK" in csv_text
    with force_locale("en"):
        data = synthesis.export_xlsx(opened)
    sheet = load_workbook(BytesIO(data))["comments"]
    assert sheet["F2"].value.startswith("'=HYPERLINK")
