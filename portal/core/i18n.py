"""Translation helpers and locale choice.

`_` translates now and is for code that runs inside a request; `_l` is lazy and is
for anything evaluated at import time (form labels, enum titles).
"""

from flask import has_request_context, request
from flask_babel import format_date, format_datetime, gettext, lazy_gettext, lazy_pgettext, ngettext, pgettext

_ = gettext
_l = lazy_gettext

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The visitor's explicit choice (a cookie) wins; otherwise Vietnamese, the portal's language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return DEFAULT_LANGUAGE


def show_date(value) -> str:
    """Dates are dd/mm/yyyy in both languages, as Vietnamese readers expect."""
    if value is None:
        return ""
    return format_date(value, "dd/MM/yyyy")


def show_weekday(value) -> str:
    """The day's name in the page's language ("Thứ Hai", "Monday")."""
    if value is None:
        return ""
    return format_date(value, "EEEE")


def show_datetime(value) -> str:
    if value is None:
        return ""
    return format_datetime(value, "dd/MM/yyyy HH:mm")


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
