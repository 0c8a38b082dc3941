"""/routing: administrators keep the rules that send each kind of case to the responsible unit, and test them."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.cases.models import CaseField
from portal.core.errors import Conflict, InvalidInput
from portal.core.forms import handle_form
from portal.core.i18n import _
from portal.core.pages import acted, flash_and_go, form_route
from portal.routing import dispatch, services
from portal.routing.forms import EscalationForm, RouteTestForm, RuleForm, StaffingForm, UnitFinderForm
from portal.units.services import list_provinces, search_units

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
    # Keyword lists like casework's case page and submission's Case(...) by shape only: each names its own things.
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


@form_route(bp, "/rules", methods=["POST"])
def add():
    form = RuleForm()

    def add_rule():
        data = services.NewRule(form.kind.data or "", form.field.data or "", form.area_code.data or "",
                                form.target_code.data)
        services.add_rule(current_user, data)

    return handle_form(form, add_rule, page=lambda status: _render(form),
                       done=flash_and_go(_("The routing rule has been added. New cases follow it from now on."),
                                         url_for("routing.index")))


@bp.post("/rules/<int:rule_id>/delete")
@login_required
def delete(rule_id: int):
    services.delete_rule(current_user, rule_id)
    return acted(_("The routing rule has been deleted. Cases already received stay where they are."),
                 url_for("routing.index"))


@form_route(bp, "/escalation")
def escalation():
    """Per province, the unit that receives the cases nobody where they were sent can act on."""
    services.check_may_administer_routing(current_user)
    form = EscalationForm()

    return handle_form(
        form,
        lambda: dispatch.set_escalation_unit(current_user, form.province_code.data, form.unit_code.data),
        page=lambda status: render_template("routing/escalation.html", form=form,
                                            rows=dispatch.list_escalation_units()),
        done=flash_and_go(lambda row: _("Cases of %(province)s that nobody can act on now go to %(unit)s.",
                                        province=row.province.name, unit=row.unit.name),
                          url_for("routing.escalation")),
    )


@bp.get("/unstaffed")
@login_required
def unstaffed():
    """The communes of a province where a case could wait with nobody to handle it."""
    services.check_may_administer_routing(
        current_user, _("Only site and unit administrators may see where officials are missing."))
    form = StaffingForm(request.args)
    form.province.choices = [SelectChoice("", _("Choose a province"))] + [
        SelectChoice(unit.code, unit.name) for unit in list_provinces()
    ]
    gaps = None
    if "province" in request.args and form.validate():
        try:
            gaps = services.staffing_gaps(current_user, form.province.data)
        except (InvalidInput, Conflict) as error:
            form.province.errors.append(str(error))
    return render_template("routing/unstaffed.html", form=form, gaps=gaps, fields_count=len(CaseField))
