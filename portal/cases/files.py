"""The photos and documents of a case: checked by their content, photos re-encoded so their EXIF data (the
GPS position, the phone's model, the time) never leaves the citizen's hands, stored by portal.core.files."""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from flask import Response
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.cases.models import Case, CaseFile
from portal.core import files
from portal.core.errors import InvalidInput
from portal.core.files import Upload
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = files.IMAGE_TYPES
FIELD = "files"
DOCUMENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
# Pillow reads HEIC (iPhone photos) only with a plugin; without it such photos are refused with advice.
HEIC_READABLE = ".heic" in Image.registered_extensions()


@dataclass(frozen=True)
class CleanFile:
    filename: str
    content_type: str
    data: bytes


def _safe_name(filename: str, content_type: str) -> str:
    """The name as portal.core.files cleans it; a re-encoded HEIC photo is named .jpg."""
    name = files.safe_filename(filename, _("file"))
    if content_type == "image/jpeg" and Path(name).suffix.lower() in {".heic", ".heif"}:
        name = str(Path(name).with_suffix(".jpg"))
    return name


def _reencode(data: bytes, content_type: str) -> tuple[bytes, str]:
    """The picture alone, redrawn: turned upright as the camera meant, without EXIF, XMP or comments. It is turned
    in place, and JPEG is written without optimized Huffman tables (which keep a second copy of the whole picture
    for a few percent of size), so the largest picture taken (portal.core.files.MAX_IMAGE_PIXELS) is held once."""
    output = BytesIO()
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            if content_type == "image/png":
                keep = image if image.mode in {"1", "L", "LA", "P", "RGB", "RGBA"} else image.convert("RGBA")
                keep.save(output, format="PNG", optimize=True)
                return output.getvalue(), "image/png"
            rgb = image if image.mode in {"L", "RGB"} else image.convert("RGB")
            rgb.save(output, format="JPEG", quality=88)
            return output.getvalue(), "image/jpeg"
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_("One of the photos cannot be read. Send it again as a JPEG or PNG photo."),
                           field=FIELD) from None


def prepare(uploads: list[Upload]) -> list[CleanFile]:
    """Check every file before anything is saved, so that a bad one refuses the whole form with its reason."""
    uploads = [upload for upload in uploads if upload.filename or upload.data]
    if len(uploads) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(count)d files.", count=MAX_FILES), field=FIELD)
    prepared = []
    for upload in uploads:
        if not upload.data:
            raise InvalidInput(_("The file %(name)s is empty. Choose it again.", name=_safe_name(upload.filename, "")),
                               field=FIELD)
        if len(upload.data) > MAX_FILE_BYTES:
            raise InvalidInput(
                _("The file %(name)s is larger than %(size)d MB. Send a smaller photo or a scan at lower resolution.",
                  name=_safe_name(upload.filename, ""), size=MAX_FILE_BYTES // (1024 * 1024)),
                field=FIELD,
            )
        content_type = files.sniff_type(upload.data, name=_safe_name(upload.filename, ""), field=FIELD)
        if content_type == "image/heic" and not HEIC_READABLE:
            raise InvalidInput(
                _("The photo %(name)s is in the HEIC format, which we cannot read yet. On an iPhone, choose "
                  "Settings, Camera, Formats, Most Compatible, or send a screenshot of the photo.",
                  name=_safe_name(upload.filename, "")),
                field=FIELD,
            )
        if content_type in IMAGE_TYPES:
            data, content_type = _reencode(upload.data, content_type)
        elif content_type in DOCUMENT_TYPES:
            data = upload.data
        else:
            raise InvalidInput(
                _("The file %(name)s is not a photo (JPEG or PNG), a PDF or an office document. Send one of these.",
                  name=_safe_name(upload.filename, "")),
                field=FIELD,
            )
        prepared.append(CleanFile(_safe_name(upload.filename, content_type), content_type, data))
    return prepared


def attach(case: Case, prepared: list[CleanFile], *, from_citizen: bool = True,
           now: datetime | None = None) -> list[CaseFile]:
    """Save the checked files and record them on the case, in the caller's transaction."""
    now = now or utcnow()
    rows = []
    for clean in prepared:
        row = CaseFile(case=case, filename=clean.filename, content_type=clean.content_type, size=len(clean.data),
                       sha256=files.save(clean.data), is_from_citizen=from_citizen, created_at=now)
        db.session.add(row)
        rows.append(row)
    return rows


def path_of(case_file: CaseFile) -> Path:
    return files.path_of(case_file.sha256)


def download(case_file: CaseFile) -> Response:
    """A case's file for whoever may see the case (the citizen through the private link, the officials through
    casework): photos shown in the page, documents downloaded, and never cached by a shared computer."""
    response = files.download(case_file.sha256, case_file.content_type, case_file.filename,
                              inline=case_file.content_type in IMAGE_TYPES)
    response.headers["Cache-Control"] = "private, no-store"
    return response
