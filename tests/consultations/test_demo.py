"""`demo load` adds an open consultation on sample 002 with comments and a closed one with its synthesis, once."""

from datetime import UTC, datetime

from sqlalchemy import select

from portal.consultations.models import Consultation, Moderation, Status
from portal.demo.consultations import load_demo_consultations
from portal.demo.services import load_demo_data
from portal.disclosures.models import Disclosure
from portal.extensions import db

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_demo_consultations_are_loaded_once(db_session):
    load_demo_data(now=NOW)
    assert load_demo_consultations(NOW) == 2
    assert load_demo_consultations(NOW) == 0
    closed, opened = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
    assert opened.status_at(NOW) == Status.open and "Tân Trung" in opened.title
    assert any(part.number == "I." for part in opened.draft_parts)
    assert [c.moderation for c in opened.comments].count(Moderation.pending) == 1
    assert len([c for c in opened.comments if c.channel.value == "meeting"]) == 1
    assert closed.status_at(NOW) == Status.closed and closed.latest_version == 2
    assert db.session.get(Disclosure, closed.disclosure_id).category.code == "lay-y-kien"
    assert all(not comment.needs_answer for comment in closed.comments)
