"""/routing: administrators keep the rules that send each kind of case to the responsible unit, and test them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.core.errors import InvalidInput
from portal.core.forms import form_view, handle_form
from portal.core.i18n import _
from portal.extensions import db
from portal.routing import services
from portal.routing.forms import RouteTestForm, RuleForm, UnitFinderForm
from portal.units.services import search_units

bp = Blueprint("routing", __name__, url_prefix="/routing")
FINDER_LIMIT = 20


def _render(rule_form: RuleForm):
    test_form = RouteTestForm(request.args, prefix="test")
    explanation = None
    if "test-kind" in request.args and test_form.validate():
        try:
            explanation = services.explain_route(
                current_user, test_form.kind.data, test_form.field.data, test_form.place.data
            )
        except InvalidInput as error:
            test_form.place.errors.append(str(error))
    finder = UnitFinderForm(request.args)
    found = search_units(finder.q.data, limit=FINDER_LIMIT) if finder.q.data and finder.validate() else None
    rules = services.list_rules(current_user)
    page = render_template(
        "routing/index.html",
        rules=[(rule, services.may_manage_rule_for(current_user, rule.area)) for rule in rules],
        rule_form=rule_form,
        test_form=test_form,
        explanation=explanation,
        finder=finder,
        found=found,
        finder_limit=FINDER_LIMIT,
    )
    return page


@bp.get("/")
@login_required
def index():
    return _render(RuleForm(formdata=None))


@bp.post("/rules")
@form_view
@login_required
def add():
    form = RuleForm()

    def done(_result):
        flash(_("The routing rule has been added. New cases follow it from now on."), "success")
        return redirect(url_for("routing.index"))

    def add_rule():
        data = services.NewRule(form.kind.data or "", form.field.data or "", form.area_code.data or "",
                                form.target_code.data)
        services.add_rule(current_user, data)

    return handle_form(form, add_rule, page=lambda status: _render(form), done=done)


@bp.post("/rules/<int:rule_id>/delete")
@login_required
def delete(rule_id: int):
    services.delete_rule(current_user, rule_id)
    db.session.commit()
    flash(_("The routing rule has been deleted. Cases already received stay where they are."), "success")
    return redirect(url_for("routing.index"))
