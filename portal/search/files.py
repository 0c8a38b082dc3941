"""The text of an attached file, read once when it is uploaded and kept under the file's SHA-256.

PDF (pypdf) and DOCX (python-docx) are read as portal.plans.documents reads a plan, with its limits; XLSX by
openpyxl in read-only mode, values only (never formulas run, never macros). Anything else has no text. At most
MAX_FILE_TEXT characters are kept: enough for any notice, bounded for a 500-page annex.
"""

import io
import zipfile

from portal.core import files
from portal.extensions import db
from portal.search.models import FileText

MAX_FILE_TEXT = 200_000
MAX_CELLS = 200_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READABLE = {PDF, DOCX, XLSX}


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            return ""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        values, cells = [], 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                values.extend(str(value) for value in row if value is not None and str(value).strip())
                if cells > MAX_CELLS:
                    return " ".join(values)
        return " ".join(values)
    finally:
        workbook.close()


def extract_text(data: bytes, content_type: str) -> str:
    """The file's words, or "" when it has none to read or cannot be read: an unreadable file is still attached."""
    from portal.plans.documents import UnreadableDocument, document_text

    try:
        if content_type == XLSX:
            text = _xlsx_text(data)
        elif content_type in (PDF, DOCX):
            text = document_text(data)
        else:
            return ""
    except UnreadableDocument:
        return ""
    except Exception:  # openpyxl and zipfile raise many kinds on a damaged file; the upload itself stands
        return ""
    return text.replace("\x00", "")[:MAX_FILE_TEXT]


def remember_text(sha256: str, content_type: str) -> None:
    """Read a newly attached file's text unless a file with the same content was read before."""
    if content_type not in READABLE or db.session.get(FileText, sha256) is not None:
        return
    path = files.path_of(sha256)
    text = extract_text(path.read_bytes(), content_type) if path.exists() else ""
    db.session.add(FileText(sha256=sha256, text=text))
