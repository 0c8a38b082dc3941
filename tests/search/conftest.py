"""A commune under a province with a handler and a head (tests/case_fixtures.py), drafts of its disclosures, and
a plan of it."""

from datetime import UTC, datetime

import pytest

from portal.disclosures import services as disclosures
from portal.plans.reading import read_plan
from portal.plans.services import approve_plan, import_plan, publish_plan
from tests.plans.test_reading import sample_text

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def draft(handler, commune):
    """A callable making a draft disclosure of the commune."""

    def make(category="kt-xh", start=NOW, **fields):
        data = disclosures.DraftData(
            unit_code=commune.code,
            category_code=category,
            title=fields.pop("title", "Thông báo về kế hoạch sử dụng đất năm 2026"),
            body_markdown=fields.pop("body", "Công khai quy hoạch đất đai của xã."),
            posting_start=start,
            **fields,
        )
        return disclosures.create_draft(handler, data, now=NOW)

    return make


@pytest.fixture
def posted(draft, head):
    def make(**fields):
        disclosure = draft(**fields)
        disclosures.approve_disclosure(head, disclosure, now=NOW)
        return disclosure

    return make


@pytest.fixture
def plan(commune, handler):
    return import_plan(read_plan(sample_text(1)), commune, handler, now=NOW)


@pytest.fixture
def publish(head):
    def publish_it(plan):
        approve_plan(plan, head, now=NOW)
        publish_plan(plan, head, now=NOW)
        return plan

    return publish_it
