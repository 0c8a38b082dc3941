"""Answers that the pages and the API of several features give alike: a file to download (a calendar, a
spreadsheet), and a 404 for a lookup that found nothing."""

from collections.abc import Callable
from typing import Any

from flask import Response
from flask_smorest import abort

from portal.core.errors import DomainError
from portal.core.ical import MIME_TYPE, CalendarEvent, calendar_file

# The spreadsheets offered for download, by the ending of their address.
SPREADSHEET_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(body: str | bytes, mimetype: str, filename: str) -> Response:
    """A file the browser saves rather than shows."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})


def calendar_download(name: str, events: list[CalendarEvent], filename: str) -> Response:
    return download(calendar_file(name, events), MIME_TYPE.split(";")[0], filename)


def spreadsheet_download(kind: str, body: str | bytes, name: str) -> Response:
    """The same rows as CSV or XLSX (`kind`, a key of SPREADSHEET_TYPES), saved as `name`.`kind`."""
    return download(body, SPREADSHEET_TYPES[kind], f"{name}.{kind}")


def found_or_404(lookup: Callable[..., Any], *args: Any) -> Any:
    """What an API lookup found; a domain refusal (unknown code, unpublished row) is a 404 carrying its message."""
    try:
        return lookup(*args)
    except DomainError as error:
        abort(404, message=str(error))
