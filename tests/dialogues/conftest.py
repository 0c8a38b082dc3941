"""A commune (tests/case_fixtures.py) whose head holds dialogues, a citizen's request for one, and a session."""

from datetime import UTC, date, datetime, time

import pytest

from portal.dialogues import services
from tests.case_fixtures import CASE_NOW

SESSION_DAY = date(2026, 3, 10)  # a Tuesday, eight days after CASE_NOW
AFTER_SESSION = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 12:00 in Vietnam, the session over


@pytest.fixture
def dialogue_request(create_case):
    return create_case(kind="dialogue_request", title="Đề nghị đối thoại về đường thôn Đông").case


@pytest.fixture
def session_data(commune):
    def make(**fields):
        values = {
            "unit_code": commune.code, "kind": "ad_hoc", "title": "Đối thoại về đường thôn Đông",
            "day": SESSION_DAY, "starts": time(8), "ends": time(10), "place": "Hội trường UBND xã",
            "chair": "Chủ tịch UBND xã", "agenda": "1. Báo cáo hiện trạng\n2. Trả lời câu hỏi",
            "bodies": "UBMTTQ xã", **fields,
        }
        return services.NewSession(**values)

    return make


@pytest.fixture
def session(session_data, head, dialogue_request):
    return services.schedule_session(session_data(case_codes=[dialogue_request.code]), head, now=CASE_NOW)
