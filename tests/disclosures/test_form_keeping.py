"""An official's form refused by a rule of the portal comes back as a form error with the text kept."""

from datetime import timedelta

from portal.core.timeutil import utcnow
from portal.disclosures import services


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
