"""/my-cases: a citizen lists every case they submitted with their email, through a link mailed to them."""

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale

from portal.cases import services as case_services
from portal.core.calendar import load_calendar
from portal.core.errors import InvalidInput
from portal.core.timeutil import utcnow
from portal.extensions import db, limiter
from portal.mycases import services
from portal.mycases.forms import AskForm

bp = Blueprint("mycases", __name__, url_prefix="/my-cases")


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("5 per minute; 30 per day", methods=["POST"])
def ask():
    form = AskForm()
    if form.validate_on_submit():
        if form.website.data:
            return redirect(url_for("mycases.sent"))
        try:
            services.request_link(form.email.data, language=str(get_locale()))
        except InvalidInput as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("mycases.sent"))
    return render_template("mycases/ask.html", form=form)


@bp.get("/sent")
def sent():
    return render_template("mycases/sent.html")


@bp.get("/<token>")
def listing(token: str):
    cases = services.cases_for(token)
    now, calendar = utcnow(), load_calendar()
    rows = [(case, case_services.deadline_state(case, now, calendar)) for case in cases]
    return render_template("mycases/listing.html", rows=rows)
