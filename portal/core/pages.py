"""The shapes every feature's pages share, so that a view says only what is its own: how a form page is routed,
what it answers once its service call succeeded (a flash and a redirect), the one-click action that does the same
without a form, the GET form that filters a listing, and an Atom feed.

Each is a thin layer over `portal.core.forms.handle_form`: a view with another answer uses handle_form itself."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import login_required
from flask_wtf import FlaskForm

from portal.core.forms import form_view, handle_form
from portal.core.timeutil import utcnow
from portal.extensions import db, limiter

# What a message or an address may be: fixed, or made from what the service call returned.
FromResult = str | Callable[[Any], str]


def form_route(bp: Blueprint, rule: str, *, methods: Iterable[str] = ("GET", "POST"), signed_in: bool = True,
               limit: str | Callable[[], str] | None = None, **options):
    """Route a view whose form goes through `handle_form` (see `form_view`): for signed-in officials unless
    `signed_in` is false, and with `limit` on what it may be sent (POST) when given."""

    def register(view):
        guarded = login_required(view) if signed_in else view
        if limit is not None:
            guarded = limiter.limit(limit, methods=["POST"])(guarded)
        return bp.route(rule, methods=list(methods), **options)(form_view(guarded))

    return register


def submit_limit() -> str:
    """How much a citizen may send without an account (a case, a question, a comment), as configured."""
    return current_app.config["PORTAL_SUBMIT_LIMIT"]


def route_table(bp: Blueprint, rows: dict[str, tuple], make_view: Callable[..., Callable], *, form: bool = True):
    """Route one POST view of signed-in officials per row (`{endpoint: (rule, *parts)}`), each `make_view(*parts)`:
    the buttons of one page that differ only in their service call and what they say (a message known before the
    request is lazy, `_l`). A row's view goes through handle_form (`form_route`) unless `form` is false: a button
    without fields then stays under the site-wide CSRF check."""
    for endpoint, (rule, *parts) in rows.items():
        view = make_view(*parts)
        if form:
            form_route(bp, rule, methods=["POST"], endpoint=endpoint)(view)
        else:
            bp.add_url_rule(rule, endpoint, login_required(view), methods=["POST"])


def _of(value: FromResult, result: Any) -> str:
    return value(result) if callable(value) else value


def flash_and_go(message: FromResult | None, to: FromResult) -> Callable[[Any], Any]:
    """The `done` of handle_form that most pages give: say what happened (unless `message` is None), then go
    to `to`."""

    def done(result):
        if message is not None:
            flash(str(_of(message, result)), "success")
        return redirect(_of(to, result))

    return done


def template_page(template: str, **context) -> Callable[[int], str]:
    """The `page` of handle_form that shows a template with its context, whatever the status."""
    return lambda status: render_template(template, **context)


def form_page(form: FlaskForm, perform: Callable[[], Any], *, template: str, message: FromResult | None,
              to: FromResult, check: Callable[[], list] | None = None, **context):
    """The usual form page: `template` shows the form (as `form`) with `context`; once `perform` succeeded, the
    message is flashed and the browser sent to `to`."""
    return handle_form(form, perform, check=check, page=template_page(template, form=form, **context),
                       done=flash_and_go(message, to))


def acted(message: Any, to: str):
    """The answer of a one-click action (a button without fields) once its service call succeeded: it is saved,
    said, and the browser goes back to `to`."""
    db.session.commit()
    flash(str(message), "success")
    return redirect(to)


def filtered(form: FlaskForm, search: Callable[[], Any], nothing: Any = None) -> Any:
    """What a listing's GET filter form finds: `search()` when the filters are valid, else `nothing` (the page
    shows the form's errors)."""
    return search() if form.validate() else nothing


def atom_feed(template: str, endpoint: str, args: Mapping[str, Any], *, now=None, **context):
    """An Atom feed: `template` gets `context` with the time, the site's address, the language and the feed's own
    address (`endpoint` with `args`)."""
    base = current_app.config["PORTAL_BASE_URL"]
    body = render_template(template, now=now or utcnow(), base=base, language=str(get_locale()),
                           self_url=base + url_for(endpoint, **args), **context)
    return current_app.response_class(body, mimetype="application/atom+xml")
