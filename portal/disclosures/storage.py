"""Attachments on disk, outside the web root, named by their SHA-256 so identical files are stored once.

The type is decided from the file's first bytes, never from its name or the browser's word.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app

from portal.core.errors import InvalidInput
from portal.core.i18n import _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    content_type: str
    size: int


def sniff_type(data: bytes) -> str | None:
    """The content type the bytes really are, among those a disclosure may carry; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                return mimetype.decode() if mimetype in _ODF_TYPES else None
            for prefix, (content_type, _extension) in _OFFICE_TYPES.items():
                if any(name.startswith(prefix) for name in names) and "[Content_Types].xml" in names:
                    return content_type
    except zipfile.BadZipFile:
        return None
    return None


def storage_dir() -> Path:
    folder = Path(current_app.config["PORTAL_UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(data: bytes) -> StoredFile:
    if not data:
        raise InvalidInput(_("The file is empty. Choose the signed document again."))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            _("The file is larger than 20 MB. Send a smaller file, for example a scan at lower resolution.")
        )
    content_type = sniff_type(data)
    if content_type is None:
        raise InvalidInput(
            _("This file is not a PDF, an image (PNG or JPEG) or an office document. Send one of these.")
        )
    digest = hashlib.sha256(data).hexdigest()
    path = storage_dir() / digest
    if not path.exists():
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return StoredFile(sha256=digest, content_type=content_type, size=len(data))


def read(sha256: str) -> bytes:
    return (storage_dir() / sha256).read_bytes()
