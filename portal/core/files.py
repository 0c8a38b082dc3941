"""Uploaded files on disk, outside the web root, named by their SHA-256 so identical files are stored once.

The type is decided from the file's first bytes, never from its name or the browser's word. Each feature
(disclosures, cases) decides which of these types it accepts and how large they may be. What a hostile file
could do to a worker is bounded here, before anything is decoded: a picture's size is read from its header and
refused above MAX_IMAGE_PIXELS, and an office document (a zip) is inflated member by member in small chunks,
refused as soon as a member or the whole passes its limit, so a bomb costs a few kilobytes of memory.
"""

import hashlib
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app
from PIL import Image, UnidentifiedImageError

from portal.core.errors import InvalidInput
from portal.core.i18n import _

_OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF_TYPES = {b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.spreadsheet"}
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/heic"}
# What the portal publishes for anyone to open (a disclosure's attachments, a plan's evidence): every type it
# recognises but HEIC, which few browsers show.
PUBLISHED_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "application/msword", *_OFFICE_TYPES.values()}
    | {content_type.decode() for content_type in _ODF_TYPES}
)

# A 36-megapixel picture (a 48 MP phone's default output is 12) takes about 150 MB to decode and redraw: the
# most one worker is asked to hold. Larger pictures are refused from their header, before any pixel is read.
MAX_IMAGE_PIXELS = 36_000_000
# An office document of 20 MB unpacks to a few times that; these limits leave room for a long report with
# pictures and stop a zip bomb early.
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
_CHUNK = 64 * 1024
_MIMETYPE_BYTES = 200
MAX_FILENAME = 200
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}


@dataclass(frozen=True)
class Upload:
    """A file as a person sent it: the name their device gave it and its bytes, not yet checked."""

    filename: str
    data: bytes


def safe_filename(filename: str | None, fallback: str) -> str:
    """A name to show and offer for download: the last part of the path, composed (NFC), without control or
    path characters, leading dots or a Windows device name; Vietnamese letters stay, which
    werkzeug.secure_filename would reduce to ASCII ("Đơn khiếu nại.pdf" to "n_khiu_ni.pdf")."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = " ".join(name.split()).lstrip(". ").rstrip(". ")
    if name.partition(".")[0].upper() in _WINDOWS_DEVICES:
        name = f"_{name}"
    if len(name) > MAX_FILENAME:
        suffix = Path(name).suffix[:20]
        name = name[: MAX_FILENAME - len(suffix)] + suffix
    return name or fallback


def sniff_type(data: bytes, *, name: str = "", field: str | None = None) -> str | None:
    """The content type the bytes really are, among the documents and photos the portal takes; None otherwise.

    A picture too large to decode, or an office document that is damaged or unpacks too large, is refused here
    with a message naming the file, tied to the form `field`.
    """
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _checked_image("image/png", data, name, field)
    if data.startswith(b"\xff\xd8\xff"):
        return _checked_image("image/jpeg", data, name, field)
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return "image/heic"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, name, field)
    return None


def _checked_image(content_type: str, data: bytes, name: str, field: str | None) -> str:
    """Read the picture's header only (Image.open decodes nothing) and refuse one too large to decode safely."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_IMAGE_PIXELS, 2
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_("The picture %(name)s cannot be read. Send it again as a JPEG or PNG picture.",
                             name=name), field=field) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise InvalidInput(
            _("The picture %(name)s has more than %(megapixels)d million pixels. Send a smaller copy, for example "
              "the phone's medium size or a screenshot.", name=name, megapixels=MAX_IMAGE_PIXELS // 1_000_000),
            field=field,
        )
    return content_type


def _sniff_zip(data: bytes, name: str, field: str | None) -> str | None:
    """An office document's type, after every member was inflated under the limits (see `_check_archive`)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_archive(archive, name, field)
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(_MIMETYPE_BYTES).strip()
                return mimetype.decode() if mimetype in _ODF_TYPES else None
            for prefix, content_type in _OFFICE_TYPES.items():
                if any(member.startswith(prefix) for member in names) and "[Content_Types].xml" in names:
                    return content_type
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
        raise InvalidInput(
            _("The document %(name)s is damaged or packed in a way we cannot read. Save it again from your office "
              "program, or send it as a PDF.", name=name),
            field=field,
        ) from None
    return None


def _check_archive(archive: zipfile.ZipFile, name: str, field: str | None) -> None:
    """Inflate every member in chunks, counting the bytes that really come out (the sizes the zip declares may
    lie), and stop at the first member or total over its limit. Anything but stored or deflated members, and a
    damaged stream or checksum, raise and are refused by the caller."""
    members = archive.infolist()
    too_large = InvalidInput(
        _("The document %(name)s unpacks to more than %(size)d MB. Send it as a PDF, or split it into smaller files.",
          name=name, size=MAX_ARCHIVE_BYTES // (1024 * 1024)),
        field=field,
    )
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise too_large
    total = 0
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotImplementedError(info.compress_type)
        if info.file_size > MAX_MEMBER_BYTES or total + info.file_size > MAX_ARCHIVE_BYTES:
            raise too_large
        size = 0
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER_BYTES or total + size > MAX_ARCHIVE_BYTES:
                    raise too_large
        total += size


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
