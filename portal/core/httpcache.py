"""Public pages that browsers and a reverse proxy may keep for a minute and then revalidate with an ETag, and that
each worker keeps ready, so a crowd on one page costs neither a query nor a render per visit.

A public view is decorated with `kept_for_readers(*content)`, naming the content (portal.core.cache.Versioned)
its page is built from, and answers with `public_page(render, shown)`, which keeps the page an anonymous reader
got. The view names what the page shows (ids, version numbers, times, the status, which depends on the clock):
with the language and the address that makes the ETag, compared before rendering, so an unchanged page is not
rendered again.

`FrontDoor`, in front of the whole app, answers a GET from a visitor without a session cookie with the page kept
for that address and language, or a 304 when their copy (If-None-Match) is current, without running Flask at all:
while none of the page's content has changed, on any worker (through Redis when configured), and for at most
PUBLIC_MAX_AGE seconds. A kept page is thus at most a minute behind the clock, as a proxy's copy is: a posting
period that ends shows as ended within the minute; any edit shows at once.

Signed-in officials, and visitors with a message waiting in their session, get the page made afresh: the
after_request hook in portal.web marks it no-store for officials, and such a page is never marked public.
`Vary: Cookie` stays on every page (portal.web): the language cookie changes the page.
"""

import contextlib
import functools
import hashlib
import json
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

from flask import Flask, current_app, has_app_context, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from werkzeug.http import parse_etags
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response

from portal.core.cache import Versioned
from portal.core.i18n import LANGUAGE_COOKIE, locale_from_cookie

# A minute: short enough that a page whose ETag missed a change (a unit renamed) is not kept long by a proxy, long
# enough that a crowd opening the same page within the minute is served by the proxy alone.
PUBLIC_MAX_AGE = 60
# A new release may render the same data differently, so its ETags must differ from the last release's.
_RELEASE = version("portal")
# Kept pages are held compressed (a 20 KB page of results is about 4 KB; unpacking it takes some 60 microseconds), and
# the store is bounded by their bytes: 8 MB a worker holds about 2,000 pages, enough for the 500 different searches
# or deep pages a crowd reads in turn, and keeps a worker under its 150 MB budget.
PAGE_BYTES_KEPT = 8 * 1024 * 1024
_ENVIRON_KEY = "portal.public_page"


@dataclass(frozen=True)
class _Page:
    etag: str
    packed: bytes
    content_type: str
    content: tuple[Versioned, ...]
    versions: tuple | None
    made_at: float

    @property
    def body(self) -> bytes:
        return zlib.decompress(self.packed)

    def fresh(self, now: float) -> bool:
        versions = tuple(each.version() for each in self.content)
        return self.versions == versions and 0 <= now - self.made_at < PUBLIC_MAX_AGE

    def validators(self) -> list[tuple[str, str]]:
        """A browser or proxy keeps the page for what remains of the minute since it was made."""
        max_age = max(0, PUBLIC_MAX_AGE - int(time.monotonic() - self.made_at))
        return [("ETag", f'W/"{self.etag}"'), ("Cache-Control", f"public, max-age={max_age}")]


_pages: OrderedDict[tuple[str, str], _Page] = OrderedDict()
_pages_bytes = 0
_pages_lock = threading.Lock()


def kept_for_readers(*content: Versioned) -> Callable:
    """Decorates a public view whose page is built only from `content`: see the module's docstring."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def made(*args, **kwargs):
            if _is_anonymous_reader():
                versions = tuple(each.version() for each in content)
                trusted = None if None in versions else versions
                request.environ[_ENVIRON_KEY] = ((str(get_locale()), request.full_path), content, trusted)
            return view(*args, **kwargs)

        made.is_public_page = True
        return made

    return decorate


def is_public_page_request() -> bool:
    """Public pages are read by crowds and never rate-limited: the limiter skips them without asking its storage."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "is_public_page", False)


def page_etag(shown: object) -> str:
    """A digest of what the page shows, in which language, at which address, by which release."""
    canonical = json.dumps([_RELEASE, str(get_locale()), request.full_path, shown], default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def public_page(render: Callable[[], ResponseReturnValue], shown: object) -> Response:
    """The page `render` makes, cacheable for anonymous readers, or a 304 when their copy (If-None-Match) is
    current. `shown` must change whenever the rendered page would: the view lists what it shows. A page is
    rendered once and kept even when the first reader gets a 304, so the readers after them cost no query.
    The view must be decorated with `kept_for_readers`."""
    if not _is_anonymous_reader():
        return make_response(render())
    if _ENVIRON_KEY not in request.environ:
        raise RuntimeError(f"{request.endpoint} answers with public_page but is not decorated with kept_for_readers")
    key, content, versions = request.environ[_ENVIRON_KEY]
    etag = page_etag(shown)
    kept = _kept(key)
    if kept is not None and kept.etag == etag:
        page = _Page(etag, kept.packed, kept.content_type, content, versions, time.monotonic())
    else:
        response = make_response(render())
        if response.status_code != 200 or session.modified or response.direct_passthrough:
            return response
        page = _Page(etag, zlib.compress(response.get_data(), 1), response.content_type, content, versions,
                     time.monotonic())
    if versions is not None:
        _keep(key, page)
    response = current_app.response_class(page.body, content_type=page.content_type)
    response.headers.extend(page.validators())
    return response.make_conditional(request)


def _is_anonymous_reader() -> bool:
    return not current_user.is_authenticated and "_flashes" not in session


def _kept(key: tuple[str, str]) -> _Page | None:
    with _pages_lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
        return page


def _keep(key: tuple[str, str], page: _Page) -> None:
    global _pages_bytes
    with _pages_lock:
        replaced = _pages.pop(key, None)
        _pages[key] = page
        _pages_bytes += len(page.packed) - (len(replaced.packed) if replaced else 0)
        while _pages_bytes > PAGE_BYTES_KEPT and len(_pages) > 1:
            _pages_bytes -= len(_pages.popitem(last=False)[1].packed)


class FrontDoor:
    """WSGI middleware answering anonymous readers from the kept pages before Flask runs: a crowd on one page then
    costs about what the framework's own "hello world" does. Everything else goes on to the app."""

    def __init__(self, app: Flask, headers: dict[str, str]):
        self.app = app
        self.next = app.wsgi_app
        self.headers = [*headers.items(), ("Vary", "Cookie")]
        self.private_cookies = {
            app.config["SESSION_COOKIE_NAME"],
            app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE),
        }

    def __call__(self, environ, start_response):
        page = self._fresh_page(environ) if environ["REQUEST_METHOD"] in ("GET", "HEAD") else None
        if page is None:
            return self.next(environ, start_response)
        headers = self.headers + page.validators()
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(page.etag):
            start_response("304 NOT MODIFIED", headers)
            return []
        body = page.body
        headers += [("Content-Type", page.content_type), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _fresh_page(self, environ) -> _Page | None:
        reader = WerkzeugRequest(environ)
        if not self.private_cookies.isdisjoint(reader.cookies):
            return None
        page = _kept((str(locale_from_cookie(reader.cookies.get(LANGUAGE_COOKIE))), reader.full_path))
        if page is None:
            return None
        with self._app_context():
            return page if page.fresh(time.monotonic()) else None

    def _app_context(self):
        """The app's context for reading the content versions; tests already run inside it, with their session."""
        if has_app_context() and current_app._get_current_object() is self.app:
            return contextlib.nullcontext()
        return self.app.app_context()


def forget_pages() -> None:
    """Tests start from an empty store, as a new process does."""
    global _pages_bytes
    with _pages_lock:
        _pages.clear()
        _pages_bytes = 0
