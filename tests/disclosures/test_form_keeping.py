"""An official's form refused by a rule of the portal comes back as a form error with the text kept."""

import io
from datetime import timedelta

from portal.core.errors import InvalidInput
from portal.core.timeutil import utcnow
from portal.disclosures import services

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_correction_to_a_withdrawn_disclosure_is_a_form_error_with_the_text_kept(page, login, draft, head,
                                                                                    english_pages):
    disclosure = draft()
    services.approve_disclosure(head, disclosure, now=utcnow() - timedelta(days=1))
    disclosure.posting_start = utcnow() - timedelta(days=1)
    login(head)
    correction = {"body": "Nội dung đã sửa, giữ nguyên.", "reason": "Sửa lỗi chính tả ở mục 2"}
    form = page(f"/disclosures/{disclosure.id}/correct")
    assert form.select_one("#body")
    services.withdraw_disclosure(head, disclosure, "Văn bản bị thay thế")
    soup = page(f"/disclosures/{disclosure.id}/correct", method="post", data=correction, expected_status=422)
    assert "Only a scheduled or posted disclosure can be corrected." in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#body").get_text().strip() == correction["body"]
    assert soup.select_one("#reason").get_text().strip() == correction["reason"]


def test_a_refused_attachment_shows_the_page_again_with_the_reason_beside_the_field(page, login, draft, handler,
                                                                                     english_pages):
    disclosure = draft()
    login(handler)
    empty = page(f"/disclosures/{disclosure.id}/files", method="post", data={}, expected_status=422)
    assert empty.select_one(".error-summary a")["href"] == "#file"
    assert "Choose a file to attach." in empty.select_one("#file-error").get_text()
    wrong = page(f"/disclosures/{disclosure.id}/files", method="post", content_type="multipart/form-data",
                 data={"file": [(io.BytesIO(b"MZ not a document"), "virus.exe")]}, expected_status=422)
    assert wrong.select_one("h1").get_text(strip=True) == disclosure.title
    assert wrong.select_one("#file-error")
    assert disclosure.attachments == []


def test_a_good_attachment_is_kept_after_a_refusal_and_attached_by_the_next_send(page, login, draft, handler,
                                                                                 monkeypatch, english_pages):
    disclosure = draft()
    login(handler)
    refused = {"reason": True}

    def refuse_once(*args, **kwargs):
        if refused.pop("reason", False):
            raise InvalidInput("The database refused the file this time.", field="file")
        return original(*args, **kwargs)

    original = services.add_attachment
    monkeypatch.setattr(services, "add_attachment", refuse_once)
    soup = page(f"/disclosures/{disclosure.id}/files", method="post", content_type="multipart/form-data",
                data={"file": [(io.BytesIO(PDF), "ke-hoach.pdf")]}, expected_status=422)
    kept = soup.select_one("input[name='file-kept']")
    assert kept is not None and kept.has_attr("checked")
    response = page.client.post(f"/disclosures/{disclosure.id}/files", data={"file-kept": kept["value"]})
    assert response.status_code == 302
    assert [attachment.filename for attachment in disclosure.attachments] == ["ke-hoach.pdf"]
