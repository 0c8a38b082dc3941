"""The portal's own addresses: where a browser may be sent back to after an action (only its own pages, never an
open redirect), and the full address of a page for those who read it elsewhere (JSON, feeds, emails)."""

from urllib.parse import urlsplit

from flask import current_app, url_for


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


def absolute_url(endpoint: str, **values) -> str:
    """The address of a page under PORTAL_BASE_URL, the address people reach the portal by."""
    return current_app.config["PORTAL_BASE_URL"] + url_for(endpoint, **values)
