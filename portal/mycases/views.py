"""/my-cases: a citizen lists every case they submitted with their email, through a link mailed to them."""

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale

from portal.core.calendar import load_calendar
from portal.core.forms import handle_form
from portal.core.pages import form_route
from portal.core.timeutil import utcnow
from portal.mycases import services
from portal.mycases.forms import AskForm
from portal.periods import deadlines

bp = Blueprint("mycases", __name__, url_prefix="/my-cases")


@form_route(bp, "/", signed_in=False, limit="5 per minute; 30 per day")
def ask():
    form = AskForm()

    def ask_for_link():
        if not form.website.data:
            services.request_link(form.email.data, language=str(get_locale()))

    return handle_form(form, ask_for_link, page=lambda status: render_template("mycases/ask.html", form=form),
                       done=lambda _result: redirect(url_for("mycases.sent")))


@bp.get("/sent")
def sent():
    return render_template("mycases/sent.html")


@bp.get("/<token>")
def listing(token: str):
    cases = services.cases_for(token)
    now, calendar = utcnow(), load_calendar()
    rows = [(case, deadlines.deadline_state(case, now, calendar)) for case in cases]
    return render_template("mycases/listing.html", rows=rows)
