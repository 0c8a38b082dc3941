from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.cases import lifecycle
from portal.casework import actions
from portal.casework import services as casework
from portal.casework.reminders import DIGEST, DUE_SOON, queue_reminders
from portal.core.calendar import load_calendar
from portal.core.timeutil import local_date
from portal.notifications.models import OutboxMessage
from portal.notifications.worker import create_huey
from tests.case_fixtures import CASE_NOW
from tests.clock import vietnam_time

TODAY = local_date(CASE_NOW)


@pytest.fixture
def due_cases(create_case, handler, head, db_session):
    """An overdue case, one due in 2 working days, one due on the next working day, one far off, one answered and
    one waiting for the citizen (whose clock is stopped) though its date has passed."""
    calendar = load_calendar()
    made = {}
    for name, due in [
        ("overdue", TODAY - timedelta(days=3)),
        ("in_two_days", calendar.add_working_days(TODAY, 2)),
        ("tomorrow", calendar.add_working_days(TODAY, 1)),
        ("far", calendar.add_working_days(TODAY, 8)),
        ("answered", TODAY - timedelta(days=1)),
        ("waiting", TODAY - timedelta(days=1)),
    ]:
        case = create_case(title=f"Vụ việc {name} <b>", now=CASE_NOW - timedelta(days=30)).case
        case.due_on = due
        made[name] = case
    actions.accept_case(made["answered"], handler, now=CASE_NOW - timedelta(days=3))
    actions.answer_case(made["answered"], handler, "Đã trả lời đầy đủ cho công dân.", now=CASE_NOW - timedelta(days=2))
    actions.request_information(made["waiting"], handler, "Bổ sung ảnh chụp.", now=CASE_NOW - timedelta(days=2))
    made["waiting"].due_on = TODAY - timedelta(days=1)
    db_session.flush()
    return made


def _messages(db_session, kind):
    return db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_the_head_gets_a_digest_of_the_units_overdue_and_soon_due_cases(due_cases, head, handler, db_session):
    report = queue_reminders(CASE_NOW)
    assert (report.digests, report.reminders) == (1, 1)
    digest = _messages(db_session, DIGEST)[0]
    unit_id = head.memberships[0].unit_id
    assert digest.recipient == head.email and digest.reference == f"reminders:{TODAY.isoformat()}:unit:{unit_id}"
    body = digest.body
    for name in ("overdue", "in_two_days", "tomorrow"):
        assert due_cases[name].code in body and due_cases[name].title in body
    for name in ("far", "answered", "waiting"):
        assert due_cases[name].code not in body
    assert handler.full_name in body
    assert due_cases["overdue"].due_on.strftime("%d/%m/%Y") in body
    assert body.index(due_cases["overdue"].code) < body.index(due_cases["tomorrow"].code)
    assert "3" in digest.subject and "Xã Tân Trung" in digest.subject
    assert f"/casework/{due_cases['overdue'].code}" in body


def test_the_handler_gets_their_cases_due_by_the_next_working_day(due_cases, handler, db_session):
    queue_reminders(CASE_NOW)
    mail = _messages(db_session, DUE_SOON)[0]
    assert mail.recipient == handler.email
    assert due_cases["overdue"].code in mail.body and due_cases["tomorrow"].code in mail.body
    assert due_cases["in_two_days"].code not in mail.body and due_cases["far"].code not in mail.body


def test_a_second_run_the_same_day_queues_nothing_and_the_next_day_does(due_cases, db_session):
    queue_reminders(CASE_NOW)
    again = queue_reminders(CASE_NOW + timedelta(hours=8))
    assert (again.digests, again.reminders) == (0, 0)
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind.in_([DIGEST, DUE_SOON]))) == 2
    tomorrow = queue_reminders(CASE_NOW + timedelta(days=1))
    assert (tomorrow.digests, tomorrow.reminders) == (1, 1)


def test_nothing_is_sent_on_a_day_off(due_cases, db_session):
    saturday = CASE_NOW - timedelta(days=2)
    assert queue_reminders(saturday).is_day_off
    assert _messages(db_session, DIGEST) == []


def test_a_unit_without_a_head_or_with_nothing_due_gets_no_digest(create_case, handler, db_session):
    create_case(now=CASE_NOW)
    report = queue_reminders(CASE_NOW)
    assert (report.digests, report.reminders) == (0, 0)


def test_the_remind_command_and_the_daily_job(app, due_cases, db_session):
    result = app.test_cli_runner().invoke(args=["cases", "remind"])
    assert result.exit_code == 0, result.output
    huey = create_huey(app, immediate=True)
    assert "cases-daily-reminders" in {task.__name__ for task in huey._registry._periodic_tasks}


def test_a_conclusion_to_publish_is_in_the_digest_until_it_is_published(create_case, handler, head, db_session):
    contact = lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông")
    case = create_case(kind="denunciation", contact=contact, now=CASE_NOW - timedelta(days=20)).case
    actions.accept_case(case, handler, now=CASE_NOW - timedelta(days=19))
    # Concluded 10 days ago: its 7 working days to publish have passed.
    actions.answer_case(case, head, "Kết luận: tố cáo đúng một phần.", now=CASE_NOW - timedelta(days=10))
    queue_reminders(CASE_NOW)
    assert case.code in _messages(db_session, DIGEST)[0].body
    casework.write_conclusion(case, head, "Kết luận: tố cáo đúng một phần.", now=CASE_NOW)
    # Published, nothing of the unit is due the next day: no digest.
    assert queue_reminders(CASE_NOW + timedelta(days=1)).digests == 0


def test_the_reminders_follow_the_vietnamese_day_at_every_hour(due_cases, db_session, clock, vietnam_hour):
    """Monday 2 March 2026 at 00:30 in Vietnam is still Sunday in UTC: a working day all the same."""
    clock(vietnam_time(TODAY, vietnam_hour))
    report = queue_reminders()
    assert not report.is_day_off and (report.digests, report.reminders) == (1, 1)
    clock(vietnam_time(TODAY - timedelta(days=1), vietnam_hour))
    assert queue_reminders().is_day_off
