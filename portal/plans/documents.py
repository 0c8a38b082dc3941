"""The text of an uploaded plan: plain text or Markdown, a Word .docx, or a PDF with a text layer.

The type is decided from the bytes (`portal.core.files.sniff_type`, which also refuses damaged pictures and zips
that inflate too far, as for every upload), never from the name. A .docx is a zip of XML read as data
(python-docx; no macro runs, and a plan's archive may unpack to 50 MB at most); a PDF is read by pypdf, page by
page, up to a limit.
"""

import zipfile
from io import BytesIO

from portal.core.errors import InvalidInput
from portal.core.files import sniff_type
from portal.core.i18n import _l

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 200
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}


class UnreadableDocument(InvalidInput):
    """The document cannot be read as a plan; the message says what to send instead."""


def document_text(data: bytes, *, name: str = "") -> str:
    """The document's text, or InvalidInput (UnreadableDocument for what is particular to plans) with a message
    for the official; `name` is the file's name, which the checks shared with other uploads mention."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(_l("The document is larger than 10 MB. Send a smaller file or paste its text."))
    if not data.strip():
        raise UnreadableDocument(_l("The document is empty. Send the plan's file or paste its text."))
    content_type = sniff_type(data, name=name)
    if content_type == DOCX:
        text = _docx_text(data)
    elif content_type == "application/pdf":
        text = _pdf_text(data)
    elif content_type is None:
        text = _plain_text(data)
    else:
        raise UnreadableDocument(
            _l("This kind of file cannot be read as a plan. Send plain text, Markdown, a .docx or a PDF.")
        )
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(_l("The document's text is too long for a plan. Send the plan alone."))
    if not text.strip():
        raise UnreadableDocument(
            _l("No text was found in the document. A scanned PDF has none: send the .docx or paste the text.")
        )
    return text


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in text):
            break
        return text
    raise UnreadableDocument(
        _l("The file is neither UTF-8 text nor a .docx or PDF. Save it as UTF-8 text, .docx or PDF and send it again.")
    )


def _docx_text(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UnreadableDocument(_l("The .docx unpacks to more than 50 MB: it cannot be a plan's text."))
    try:
        document = docx.Document(BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise UnreadableDocument(_l("The .docx is damaged and cannot be read. Save it again and send it.")) from error
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    return "\n\n".join(paragraphs)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(BytesIO(data))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableDocument(_l("The PDF has more than 200 pages: it cannot be a plan."))
        pages = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            if sum(map(len, pages)) > MAX_TEXT_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(_l("The PDF is damaged and cannot be read. Save it again and send it.")) from error
    return "\n\n".join(pages)
