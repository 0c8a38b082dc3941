"""/units: find a unit, read its page, and (administrators) add, edit and import units."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from portal.accounts.access import is_site_admin
from portal.core.httpcache import kept_for_readers, public_page
from portal.core.i18n import _
from portal.core.pages import acted, data_from, form_page, form_route
from portal.units import services
from portal.units.forms import CommuneFinderForm, SuccessorsForm, UnitForm
from portal.units.importer import import_official_units
from portal.units.models import BodyType, UnitKind

bp = Blueprint("units", __name__, url_prefix="/units")

# What is usually added by hand below each kind: communes come from the official list, so under a province
# it is a historical district; below a commune, a village where notices are posted.
LIKELY_CHILD_KIND = {
    None: UnitKind.province,
    UnitKind.province: UnitKind.district,
    UnitKind.district: UnitKind.commune,
    UnitKind.commune: UnitKind.village,
    UnitKind.village: UnitKind.body,
    UnitKind.body: UnitKind.body,
}
# A refusal after the form was filled in is shown in the form, so what the administrator typed is kept.


@bp.get("/")
def index():
    form = CommuneFinderForm(request.args)
    searched = bool(form.q.data)
    results = services.search_units(form.q.data) if searched and form.validate() else None
    return render_template(
        "units/index.html",
        form=form,
        results=results,
        successions=services.successors_by_unit(results or []),
        limit=services.SEARCH_LIMIT,
        provinces=[] if searched else services.list_provinces(),
        may_import=is_site_admin(current_user, whole_site=True),
    )


@bp.get("/<code>")
@kept_for_readers(services.unit_content)
def show(code: str):
    unit = services.get_unit_by_code(code)
    ancestors = list(reversed(unit.ancestors()))
    children = services.list_children(unit)
    successions = services.successions_of(unit) if unit.is_historical else []
    predecessions = services.predecessions_of(unit)
    shown = [
        [_shown(u) for u in (unit, *ancestors)],
        [_shown(child) for members in children.values() for child in members],
        [(_shown(row.successor), row.effective_on) for row in successions],
        [(_shown(row.predecessor), row.effective_on) for row in predecessions],
    ]
    return public_page(
        lambda: render_template(
            "units/show.html",
            unit=unit,
            ancestors=ancestors,
            children=children,
            successions=successions,
            predecessions=predecessions,
            may_add=services.may_add_to(current_user, unit),
            may_edit=services.may_edit_unit(current_user, unit),
            may_edit_successors=unit.is_historical and services.may_edit_successors(current_user, unit),
        ),
        shown,
    )


def _shown(unit) -> tuple:
    """What a unit's page shows of it and of the units around it, for the page's ETag."""
    return (unit.code, unit.name, unit.kind, unit.body_type, unit.division_type, unit.dissolved_on)


def _page_of(unit) -> str:
    return url_for("units.show", code=unit.code)


def _unit_data(form: UnitForm) -> services.NewUnit:
    return data_from(form, services.NewUnit, kind=UnitKind(form.kind.data), parent_code=form.parent_code.data or None,
                     body_type=BodyType(form.body_type.data) if form.body_type.data else None,
                     division_type=form.division_type.data or "")


@form_route(bp, "/new")
def new():
    parent = services.get_unit_by_code(request.args["parent"]) if request.args.get("parent") else None
    services.check_may_add_units(current_user, parent)
    form = UnitForm(parent_code=parent.code if parent else "", kind=LIKELY_CHILD_KIND[parent.kind if parent else None])

    return form_page(form, lambda: services.create_unit(current_user, _unit_data(form)),
                     template="units/form.html", unit=None, parent=parent,
                     message=lambda unit: _("The unit %(name)s has been added.", name=unit.name), to=_page_of)


@form_route(bp, "/<code>/edit")
def edit(code: str):
    unit = services.get_unit_by_code(code)
    services.check_may_edit_unit(current_user, unit)
    form = UnitForm(obj=unit, parent_code=unit.parent.code if unit.parent else "")
    if request.method == "GET":
        form.kind.data, form.body_type.data = unit.kind.value, unit.body_type.value if unit.body_type else ""

    return form_page(form, lambda: services.update_unit(current_user, unit, _unit_data(form)),
                     template="units/form.html", unit=unit, parent=unit.parent,
                     message=lambda _result: _("The unit %(name)s has been saved.", name=unit.name),
                     to=lambda _result: _page_of(unit))


@form_route(bp, "/<code>/successors")
def successors(code: str):
    """An administrator adds or corrects which units took over a dissolved one."""
    unit = services.get_unit_by_code(code)
    services.check_may_edit_successors(current_user, unit)
    current = services.successions_of(unit)
    form = SuccessorsForm(
        successor_codes=", ".join(row.successor.code for row in current),
        effective_on=current[0].effective_on if current else unit.dissolved_on,
    )

    return form_page(
        form,
        lambda: services.set_successors(current_user, unit.code, form.successor_codes.data.split(","),
                                        form.effective_on.data),
        template="units/successors.html", unit=unit, successions=current,
        message=_("The units that took over %(name)s have been saved.", name=unit.name), to=_page_of(unit),
    )


@bp.post("/import")
@login_required
def import_units():
    services.check_may_import_units(current_user)
    result = import_official_units(actor=current_user)
    return acted(
        _(
            "Imported %(provinces)d provinces and %(communes)d communes: %(created)d new, %(updated)d updated.",
            provinces=result.provinces,
            communes=result.communes,
            created=result.created,
            updated=result.updated,
        ),
        url_for("units.index"),
    )
