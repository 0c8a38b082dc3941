"""The commune finder, and the administrators' form for historical and custom units."""

from wtforms import BooleanField, DateField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from portal.core.forms import DATE_FORMATS, BaseForm, QueryForm, optional_text, required_text
from portal.core.i18n import _l
from portal.units.models import BodyType, UnitKind
from portal.units.services import (
    DIVISION_TYPE_TOO_LONG,
    MAX_CODE_LENGTH,
    MAX_DIVISION_TYPE_LENGTH,
    MAX_NAME_LENGTH,
    NAME_MISSING,
    NAME_TOO_LONG,
    SUCCESSORS_MISSING,
)


class CommuneFinderForm(QueryForm):
    """The commune finder: a GET form, so results have a shareable address."""

    q = optional_text(_l("Name of your commune, ward or agency"),
                      description=_l("For example: Tân Trung, or tan trung without accents."),
                      limit=100, too_long=_l("Enter at most 100 characters."), field_class=SearchField)


def _kind_choices():
    return [SelectChoice(kind.value, kind.title) for kind in UnitKind]


def _body_type_choices():
    return [SelectChoice("", _l("Not a body")), *(SelectChoice(body.value, body.title) for body in BodyType)]


class UnitForm(BaseForm):
    kind = SelectField(
        _l("Kind of unit"),
        choices=_kind_choices,
        validators=[DataRequired(_l("Choose the kind of unit."))],
        invalid_choice_message=_l("Choose one of the kinds of unit in the list."),
    )
    body_type = SelectField(
        _l("Kind of body"),
        description=_l("Only for a body or office inside a unit, such as the People's Council or the Inspectorate."),
        choices=_body_type_choices,
        validators=[Optional()],
        invalid_choice_message=_l("Choose one of the kinds of body in the list."),
    )
    name = required_text(
        _l("Full name"),
        description=_l("As written in documents, for example: Huyện Minh Long, Phòng Nội vụ, Thôn 1."),
        missing=NAME_MISSING, limit=MAX_NAME_LENGTH, too_long=NAME_TOO_LONG, field_class=StringField,
    )
    division_type = optional_text(
        _l("Division type"),
        description=_l("For example: huyện, thị trấn, thôn, tổ dân phố. May be left empty."),
        limit=MAX_DIVISION_TYPE_LENGTH, too_long=DIVISION_TYPE_TOO_LONG,
    )
    parent_code = optional_text(
        _l("Code of the unit it belongs to"),
        description=_l("Shown on the unit's page. Leave empty only for a province."),
        limit=MAX_CODE_LENGTH, too_long=_l("Enter a unit code of at most 32 characters."),
    )
    dissolved_on = DateField(
        _l("Dissolved on"),
        format=DATE_FORMATS,
        description=_l(
            "For a historical unit, such as a district abolished on 01/07/2025. Leave empty for a current unit."
        ),
        validators=[Optional()],
        invalid_value_message=_l("Enter the date it was dissolved as dd/mm/yyyy, for example 01/07/2025."),
    )
    is_remote_area = BooleanField(
        _l("Remote area with difficult travel"),
        description=_l("Complaints here and in the units inside it get the longer periods the law gives remote areas."),
    )


class SuccessorsForm(BaseForm):
    """The units that took over a dissolved one, by code (found with the search on /units), the first the default."""

    successor_codes = required_text(
        _l("Codes of the units that took it over"),
        description=_l("Separate codes with commas, for example 15271, 15286. Cases go to the first one unless the "
                       "citizen chooses another."),
        missing=SUCCESSORS_MISSING, limit=500, too_long=_l("Enter at most 500 characters."), field_class=StringField,
    )
    effective_on = DateField(
        _l("Took over on"),
        format=DATE_FORMATS,
        validators=[DataRequired(_l("Enter the date from which they took it over, as dd/mm/yyyy."))],
        invalid_value_message=_l("Enter the date as dd/mm/yyyy, for example 01/07/2025."),
    )
