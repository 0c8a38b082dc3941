"""Translation helpers and locale choice.

`_` translates now and is for code that runs inside a request; `_l` is lazy and is
for anything evaluated at import time (form labels, enum titles).
"""

from datetime import date, datetime

from babel import Locale
from flask import has_request_context, request
from flask_babel import format_date, gettext, lazy_gettext, lazy_pgettext, ngettext, pgettext, to_user_timezone

_ = gettext
_l = lazy_gettext

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
# Parsed once: Flask-Babel parses what the selector returns on every request, and parsing a name reads the disk.
_LOCALES = {code: Locale.parse(code) for code in LANGUAGES}
LANGUAGE_COOKIE = "lang"


def select_locale() -> Locale:
    """The visitor's explicit choice (a cookie) wins; otherwise Vietnamese, the portal's language."""
    return locale_from_cookie(request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None)


def locale_from_cookie(chosen: str | None) -> Locale:
    return _LOCALES.get(chosen or DEFAULT_LANGUAGE, _LOCALES[DEFAULT_LANGUAGE])


def show_date(value) -> str:
    """Dates are dd/mm/yyyy in both languages, as Vietnamese readers expect: digits only, so no locale's rules are
    needed (a list shows dozens, and Babel's formatting cost a tenth of its render). A case's history keeps dates
    as ISO text (it is JSON)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return value.strftime("%d/%m/%Y")


def show_weekday(value) -> str:
    """The day's name in the page's language ("Thứ Hai", "Monday")."""
    if value is None:
        return ""
    return format_date(value, "EEEE")


def show_datetime(value) -> str:
    if value is None:
        return ""
    return to_user_timezone(value).strftime("%d/%m/%Y %H:%M")


__all__ = [
    "_",
    "_l",
    "lazy_pgettext",
    "ngettext",
    "pgettext",
    "select_locale",
    "show_date",
    "show_datetime",
    "show_weekday",
]
