"""Sealing personal data at rest: the only module that holds the data key.

Contact details of every case, and above all a denouncer's identity (Law 25/2018 Art. 9, 56),
are stored as Fernet tokens (AES-128-CBC with HMAC-SHA256). PORTAL_DATA_KEY holds one or more
keys separated by commas, the first used to seal and all to open, so keys can be rotated;
without it a key is derived from SECRET_KEY, which must then never change.
"""

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


def _keys() -> list[str]:
    configured = current_app.config.get("PORTAL_DATA_KEY", "")
    if configured:
        return [key.strip() for key in configured.split(",") if key.strip()]
    derived = hashlib.sha256(b"portal personal data\0" + current_app.config["SECRET_KEY"].encode()).digest()
    return [base64.urlsafe_b64encode(derived).decode()]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def digest(value: str) -> str:
    """A keyed hash that finds rows by a personal value (a citizen's email) without storing the value. Keyed by the
    oldest configured key, so that adding a new sealing key in front keeps old digests valid."""
    key = hashlib.sha256(b"portal lookup digest\0" + _keys()[-1].encode()).digest()
    return hmac.new(key, value.strip().casefold().encode(), hashlib.sha256).hexdigest()


def seal(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """The sealed data; an empty dict when no configured key opens it (a lost key must not take pages down)."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        return {}
