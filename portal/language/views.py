"""GET /language/<code>: the visitor's language choice, kept in a cookie for a year."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request

from portal.core.i18n import LANGUAGE_COOKIE, LANGUAGES

bp = Blueprint("language", __name__)


def safe_next(target: str | None) -> str:
    """Only paths on this site, so the switch cannot be used as an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or not target.isprintable():
        return "/"
    return target


@bp.get("/language/<code>")
def choose(code: str):
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
