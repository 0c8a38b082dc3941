"""Each rule of casework in one place: who may act (check_may_*), which steps a page offers, every status change
through the MOVES table, and each kind's contact rules on the kind."""

import pytest

from portal.accounts.models import Role
from portal.cases import lifecycle, services, submission
from portal.cases.models import CaseKind, CaseStatus
from portal.casework import actions
from portal.casework import services as casework
from portal.core.errors import InvalidFields, InvalidTransition, NotAllowed
from tests.case_fixtures import CASE_NOW

pytestmark = pytest.mark.usefixtures("english_messages")


def test_each_kind_says_which_contact_details_it_requires():
    assert CaseKind.feedback.required_contact == frozenset()
    assert CaseKind.complaint.required_contact == {"name", "address"}
    assert CaseKind.denunciation.required_contact == {"name", "address"}
    assert CaseKind.information_request.required_contact == {"name", "is_resident"}
    assert CaseKind.dialogue_request.required_contact == frozenset()
    assert [rule.field for rule in CaseKind.dialogue_request.contact_rules] == ["phone"]


@pytest.mark.parametrize(("kind", "contact", "fields"), [
    ("complaint", lifecycle.Contact(phone="0912 345 678"), ["name", "address"]),
    ("information_request", lifecycle.Contact(name="Lê Văn Bình"), ["email", "is_resident"]),
    ("dialogue_request", lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông"), ["phone"]),
])
def test_the_submission_refuses_what_the_kind_requires_beside_its_field(commune, kind, contact, fields):
    data = submission.Submission(kind=kind, field="land", place_code=commune.code, title="Đường hỏng",
                                 description="Đường thôn Đông hỏng đã hai tuần.", contact=contact,
                                 decision_known_on=CASE_NOW.date())
    with pytest.raises(InvalidFields) as refused:
        submission.submit_case(data, now=CASE_NOW)
    assert [problem.field for problem in refused.value.errors] == fields


def test_an_official_of_another_unit_is_refused_the_case_and_its_steps(create_case, create_user, create_unit, handler,
                                                                        head):
    case = create_case().case
    stranger = create_user(role=Role.handler, unit=create_unit(name="Xã Khác"), email="khac@example.vn")
    with pytest.raises(NotAllowed, match="see and act on this case"):
        casework.case_for_official(stranger, case.code)
    assert casework.case_for_official(handler, case.code) is case
    with pytest.raises(NotAllowed, match="may act on this case"):
        actions.accept_case(case, stranger, now=CASE_NOW)
    with pytest.raises(NotAllowed, match="Only the unit head may reassign"):
        casework.check_may_approve(handler, case, "assign")
    casework.check_may_approve(head, case, "assign")


def test_the_steps_offered_follow_the_moves_and_the_role(create_case, handler, head):
    case = create_case(kind="complaint").case
    assert casework.available_steps(handler, case) >= {"accept", "refuse", "request_info", "transfer", "note"}
    assert "assign" not in casework.available_steps(handler, case)
    assert "assign" in casework.available_steps(head, case)
    actions.accept_case(case, handler, now=CASE_NOW)
    actions.answer_case(case, handler, "Quyết định giải quyết khiếu nại.", now=CASE_NOW)
    assert case.status == CaseStatus.answer_pending
    assert {"approve", "return"} <= casework.available_steps(head, case)
    assert not {"approve", "return", "accept"} & casework.available_steps(handler, case)


def test_the_citizens_answer_moves_the_case_back_through_the_moves_table(create_case, handler, db_session):
    case = create_case().case
    with pytest.raises(InvalidTransition, match="Nothing was asked of you"):
        services.supply_information(case, "Thêm thông tin", now=CASE_NOW)
    actions.accept_case(case, handler, now=CASE_NOW)
    actions.request_information(case, handler, "Đoạn đường dài bao nhiêu mét?", now=CASE_NOW)
    assert case.status == CaseStatus.awaiting_info
    assert lifecycle.MOVES["info_supplied"][0] == {CaseStatus.awaiting_info}
    services.supply_information(case, "Dài 50 mét.", now=CASE_NOW)
    assert case.status == CaseStatus.accepted and case.awaiting_since is None
    assert case.events[-1].action == "info_supplied" and case.events[-1].details["due_on"]
    with pytest.raises(InvalidTransition):
        lifecycle.move(case, "info_supplied", None, CASE_NOW)
