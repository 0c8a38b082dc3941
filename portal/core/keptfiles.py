"""Files sent with a form that was refused, kept server-side for a short time.

Browsers never refill a file input, so without this a citizen whose form came back (a mistake in a field, a lost
session, a rate limit, the database away) would have to find and choose every photo again, and often would not
notice that they were gone. Each kept file is written under a random name and referenced in the re-shown form by
a signed token that also carries its name; the signature is what lets a later request read it back, and its age
is checked, so a token cannot name any other file or outlive the keeping time. Expired files are removed whenever
new ones are kept.
"""

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.core.files import Upload

KEEP_SECONDS = 2 * 60 * 60
_SALT = "portal.kept-files"


@dataclass(frozen=True)
class KeptFile:
    token: str
    filename: str
    size: int


def _folder() -> Path:
    folder = Path(current_app.config["PORTAL_UPLOAD_DIR"]) / "kept"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def keep_file(upload: Upload) -> KeptFile:
    """Write the file under a fresh random name and return the token that reads it back."""
    remove_expired(time.time())
    name = secrets.token_hex(16)
    (_folder() / name).write_bytes(upload.data)
    token = _serializer().dumps([name, upload.filename])
    return KeptFile(token, upload.filename, len(upload.data))


def kept_file(token: str) -> tuple[KeptFile, Upload] | None:
    """The file a token names, or None when the token is forged, too old, or its file already removed."""
    try:
        name, filename = _serializer().loads(token, max_age=KEEP_SECONDS)
    except (BadSignature, ValueError, TypeError):
        return None
    path = _folder() / str(name)
    if not isinstance(name, str) or not name.isalnum() or not path.is_file():
        return None
    data = path.read_bytes()
    return KeptFile(token, str(filename), len(data)), Upload(str(filename), data)


def remove_expired(now: float) -> int:
    """Delete kept files older than the keeping time; returns how many went."""
    removed = 0
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < now - KEEP_SECONDS:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
