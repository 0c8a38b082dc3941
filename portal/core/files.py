"""Uploaded files on disk, outside the web root, named by their SHA-256 so identical files are stored once.

The type is decided from the file's first bytes, never from its name or the browser's word. Each feature
(disclosures, cases) decides which of these types it accepts and how large they may be.
"""

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app

_OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF_TYPES = {b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.spreadsheet"}
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}


def sniff_type(data: bytes) -> str | None:
    """The content type the bytes really are, among the documents and photos the portal takes; None otherwise."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return "image/heic"
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
            for prefix, content_type in _OFFICE_TYPES.items():
                if any(name.startswith(prefix) for name in names) and "[Content_Types].xml" in names:
                    return content_type
    except zipfile.BadZipFile:
        return None
    return None


def storage_dir() -> Path:
    folder = Path(current_app.config["PORTAL_UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(data: bytes) -> str:
    """Write the bytes (atomically, once) and return their SHA-256, which is their name."""
    digest = hashlib.sha256(data).hexdigest()
    path = storage_dir() / digest
    if not path.exists():
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return digest


def path_of(sha256: str) -> Path:
    return storage_dir() / sha256


def read(sha256: str) -> bytes:
    return path_of(sha256).read_bytes()


def download(sha256: str, content_type: str, filename: str, *, inline: bool = False) -> Response:
    """A stored file as a response that no browser will run as a page: attachment unless asked inline (for
    images), sandboxed, never sniffed."""
    response = Response(read(sha256), mimetype=content_type)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
