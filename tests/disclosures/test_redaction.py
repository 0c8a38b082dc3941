"""A unit head masks personal data written into a posted disclosure; the public sees when and why, and both
hashes stay verifiable."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import audit
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.core.redact import MASK
from portal.disclosures import redaction, reports, services
from tests.disclosures.conftest import NOW

BODY = "## Danh sách hỗ trợ\n\nHộ ông Lê Văn Tám, điện thoại (0962) 557 285, ở kiệt 45 Phan Chu Trinh: 2.000.000 đồng."
LATER = NOW + timedelta(days=2)


@pytest.fixture
def posted(draft, head):
    disclosure = draft(body=BODY, document_number="12/QĐ-UBND")
    services.approve_disclosure(head, disclosure, now=NOW)
    return disclosure


def test_the_head_masks_passages_and_the_posted_hash_stays(posted, head, db_session):
    version = posted.current_version
    posted_hash = version.content_sha256
    redaction.redact_version(head, posted, 1, ["Lê Văn Tám", "(0962) 557 285", " "], "Lộ thông tin cá nhân",
                             now=LATER)
    assert version.body_markdown == BODY.replace("Lê Văn Tám", MASK).replace("(0962) 557 285", MASK)
    assert "Tám" not in version.body_html and "0962" not in version.body_html
    assert version.content_sha256 == posted_hash
    assert version.content_sha256 == services.content_hash(posted.title, "12/QĐ-UBND", BODY, [])
    assert version.redacted_sha256 == services.content_hash(posted.title, "12/QĐ-UBND", version.body_markdown, [])
    assert version.redacted_at == LATER and version.redaction_reason == "Lộ thông tin cá nhân"
    event = db_session.scalars(select(audit.AuditEvent).where(audit.AuditEvent.action == "disclosures.redacted")).one()
    assert event.details == {"version": 1, "reason": "Lộ thông tin cá nhân", "passages": 2,
                             "posted_sha256": posted_hash, "previous_sha256": posted_hash,
                             "redacted_sha256": version.redacted_sha256}
    assert "Tám" not in str(event.details)


def test_a_second_redaction_chains_from_the_first(posted, head):
    first = redaction.redact_version(head, posted, 1, ["Lê Văn Tám"], "Tên người", now=LATER)
    after_first = first.redacted_sha256
    second = redaction.redact_version(head, posted, 1, ["kiệt 45 Phan Chu Trinh"], "Địa chỉ", now=LATER)
    assert second.redacted_sha256 != after_first and second.redaction_reason == "Địa chỉ"
    events = reports.posting_record(posted)
    details = [event.details for event, _ in events if event.action == "disclosures.redacted"]
    assert [d["previous_sha256"] for d in details] == [posted.current_version.content_sha256, after_first]


def test_the_suggestions_are_the_personal_data_found(posted):
    assert redaction.suggested_passages(posted.current_version) == ["(0962) 557 285", "kiệt 45 Phan Chu Trinh"]


def test_the_public_reason_is_masked_too(posted, head):
    version = redaction.redact_version(head, posted, 1, ["Lê Văn Tám"], "Gọi 0912 345 678 báo", now=LATER)
    assert version.redaction_reason == f"Gọi {MASK} báo"


@pytest.mark.usefixtures("english_messages")
def test_only_passages_in_the_text_are_masked_and_nothing_is_changed_on_refusal(posted, head):
    with pytest.raises(InvalidInput, match="is not in version 1") as refused:
        redaction.redact_version(head, posted, 1, ["Lê Văn Tám", "Nguyễn Văn B"], "Tên", now=LATER)
    assert refused.value.field == "passages"
    assert posted.current_version.body_markdown == BODY and posted.current_version.redacted_at is None
    with pytest.raises(InvalidInput) as refused:
        redaction.redact_version(head, posted, 1, ["", MASK], "Tên", now=LATER)
    assert refused.value.field == "passages"
    with pytest.raises(InvalidInput) as refused:
        redaction.redact_version(head, posted, 7, ["Lê Văn Tám"], "Tên", now=LATER)
    assert refused.value.field == "version"


def test_only_the_head_redacts_and_only_after_approval(draft, posted, head, handler):
    with pytest.raises(NotAllowed):
        redaction.redact_version(handler, posted, 1, ["Lê Văn Tám"], "Tên", now=LATER)
    with pytest.raises(InvalidTransition):
        redaction.redact_version(head, draft(), 1, ["Kế hoạch"], "Tên", now=LATER)
    assert not redaction.may_redact(handler, posted, LATER) and redaction.may_redact(head, posted, LATER)


def test_the_public_page_shows_the_note_and_both_hashes(page, client, login, posted, head):
    posted.posting_start = NOW - timedelta(days=1)
    posted_hash = posted.current_version.content_sha256
    login(head)
    form = page(f"/disclosures/{posted.id}/redact")
    assert "(0962) 557 285" in form.select_one("#passages").get_text()
    response = client.post(f"/disclosures/{posted.id}/redact",
                           data={"version": "1", "passages": "Lê Văn Tám\n(0962) 557 285", "reason": "Lộ tên"})
    assert response.status_code == 302
    client.post("/accounts/logout")
    soup = page(f"/disclosures/{posted.id}")
    text = soup.select_one("section.rich-text").get_text()
    assert "Tám" not in text and "0962" not in text and MASK in text
    note = soup.select_one(".redaction-note")
    assert "Lộ tên" in note.get_text()
    assert [code.get_text() for code in note.select("code.hash")] == [posted_hash,
                                                                      posted.current_version.redacted_sha256]
    record = soup.select_one("section[aria-labelledby=record]").get_text()
    assert "Lộ tên" in record and posted.current_version.redacted_sha256 in record
    api = client.get(f"/api/v1/disclosures/{posted.id}").json
    assert api["versions"][0]["redacted_sha256"] == posted.current_version.redacted_sha256
    assert "Tám" not in str(api)


def test_a_passage_not_in_the_text_is_a_field_error_with_everything_kept(page, login, posted, head):
    login(head)
    soup = page(f"/disclosures/{posted.id}/redact", method="post", expected_status=422,
                data={"version": "1", "passages": "Không có trong văn bản", "reason": "Lộ tên"})
    assert soup.select_one("#passages-error")
    assert soup.select_one("#passages").get_text().strip() == "Không có trong văn bản"
    assert soup.select_one("#reason").get_text().strip() == "Lộ tên"
    assert posted.current_version.redacted_at is None


def test_a_handler_may_not_open_the_redaction_form(page, login, posted, handler):
    login(handler)
    soup = page(f"/disclosures/{posted.id}/redact", expected_status=403)
    assert soup.select_one("main p").get_text() == (
        "Chỉ người đứng đầu đơn vị được xóa dữ liệu cá nhân khỏi nội dung đã công khai."
    )
    assert soup.select_one("#passages") is None
