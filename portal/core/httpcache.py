"""Public pages that browsers and a reverse proxy may keep for a minute and then revalidate with an ETag.

When thousands open the same disclosure within hours, most repeat visits should cost one or two indexed queries
and a 304, not a rendered page. A view names what its page shows (ids, version numbers, times, the status, which
depends on the clock); with the language and the address that makes the ETag, compared before the page is rendered.
Signed-in officials, and visitors with a message waiting in their session, get the page as before: the
after_request hook in portal.web marks it no-store for officials, and such a page is never marked public.
`Vary: Cookie` stays on every page (portal.web): the language cookie changes the page.
"""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from importlib.metadata import version

from flask import current_app, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

# A minute: short enough that a page whose ETag missed a change (a unit renamed) is not kept long by a proxy, long
# enough that a crowd opening the same page within the minute is served by the proxy alone.
PUBLIC_MAX_AGE = 60
# A new release may render the same data differently, so its ETags must differ from the last release's.
_RELEASE = version("portal")
# Rendered pages kept per process, by ETag: a crowd on one disclosure costs its few queries, not a Jinja render each.
# The ETag already names everything the page shows, so a kept page is the page that would be rendered now. About
# 200 pages of 20-40 KB keep a worker well under its memory budget.
RENDERED_PAGES_KEPT = 200
_rendered: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_rendered_lock = threading.Lock()


def _is_anonymous_reader() -> bool:
    return not current_user.is_authenticated and "_flashes" not in session


def page_etag(shown: object) -> str:
    """A digest of what the page shows, in which language, at which address, by which release."""
    canonical = json.dumps([_RELEASE, str(get_locale()), request.full_path, shown], default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def public_page(render: Callable[[], ResponseReturnValue], shown: object) -> Response:
    """The page `render` makes, cacheable for anonymous readers, or a 304 without rendering when their copy
    (If-None-Match) is current. `shown` must change whenever the rendered page would: the view lists what it shows."""
    if not _is_anonymous_reader():
        return make_response(render())
    etag = page_etag(shown)
    if request.if_none_match.contains_weak(etag):
        response = current_app.response_class()
    else:
        response = _kept_or_rendered(etag, render)
        if response.status_code != 200 or session.modified:
            return response
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    return response.make_conditional(request)


def _kept_or_rendered(etag: str, render: Callable[[], ResponseReturnValue]) -> Response:
    with _rendered_lock:
        kept = _rendered.get(etag)
        if kept is not None:
            _rendered.move_to_end(etag)
    if kept is not None:
        body, content_type = kept
        return current_app.response_class(body, content_type=content_type)
    response = make_response(render())
    if response.status_code == 200 and not session.modified and not response.direct_passthrough:
        with _rendered_lock:
            _rendered[etag] = (response.get_data(), response.content_type)
            while len(_rendered) > RENDERED_PAGES_KEPT:
                _rendered.popitem(last=False)
    return response


def forget_rendered_pages() -> None:
    """Tests start from an empty store, as a new process does."""
    with _rendered_lock:
        _rendered.clear()
