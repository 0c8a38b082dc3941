"""Where the portal may send a browser back to after an action: only its own pages, never an open redirect."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str:
    """Only paths on this site, so a `next` parameter cannot send someone to another site."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or not target.isprintable():
        return "/"
    return target
