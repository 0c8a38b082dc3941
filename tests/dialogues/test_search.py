"""Dialogues in the one search: the notice's agenda from its announcement, then the minutes; a question only once
it is shown, in its masked words."""

from datetime import timedelta

from portal.dialogues import services
from portal.extensions import db
from portal.search.query import Filters, search
from tests.case_fixtures import CASE_NOW
from tests.dialogues.conftest import AFTER_SESSION


def found(query, user=None, now=AFTER_SESSION + timedelta(days=1)):
    return [(hit.entry.kind, hit.entry.ref_id) for hit in search(query, user, Filters(kind="dialogue"), now=now,
                                                                   limit=50).hits]


def test_a_session_is_found_by_its_agenda_and_then_its_minutes(session, head):
    assert found("hien trang") == [("dialogue", session.id)]
    assert found("mương thoát nước") == []
    services.record_minutes(session, head, 40, "UBMTTQ xã", "Xã cam kết nạo vét mương thoát nước thôn Đông.",
                            now=AFTER_SESSION)
    db.session.flush()
    assert found("muong thoat nuoc") == [("dialogue", session.id)]


def test_a_question_is_found_only_once_shown_and_never_by_the_askers_name(session, head):
    question = services.submit_question(session, "Bao giờ làm cống qua thôn Đông? Tôi là Trần Thị Mai",
                                        name="Trần Thị Mai", now=CASE_NOW)
    db.session.flush()
    assert found("cống qua thôn") == []
    services.moderate_question(question, head, True, now=CASE_NOW)
    db.session.flush()
    assert found("cống qua thôn") == [("dialogue", session.id)]
    assert found("Trần Thị Mai") == []
