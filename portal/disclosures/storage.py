"""A disclosure's attachments: which files it may carry and how large; portal.core.files stores them."""

from dataclasses import dataclass

from portal.core import files
from portal.core.errors import InvalidInput
from portal.core.i18n import _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    content_type: str
    size: int


def store(data: bytes, *, name: str = "", field: str | None = None) -> StoredFile:
    """Check the file by its content (pictures by their header, office documents member by member) and save it;
    a refusal names the form `field` it came from."""
    if not data:
        raise InvalidInput(_("The file is empty. Choose the signed document again."), field=field)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            _("The file is larger than 20 MB. Send a smaller file, for example a scan at lower resolution."),
            field=field,
        )
    content_type = files.sniff_type(data, name=name, field=field)
    if content_type not in files.PUBLISHED_TYPES:
        raise InvalidInput(
            _("This file is not a PDF, an image (PNG or JPEG) or an office document. Send one of these."),
            field=field,
        )
    return StoredFile(sha256=files.save(data), content_type=content_type, size=len(data))
