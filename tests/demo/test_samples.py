import unicodedata
from datetime import UTC, datetime, time

from portal.core.sanitize import markdown_to_safe_html
from portal.core.timeutil import LOCAL_TZ, utcnow
from portal.demo.samples import SAMPLE_PLANS, SAMPLES_DIR, document_number, publish_sample_plans, title_of, to_markdown
from portal.demo.services import load_demo_data
from portal.disclosures import lists, services
from portal.disclosures.models import DisclosureStatus


def _text(index: int) -> str:
    return (SAMPLES_DIR / SAMPLE_PLANS[index].filename).read_text(encoding="utf-8")


def test_titles_and_numbers_come_from_the_documents():
    assert title_of(_text(0)) == "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2022"
    assert document_number(_text(0)) == "21/KH-HĐND"
    assert document_number(_text(1)) == ""


def test_run_together_bold_is_split_and_headings_survive():
    html = markdown_to_safe_html(to_markdown(_text(0)))
    assert "<h3>I. MỤC ĐÍCH, YÊU CẦU</h3>" in html
    assert "<strong>1. Mục đích:</strong>" in html


def test_pdf_wrapped_lines_are_joined_into_paragraphs():
    body = to_markdown(_text(3))
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in body
    assert "Tăng cường sự lãnh đạo, chỉ đạo, phối hợp thực hiện của cơ quan UBND với Ủy ban" in body


def test_demo_publishes_posted_and_completed_samples_with_real_dates(db_session):
    load_demo_data()
    assert publish_sample_plans() == 5
    assert publish_sample_plans() == 0
    found, _ = lists.list_public(lists.Listing(query="ke hoach dan chu"), now=utcnow(), limit=20)
    statuses = {d.title: services.status_of(d, datetime(2026, 11, 23, tzinfo=UTC)) for d in found}
    assert DisclosureStatus.posted in statuses.values() and DisclosureStatus.completed in statuses.values()
    nfd_query = unicodedata.normalize("NFD", "Hà Trung")
    assert lists.list_public(lists.Listing(query=nfd_query), now=utcnow())[0]


def test_the_demo_approves_its_samples_at_eight_in_the_morning_vietnam_time(page, db_session):
    load_demo_data()
    publish_sample_plans()
    found, _ = lists.list_public(lists.Listing(query="21/KH-HĐND"), now=utcnow())
    [disclosure] = found
    db_session.expire(disclosure)
    assert disclosure.approved_at.astimezone(LOCAL_TZ).time() == time(8)
    assert disclosure.posting_start == disclosure.approved_at
    soup = page(f"/disclosures/{disclosure.id}")
    [approval] = soup.select("section[aria-labelledby=record] li")
    assert approval.get_text().startswith(f"{disclosure.posting_start.astimezone(LOCAL_TZ):%d/%m/%Y} 08:00")
