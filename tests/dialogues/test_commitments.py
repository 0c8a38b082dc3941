from datetime import date
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.errors import InvalidFields, InvalidTransition, NotAllowed
from portal.dialogues import commitments, services
from portal.dialogues.models import CommitmentStatus
from portal.notifications.models import OutboxMessage
from portal.units.models import BodyType, UnitKind
from tests.case_fixtures import CASE_NOW
from tests.clock import vietnam_time
from tests.dialogues.conftest import AFTER_SESSION


@pytest.fixture
def office(create_unit, commune):
    return create_unit(name="Công chức Địa chính xã", kind=UnitKind.body, parent=commune, body_type=BodyType.office)


@pytest.fixture
def office_official(create_user, office):
    return create_user(role=Role.handler, unit=office, email="diachinh@tantrung.gov.vn")


@pytest.fixture
def commitment(session, handler, office):
    return commitments.add_commitment(session, handler, "Sửa 300 m đường thôn Đông", office.code,
                                      date(2026, 6, 30), now=AFTER_SESSION)


def _update(outcome="progress", day=date(2026, 4, 1), text="Đã khảo sát hiện trạng"):
    return commitments.NewUpdate(day, text, outcome)


def test_a_commitment_is_open_then_in_progress_then_overdue(commitment, office_official):
    assert commitment.status_on(date(2026, 4, 1)) == CommitmentStatus.open
    commitments.post_update(commitment, _update(), office_official, now=AFTER_SESSION.replace(month=4, day=2))
    assert commitment.status_on(date(2026, 6, 30)) == CommitmentStatus.in_progress
    assert commitment.status_on(date(2026, 7, 1)) == CommitmentStatus.overdue
    assert commitment.days_overdue(date(2026, 7, 11)) == 11
    assert commitment.days_overdue(date(2026, 6, 30)) == 0


def test_done_closes_it_and_tells_the_citizens_who_asked(session, commitment, office_official, handler, db_session):
    for email in ("an@example.vn", "an@example.vn", ""):
        question = services.submit_question(session, "Bao giờ sửa đường?", email=email, now=CASE_NOW)
    services.moderate_question(question, handler, True, now=CASE_NOW)
    commitments.post_update(commitment, _update("done", date(2026, 5, 20), "Đã sửa xong, nghiệm thu"),
                            office_official, now=AFTER_SESSION.replace(month=5, day=21))
    assert commitment.status_on(date(2026, 12, 1)) == CommitmentStatus.done
    assert commitment.closing_reason == "Đã sửa xong, nghiệm thu"
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "commitment_changed")).all()
    # The citizen whose request the session answers, then the one who sent a question, each once.
    assert [mail.recipient for mail in mails] == ["binh@example.vn", "an@example.vn"]
    assert all(f"/dialogues/commitments/{commitment.id}" in mail.body for mail in mails)
    assert all("vừa thay đổi" in mail.body for mail in mails)
    with pytest.raises(InvalidTransition):
        commitments.post_update(commitment, _update(), office_official, now=AFTER_SESSION.replace(month=6))


def test_dropping_needs_a_public_reason(commitment, handler):
    with pytest.raises(InvalidFields) as refused:
        commitments.post_update(commitment, _update("dropped", text=""), handler, now=AFTER_SESSION)
    assert {each.field for each in refused.value.errors} == {"text", "reported_on"}
    commitments.post_update(commitment, _update("dropped", date(2026, 3, 10), "Dự án được tỉnh đầu tư thay"),
                            handler, now=AFTER_SESSION)
    assert commitment.status_on(date(2027, 1, 1)) == CommitmentStatus.dropped


def test_an_official_of_another_body_may_not_report(commitment, create_user):
    with pytest.raises(NotAllowed):
        commitments.post_update(commitment, _update(), create_user(role=Role.handler), now=AFTER_SESSION)


def test_a_commitment_needs_what_who_and_when(session, handler):
    with pytest.raises(InvalidTransition):
        commitments.add_commitment(session, handler, "Sửa đường", session.unit.code, date(2026, 6, 30),
                                   now=CASE_NOW)
    with pytest.raises(InvalidFields) as refused:
        commitments.add_commitment(session, handler, "", "NOPE", date(2026, 3, 1), now=AFTER_SESSION)
    assert {each.field for each in refused.value.errors} == {"text", "responsible", "due_on"}


def test_the_units_open_commitments_oldest_first(session, handler, commune, office, office_official):
    late = commitments.add_commitment(session, handler, "Lắp đèn", office.code, date(2026, 4, 30), now=AFTER_SESSION)
    early = commitments.add_commitment(session, handler, "Nạo vét", commune.code, date(2026, 3, 31),
                                       now=AFTER_SESSION)
    kept = commitments.add_commitment(session, handler, "Cắm biển", commune.code, date(2026, 3, 20),
                                      now=AFTER_SESSION)
    commitments.post_update(kept, _update("done", date(2026, 3, 15), "Đã cắm"), handler,
                            now=AFTER_SESSION.replace(day=16))
    today = date(2026, 5, 1)
    assert commitments.commitments_of(commune, today, open_only=True) == [early, late]
    assert commitments.commitments_of(office, today, status=CommitmentStatus.overdue) == [late]


def test_each_asker_is_told_in_the_language_they_asked_in(session, commitment, handler, db_session):
    services.submit_question(session, "When will the road be repaired?", email="visitor@example.com",
                             language="en", now=CASE_NOW)
    services.submit_question(session, "Bao giờ sửa đường?", email="an@example.vn", now=CASE_NOW)
    commitments.post_update(commitment, _update("done", date(2026, 3, 10), "Đã sửa xong"), handler,
                            now=AFTER_SESSION)
    subjects = dict(db_session.execute(select(OutboxMessage.recipient, OutboxMessage.subject)
                                       .where(OutboxMessage.kind == "commitment_changed")).all())
    assert subjects == {"visitor@example.com": "A commitment from a dialogue: Kept",
                        "an@example.vn": "Cam kết tại buổi đối thoại: Đã thực hiện",
                        "binh@example.vn": "Cam kết tại buổi đối thoại: Đã thực hiện"}


def _mails(db_session, kind):
    return db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_an_overdue_commitment_is_told_once_from_the_first_local_day_after_its_date(
    session, commitment, office_official, handler, create_user, office, db_session
):
    question = services.submit_question(session, "Bao giờ sửa đường?", email="an@example.vn", language="en",
                                        now=CASE_NOW)
    services.moderate_question(question, handler, True, now=CASE_NOW)
    create_user(role=Role.unit_head, unit=office, email="truong@tantrung.gov.vn")
    last_evening = vietnam_time(date(2026, 6, 30), "23:59")
    assert commitments.tell_overdue_commitments(now=last_evening) == 0, "the promise holds until local midnight"
    assert commitment.overdue_told_at is None

    first_morning = vietnam_time(date(2026, 7, 1), "00:30")
    assert commitments.tell_overdue_commitments(now=first_morning) == 1
    assert commitment.overdue_told_at == first_morning
    askers = _mails(db_session, "commitment_changed")
    assert [(mail.recipient, mail.language) for mail in askers] == [("binh@example.vn", "vi"), ("an@example.vn", "en")]
    assert "Overdue" in askers[1].subject and "Quá hạn" in askers[0].subject
    assert "A commitment made there is overdue" in askers[1].body and "đã quá hạn" in askers[0].body
    officials = _mails(db_session, commitments.OVERDUE_NOTICE)
    assert [mail.recipient for mail in officials] == ["diachinh@tantrung.gov.vn", "truong@tantrung.gov.vn"]
    assert "đã quá hạn" in officials[0].subject and "Công chức Địa chính xã" in officials[0].subject
    assert "Sửa 300 m đường thôn Đông" in officials[0].body and "Đã quá hạn 1 ngày" in officials[0].body
    assert f"/dialogues/commitments/{commitment.id}" in officials[0].body

    assert commitments.tell_overdue_commitments(now=first_morning.replace(day=2)) == 0
    assert len(_mails(db_session, "commitment_changed")) == 2 and len(_mails(db_session, "commitment_overdue")) == 2


def test_a_commitment_kept_or_dropped_in_time_is_never_told_overdue(commitment, office_official, db_session):
    commitments.post_update(commitment, _update("dropped", date(2026, 6, 1), "Không còn kinh phí năm nay"),
                            office_official, now=AFTER_SESSION.replace(month=6, day=2))
    sent = len(_mails(db_session, "commitment_changed"))
    assert commitments.tell_overdue_commitments(now=vietnam_time(date(2026, 8, 1), "07:20")) == 0
    assert len(_mails(db_session, "commitment_changed")) == sent
    assert _mails(db_session, commitments.OVERDUE_NOTICE) == []


def test_the_overdue_notice_reads_in_english_too_with_its_plural(commitment, app):
    with force_locale("en"):
        one, three = (
            render_template("emails/commitment_overdue.txt", commitment=commitment, days=days,
                            official=SimpleNamespace(full_name="Lê Văn Minh"), link="http://localhost/x")
            for days in (1, 3)
        )
    assert one.startswith("A commitment of Công chức Địa chính xã is overdue") and "Hello Lê Văn Minh," in one
    assert "The date passed 1 day ago" in one and "The date passed 3 days ago" in three
