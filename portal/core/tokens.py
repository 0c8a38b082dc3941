"""The one way a secret token (a link in a mail, an API key) is stored: its SHA-256, so a copy of the database
cannot be used to act as the person who holds the token."""

import hashlib


def token_hash(token: str) -> str:
    """The hex SHA-256 of the token, as stored in a `*token_hash` column and compared on lookup."""
    return hashlib.sha256(token.encode()).hexdigest()
