"""`demo load` shows Xã Hà Trung's dialogues: a past conference with the Front, its minutes and three commitments
(kept, in progress, overdue), an upcoming village conference with a question waiting, and reception schedules."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from portal.core.timeutil import local_date
from portal.demo.dialogues import load_demo_dialogues
from portal.demo.services import load_demo_data
from portal.dialogues.models import CommitmentStatus, DialogueKind, DialogueSession
from portal.reception.models import ReceptionSchedule

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_the_demo_dialogues_load_once(db_session):
    load_demo_data(NOW)
    assert load_demo_dialogues(NOW) == 4
    sessions = {session.kind: session for session in db_session.scalars(select(DialogueSession))}
    conference = sessions[DialogueKind.front_conference]
    today = local_date(NOW)
    assert [commitment.status_on(today) for commitment in conference.commitments] == [
        CommitmentStatus.done, CommitmentStatus.in_progress, CommitmentStatus.overdue]
    assert conference.minutes_published_at is not None and conference.attendance == 126
    assert len(conference.approved_questions) == 4 and all(q.answer for q in conference.approved_questions)
    village = sessions[DialogueKind.village_conference]
    assert village.starts_at > NOW and len(village.pending_questions) == 1
    assert village.disclosure.category.code == "doi-thoai"
    assert load_demo_dialogues(NOW) == 0
    assert db_session.scalar(select(func.count(DialogueSession.id))) == 2
    assert db_session.scalar(select(func.count(ReceptionSchedule.id))) == 2
