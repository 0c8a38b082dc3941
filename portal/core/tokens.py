"""Secret tokens (private links, confirmation links) are stored only as their hash, so a copy of the database
opens nothing."""

import hashlib


def token_hash(token: str) -> str:
    """The SHA-256 of the token, in hex: what is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()
