"""Commitments' pages under /dialogues/commitments/: a unit's open promises, oldest first with how long each is
overdue; one commitment with its progress; and the forms that make a commitment and report on it."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from portal.core.i18n import _
from portal.core.pages import form_page, form_route
from portal.core.timeutil import local_date, utcnow
from portal.dialogues import commitments as services
from portal.dialogues.forms import CommitmentForm, UpdateForm
from portal.dialogues.services import check_may_keep_minutes, get_session
from portal.extensions import db
from portal.units.models import Unit
from portal.units.services import get_unit_by_code

bp = Blueprint("commitments", __name__, url_prefix="/dialogues/commitments")


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", "")[:32])
    today = local_date(utcnow())
    return render_template("dialogues/commitments.html", unit=unit, today=today,
                           commitments=services.commitments_of(unit, today, open_only=True))


@bp.get("/<int:commitment_id>")
def show(commitment_id: int):
    commitment = services.get_commitment(commitment_id)
    reporter = current_user.is_authenticated and services.may_report_on(current_user, commitment)
    return render_template("dialogues/commitment.html", commitment=commitment, today=local_date(utcnow()),
                           reporter=reporter)


def _responsible_choices(unit: Unit) -> list[SelectChoice]:
    """The unit itself, the units above it, the bodies and villages below it and beside it."""
    near = [unit, *unit.ancestors()]
    for parent in (unit, unit.parent):
        if parent is not None:
            near += [child for child in db.session.scalars(
                db.select(Unit).where(Unit.parent_id == parent.id, Unit.dissolved_on.is_(None))
                .order_by(Unit.name).limit(100))]
    return [SelectChoice(each.code, each.name) for each in dict.fromkeys(near)]


@form_route(bp, "/new/<int:session_id>")
def new(session_id: int):
    session = get_session(session_id)
    check_may_keep_minutes(current_user, session)
    form = CommitmentForm()
    form.responsible.choices = [SelectChoice("", _("Choose the body")), *_responsible_choices(session.unit)]

    return form_page(
        form, lambda: services.add_commitment(session, current_user, form.text.data, form.responsible.data,
                                              form.due_on.data, now=utcnow()),
        template="dialogues/new_commitment.html", session=session,
        message=_("The commitment is recorded and will be followed until it is kept."),
        to=url_for("dialogues.show", session_id=session.id, _anchor="commitments"),
    )


@form_route(bp, "/<int:commitment_id>/update")
def update(commitment_id: int):
    commitment = services.get_commitment(commitment_id)
    services.check_may_report_on(current_user, commitment)
    form = UpdateForm()
    if request.method == "GET":
        form.reported_on.data = local_date(utcnow())

    return form_page(
        form, lambda: services.post_update(
            commitment, services.NewUpdate(form.reported_on.data, form.text.data, form.outcome.data or ""),
            current_user, now=utcnow()),
        template="dialogues/update.html", commitment=commitment, message=_("The update is published."),
        to=url_for("commitments.show", commitment_id=commitment.id),
    )
