"""Answers that the pages and the API of several features give alike: a calendar file to download, and a 404 for
a lookup that found nothing."""

from collections.abc import Callable
from typing import Any

from flask import Response
from flask_smorest import abort

from portal.core.errors import DomainError
from portal.core.ical import MIME_TYPE, CalendarEvent, calendar_file


def calendar_download(name: str, events: list[CalendarEvent], filename: str) -> Response:
    return Response(calendar_file(name, events), mimetype=MIME_TYPE.split(";")[0],
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def found_or_404(lookup: Callable[..., Any], *args: Any) -> Any:
    """What an API lookup found; a domain refusal (unknown code, unpublished row) is a 404 carrying its message."""
    try:
        return lookup(*args)
    except DomainError as error:
        abort(404, message=str(error))
