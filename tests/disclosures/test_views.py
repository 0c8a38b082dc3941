import io
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

from portal.core.timeutil import local_date, utcnow
from portal.disclosures import services
from tests.core.test_files import odt, with_method
from tests.disclosures.test_services import PDF


def _posted(draft, head, **fields):
    disclosure = draft(**fields)
    services.approve_disclosure(head, disclosure, now=utcnow() - timedelta(days=1))
    disclosure.posting_start = utcnow() - timedelta(days=1)
    return disclosure


def test_a_citizen_reads_a_posted_disclosure(page, draft, head, commune):
    disclosure = _posted(
        draft, head, title="Kế hoạch <b>dân chủ</b>", document_number="21/KH-UBND", posting_places=["Trụ sở UBND xã"]
    )
    soup = page(f"/disclosures/{disclosure.id}")
    assert soup.h1.get_text() == "Kế hoạch <b>dân chủ</b>"
    assert soup.select_one(".rich-text h3").get_text() == "Mục đích"
    assert soup.select_one(".rich-text strong").get_text() == "đầy đủ"
    facts = soup.select_one("dl.facts").get_text()
    assert "21/KH-UBND" in facts and "Trụ sở UBND xã" in facts and "Điều 11" in facts


def test_drafts_are_not_public(page, draft, login, handler):
    disclosure = draft()
    soup = page(f"/disclosures/{disclosure.id}", expected_status=404)
    assert soup.select_one("h1").get_text() == "Không tìm thấy trang"
    assert disclosure.title not in soup.get_text()
    login(handler)
    assert page(f"/disclosures/{disclosure.id}").select_one("h1").get_text(strip=True) == disclosure.title


def test_listing_search_and_feed(page, client, draft, head, commune):
    _posted(draft, head, title="Kế hoạch dân chủ ở cơ sở")
    soup = page(f"/disclosures/?unit={commune.code}&q=ke+hoach+dan+chu")
    assert [a.get_text() for a in soup.select("main ul.unit-list a")] == ["Kế hoạch dân chủ ở cơ sở"]
    feed = client.get(f"/feeds/disclosures.atom?unit={commune.code}")
    assert feed.mimetype == "application/atom+xml"
    titles = [e.text for e in ElementTree.fromstring(feed.data).iter("{http://www.w3.org/2005/Atom}title")]
    assert "Kế hoạch dân chủ ở cơ sở" in titles


def test_an_official_drafts_attaches_and_the_head_approves(page, client, login, handler, head, commune, uploads):
    login(handler)
    page(f"/disclosures/new?unit={commune.code}")
    response = client.post(
        f"/disclosures/new?unit={commune.code}",
        data={
            "category": "kt-xh",
            "title": "Kế hoạch 2027",
            "body": "Nội dung",
            "posting_start": "2030-01-01",
            "posting_places": "Trụ sở UBND xã\nNhà văn hóa thôn 1",
            "files": [(io.BytesIO(PDF), "kh.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    location = response.headers["Location"]
    soup = page(location)
    assert soup.select_one("code.hash") is not None
    client.post("/accounts/logout")
    login(head)
    assert client.post(location + "/approve").status_code == 302
    soup = page(location)
    assert soup.select_one(".tag").get_text() == "Đã lên lịch"


def test_a_lying_file_is_refused_and_the_text_is_kept(page, login, handler, commune):
    login(handler)
    soup = page(
        f"/disclosures/new?unit={commune.code}",
        method="post", expected_status=422,
        data={
            "category": "kt-xh",
            "title": "Giữ lại tiêu đề",
            "body": "Giữ lại nội dung",
            "posting_start": "2030-01-01",
            "files": [(io.BytesIO(b"MZ not a pdf"), "fake.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert soup.select_one(".error-summary li")
    assert soup.select_one("#title")["value"] == "Giữ lại tiêu đề"
    assert soup.select_one("#body").get_text().strip() == "Giữ lại nội dung"


def test_withdrawal_by_a_handler_is_refused_and_by_the_head_is_shown(page, client, login, draft, head, handler):
    disclosure = _posted(draft, head)
    login(handler)
    page(f"/disclosures/{disclosure.id}/withdraw", expected_status=403)
    client.post("/accounts/logout")
    login(head)
    response = client.post(f"/disclosures/{disclosure.id}/withdraw", data={"reason": "Văn bản bị thay thế"})
    assert response.status_code == 302
    soup = page(f"/disclosures/{disclosure.id}")
    assert "Văn bản bị thay thế" in soup.select_one(".flash-error").get_text()


def test_printable_notice_carries_the_qr_code_and_the_hash(page, draft, head):
    disclosure = _posted(draft, head)
    check = page(f"/disclosures/{disclosure.id}/notice").select_one(".check")
    assert check.select_one("code").get_text() == disclosure.current_version.content_sha256
    assert check.select_one("img")["src"].startswith("data:image/svg+xml")


def test_attachments_download_with_safe_headers(client, draft, head, handler):
    disclosure = draft()
    attachment = services.add_attachment(handler, disclosure, "kế hoạch.pdf", PDF)
    services.approve_disclosure(head, disclosure, now=utcnow())
    response = client.get(f"/disclosures/{disclosure.id}/files/{attachment.id}")
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_quarterly_list_and_compliance_pages(page, draft, head, commune):
    disclosure = _posted(draft, head, title="Dự toán ngân sách", category="ngan-sach")
    today = local_date(disclosure.posting_start)
    quarter = (today.month - 1) // 3 + 1
    soup = page(f"/disclosures/quarterly?unit={commune.code}&year={today.year}&quarter={quarter}")
    assert [a.get_text() for a in soup.select("tbody a")] == [disclosure.title]
    soup = page(f"/disclosures/compliance?unit={commune.code}&year={today.year}")
    rows = {tr.td.get_text(strip=True): tr for tr in soup.select("tbody tr")}
    assert rows and all(tr.select_one(".verdict") for tr in rows.values())
    page(f"/disclosures/compliance?unit={commune.code}&year=abc", expected_status=200)


def test_a_damaged_office_document_is_refused_and_the_text_is_kept(page, login, handler, commune):
    login(handler)
    document = with_method(odt({"content.xml": b"<x/>"}, zipfile.ZIP_STORED), 99)
    soup = page(
        f"/disclosures/new?unit={commune.code}",
        method="post",
        data={
            "category": "kt-xh",
            "title": "Giữ lại tiêu đề",
            "body": "Giữ lại nội dung",
            "posting_start": "2030-01-01",
            "files": [(io.BytesIO(document), "kế hoạch.odt")],
        },
        content_type="multipart/form-data",
        expected_status=422,
    )
    assert "kế hoạch.odt" in soup.select_one(".error-summary li").get_text()
    assert "kế hoạch.odt" in soup.select_one("#files-error").get_text()
    assert soup.select_one("#title")["value"] == "Giữ lại tiêu đề"


def test_a_document_of_a_dissolved_commune_keeps_its_issuer_and_shows_who_took_it_over(
    page, draft, head, commune, create_unit, db_session, english_pages
):
    from datetime import date

    from portal.units.models import SuccessionSource, UnitSuccession

    successor = create_unit(name="Xã Nhã Nam")
    disclosure = _posted(draft, head)
    commune.dissolved_on = date(2025, 7, 1)
    db_session.add(UnitSuccession(predecessor=commune, successor=successor, effective_on=date(2025, 7, 1),
                                  is_default=True, source=SuccessionSource.library))
    db_session.flush()
    soup = page(f"/disclosures/{disclosure.id}")
    issuer = soup.find("dt", string="Issued by").find_next_sibling("dd")
    assert issuer.select_one("a").get_text() == "Xã Tân Trung"
    assert " ".join(issuer.select_one(".issuer-successors").get_text().split()) == (
        "(since 01/07/2025 part of Xã Nhã Nam)")
