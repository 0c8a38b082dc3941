"""/audit: the append-only log, read-only, for administrators. There is no edit or delete anywhere."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.audit import services
from portal.audit.forms import AuditFilterForm
from portal.core.i18n import _

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@login_required
def index():
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", _("Any action")),
        *(SelectChoice(action, services.action_title(action)) for action in services.known_actions(current_user)),
    ]
    events, next_id = [], None
    if form.validate():
        criteria = services.AuditFilter(
            action=form.action.data or "",
            actor_email=form.actor.data or "",
            unit_code=form.unit.data or "",
            date_from=form.date_from.data,
            date_to=form.date_to.data,
            before_id=request.args.get("before", type=int),
        )
        events, next_id = services.list_events(current_user, criteria)
    return render_template(
        "audit/index.html",
        form=form,
        events=events,
        next_id=next_id,
        actors=services.actors_by_id(events),
        units=services.units_by_id(events),
        action_title=services.action_title,
    )
