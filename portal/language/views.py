"""GET /language/<code>: the visitor's language choice, kept in a cookie for a year."""

from flask import Blueprint, abort, redirect, request

from portal.core.i18n import LANGUAGE_COOKIE, LANGUAGES
from portal.core.urls import safe_next

bp = Blueprint("language", __name__)


@bp.get("/language/<code>")
def choose(code: str):
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
