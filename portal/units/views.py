"""/units: find a unit, read its page, and (administrators) add, edit and import units."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.accounts.access import is_site_admin
from portal.core.errors import InvalidInput, NotAllowed
from portal.core.i18n import _
from portal.extensions import db
from portal.units import services
from portal.units.forms import UnitForm, UnitSearchForm
from portal.units.importer import import_official_units
from portal.units.models import BodyType, UnitKind

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.get("/")
def index():
    form = UnitSearchForm(request.args)
    results = services.search_units(form.q.data or "") if form.validate() and form.q.data else None
    return render_template(
        "units/index.html",
        form=form,
        results=results,
        provinces=services.list_provinces(),
        may_import=is_site_admin(current_user, whole_site=True),
    )


@bp.get("/<code>")
def show(code: str):
    unit = services.get_unit_by_code(code)
    return render_template(
        "units/show.html",
        unit=unit,
        children=services.list_children(unit),
        may_administer=services.may_administer_unit(current_user, unit),
    )


def _unit_data(form: UnitForm) -> services.UnitData:
    return services.UnitData(
        kind=UnitKind(form.kind.data),
        name=form.name.data,
        parent_code=form.parent_code.data or None,
        body_type=BodyType(form.body_type.data) if form.body_type.data else None,
        division_type=form.division_type.data or "",
        dissolved_on=form.dissolved_on.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = UnitForm(parent_code=request.args.get("parent", ""))
    if form.validate_on_submit():
        try:
            unit = services.create_unit(current_user, _unit_data(form))
        except InvalidInput as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The unit has been added."), "success")
            return redirect(url_for("units.show", code=unit.code))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@login_required
def edit(code: str):
    unit = services.get_unit_by_code(code)
    if not services.may_administer_unit(current_user, unit):
        raise NotAllowed(_("You may only change the units you administer."))
    form = UnitForm(obj=unit, parent_code=unit.parent.code if unit.parent else "")
    if request.method == "GET":
        form.kind.data, form.body_type.data = unit.kind.value, unit.body_type.value if unit.body_type else ""
    if form.validate_on_submit():
        try:
            services.update_unit(current_user, unit, _unit_data(form))
        except InvalidInput as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The unit has been saved."), "success")
            return redirect(url_for("units.show", code=unit.code))
    return render_template("units/form.html", form=form, unit=unit)


@bp.post("/import")
@login_required
def import_units():
    if not is_site_admin(current_user, whole_site=True):
        raise NotAllowed(_("Only a site administrator may import the official list of units."))
    result = import_official_units(actor=current_user)
    db.session.commit()
    flash(
        _(
            "Imported %(provinces)d provinces and %(communes)d communes: %(created)d new, %(updated)d updated.",
            provinces=result.provinces,
            communes=result.communes,
            created=result.created,
            updated=result.updated,
        ),
        "success",
    )
    return redirect(url_for("units.index"))
