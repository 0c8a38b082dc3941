"""A plan's document to text: .docx and PDF made here, plain text, and hostile files that must be refused."""

import io
import zipfile
from datetime import date

import docx
import flask_babel
import pytest

from portal.core.errors import InvalidInput
from portal.plans import documents
from portal.plans.documents import UnreadableDocument, document_text
from portal.plans.reading import ReportKind, read_plan
from tests.plans.pdf import make_pdf
from tests.plans.test_reading import TODAY, read_sample, sample_text


def make_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "TM. ỦY BAN NHÂN DÂN"
    table.cell(0, 1).text = "CHỦ TỊCH"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_of_sample_001_reads_like_its_text():
    plan = read_plan(document_text(make_docx(sample_text(1))), today=TODAY)
    expected = read_sample(1)
    assert plan.tasks == expected.tasks
    assert plan.legal_bases == expected.legal_bases
    assert [(duty.kind, duty.due_dates) for duty in plan.report_duties] == [
        (ReportKind.six_month, (date(2024, 5, 5),)),
        (ReportKind.annual, (date(2024, 11, 5),)),
    ]
    assert "TM. ỦY BAN NHÂN DÂN" in plan.closing  # table cells are read too


def test_a_pdf_of_sample_000_reads_its_seven_tasks():
    pdf = make_pdf(sample_text(0).split("\n"))
    text = document_text(pdf)
    assert "Thường trực HĐND huyện" in text
    plan = read_plan(text, today=TODAY)
    content = next(task for task in plan.tasks if task.number == "II.")
    assert len(content.children) == 7
    assert [task.timeframe_text for task in content.children].count("Cả năm 2022") == 6
    assert plan.number == "21/KH-HĐND"


def test_a_pdf_of_the_pdf_extracted_sample_003_keeps_its_reports():
    plan = read_plan(document_text(make_pdf(sample_text(3).split("\n"))), today=TODAY)
    assert [duty.yearly_on for duty in plan.report_duties][:2] == [(6, 14), (11, 30)]


def test_plain_text_with_a_byte_order_mark_and_utf16():
    assert document_text("\ufeffKẾ HOẠCH".encode()) == "KẾ HOẠCH"
    assert document_text("KẾ HOẠCH\nnăm 2024".encode("utf-16")) == "KẾ HOẠCH\nnăm 2024"


@pytest.mark.parametrize(
    "data",
    [
        b"K\x00\xe1\xba\xbe HO\xe1\xba\xa0CH",  # NUL bytes in the middle
        b"K\xea\xec ho\xe0\xf2ch",  # "Kế hoạch" in the old Windows code page 1258, not UTF-8
        bytes(range(256)) * 4,  # binary
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a damaged photo, refused as every upload is
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,  # an old .doc, which may carry macros
        b"   \n\n  ",  # nothing
        b"%PDF-1.7\nnot really a pdf",  # a damaged PDF
    ],
)
def test_what_is_not_a_readable_plan_is_refused(data):
    with pytest.raises(InvalidInput):
        document_text(data, name="ke-hoach")


def test_a_huge_document_is_refused_before_it_is_read():
    with pytest.raises(UnreadableDocument, match="10 MB"):
        document_text(b"a" * (documents.MAX_DOCUMENT_BYTES + 1))


def test_a_zip_bomb_dressed_as_docx_is_refused_unopened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (documents.MAX_UNPACKED_BYTES + 1))
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UnreadableDocument, match="50 MB"):
        document_text(bomb)


def test_a_damaged_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-word/>")
    with pytest.raises(UnreadableDocument):
        document_text(out.getvalue())


def test_a_pdf_without_a_text_layer_says_so():
    with pytest.raises(UnreadableDocument, match="PDF"):
        document_text(make_pdf([]))


def test_the_refusal_is_translated(app):
    with app.test_request_context("/"), flask_babel.force_locale("vi"):
        with pytest.raises(UnreadableDocument) as refused:
            document_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
        assert str(refused.value) == (
            "Không đọc được loại tệp này như một kế hoạch. Hãy gửi văn bản thuần, Markdown, tệp .docx hoặc PDF."
        )
