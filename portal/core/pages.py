"""The shapes every feature's pages share, so that a view says only what is its own: how a form page is routed,
what it answers once its service call succeeded (a flash and a redirect), the one-click action that does the same
without a form, a page's buttons as a table, the mailed links of following by email, and an Atom feed.

The form pages go through `portal.core.forms.handle_form`; one with another answer calls it itself."""

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import login_required
from flask_wtf import FlaskForm

from portal.core.forms import form_view, handle_form
from portal.core.timeutil import utcnow
from portal.extensions import csrf, db, limiter

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


def data_from(form: FlaskForm, data_class: type, **given):
    """The service's input (a dataclass) from the form's fields of the same names; `given` sets the others and
    those whose text the service takes converted."""
    names = {field.name for field in dataclasses.fields(data_class)} - given.keys()
    return data_class(**{name: form[name].data for name in names if name in form}, **given)


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


def form_page(form: FlaskForm, perform: Callable[[], Any], *, template: str, message: FromResult | None,
              to: FromResult, check: Callable[[], list] | None = None, **context):
    """The usual form page: `template` shows the form (as `form`) with `context`; once `perform` succeeded, the
    message is flashed and the browser sent to `to`."""
    return handle_form(form, perform, check=check, page=lambda status: render_template(template, form=form, **context),
                       done=flash_and_go(message, to))


def acted(message: Any, to: str):
    """The answer of a one-click action (a button without fields) once its service call succeeded: it is saved,
    said, and the browser goes back to `to`."""
    db.session.commit()
    flash(str(message), "success")
    return redirect(to)


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


def route_follow_links(bp: Blueprint, follows: Any, *, form: type[FlaskForm], folder: str,
                       confirmed: Callable[[Any], str], stopped: Callable[[Any], str], to: Callable[[Any], str]):
    """Route the two mailed links of following by email without an account: `confirm_following`, the
    confirmation, and `stop_following`, the unsubscribe link of every mail. `follows` is the feature's module
    (confirm_follow, check_confirmation, stop_following, follow_for_unsubscribe); `confirmed` and `stopped` say what
    became of a follow, `to` is where its reader goes then; the pages are `folder`/follow_confirm.html and
    follow_stop.html.

    Each link shows what it is about with a button, so that mail programs that open links to check them change
    nothing. The stop button needs no CSRF token: mail programs send the one-click POST of RFC 8058
    (List-Unsubscribe-Post); the signed token in the address is the authority."""

    def confirm_following(token: str):
        shown = form()
        return _link_page(shown.validate_on_submit(), lambda: follows.confirm_follow(token),
                          lambda: follows.check_confirmation(token), f"{folder}/follow_confirm.html", shown,
                          confirmed, to)

    def stop_following(token: str):
        return _link_page(request.method == "POST", lambda: follows.stop_following(token),
                          lambda: follows.follow_for_unsubscribe(token), f"{folder}/follow_stop.html", form(),
                          stopped, to)

    bp.add_url_rule("/follow/confirm/<token>", view_func=confirm_following, methods=["GET", "POST"])
    bp.add_url_rule("/follow/stop/<token>", view_func=csrf.exempt(stop_following), methods=["GET", "POST"])


def _link_page(pressed: bool, act, look, template: str, form: FlaskForm, message, to):
    if pressed:
        done = act()
        return acted(message(done), to(done))
    return render_template(template, form=form, follow=look(), language=str(get_locale()))


def atom_feed(template: str, endpoint: str, args: Mapping[str, Any], *, now=None, **context):
    """An Atom feed: `template` gets `context` with the time, the site's address, the language and the feed's own
    address (`endpoint` with `args`)."""
    base = current_app.config["PORTAL_BASE_URL"]
    body = render_template(template, now=now or utcnow(), base=base, language=str(get_locale()),
                           self_url=base + url_for(endpoint, **args), **context)
    return current_app.response_class(body, mimetype="application/atom+xml")
