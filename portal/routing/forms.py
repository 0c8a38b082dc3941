"""The routing page's forms: a new rule, the route tester and the unit finder (units are chosen by code, found by
name with the finder, so the page works without JavaScript)."""

from wtforms import SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.cases.models import CaseField, CaseKind
from portal.core.forms import BaseForm, QueryForm
from portal.core.i18n import _l

CODE_LENGTH = Length(max=32, message=_l("A unit code has at most 32 characters. Copy it from the list of units found."))


def _enum_field(label, values, first_label, *, validators, invalid_choice_message):
    """A choice among a kind or field of case, after a first empty choice that says what leaving it means."""
    return SelectField(
        label,
        choices=lambda: [SelectChoice("", first_label), *(SelectChoice(each.value, each.title) for each in values)],
        validators=validators,
        invalid_choice_message=invalid_choice_message,
    )


class RuleForm(BaseForm):
    kind = _enum_field(_l("Kind of case"), CaseKind, _l("Any kind"), validators=[Optional()],
                       invalid_choice_message=_l("Choose a kind of case from the list, or any kind."))
    field = _enum_field(_l("Field"), CaseField, _l("Any field"), validators=[Optional()],
                        invalid_choice_message=_l("Choose a field from the list, or any field."))
    area_code = StringField(
        _l("Code of the area"),
        description=_l("The rule applies to places inside this unit. Leave empty for everywhere."),
        validators=[Optional(), CODE_LENGTH],
    )
    target_code = StringField(
        _l("Code of the responsible unit"),
        description=_l("The unit that receives these cases, for example an office of the People's Committee."),
        validators=[DataRequired(_l("Enter the code of the unit that should receive these cases.")), CODE_LENGTH],
    )


class RouteTestForm(QueryForm):
    """A GET form: the answer has an address an administrator can send to a colleague."""

    kind = _enum_field(_l("Kind of case"), CaseKind, _l("Choose a kind"),
                       validators=[DataRequired(_l("Choose the kind of case to test."))],
                       invalid_choice_message=_l("Choose a kind of case from the list."))
    field = _enum_field(_l("Field"), CaseField, _l("Choose a field"),
                        validators=[DataRequired(_l("Choose the field to test."))],
                        invalid_choice_message=_l("Choose a field from the list."))
    place = StringField(
        _l("Code of the place"),
        description=_l("The commune, ward or village where the matter happened."),
        validators=[DataRequired(_l("Enter the code of the place to test.")), CODE_LENGTH],
    )


class UnitFinderForm(QueryForm):
    q = SearchField(
        _l("Find a unit's code by its name"),
        description=_l("For example: Tân Trung, or tan trung without accents."),
        validators=[Optional(), Length(max=100, message=_l("Enter at most 100 characters."))],
    )


class EscalationForm(BaseForm):
    province_code = StringField(
        _l("Code of the province"),
        validators=[DataRequired(_l("Enter the code of the province.")), CODE_LENGTH],
    )
    unit_code = StringField(
        _l("Code of the escalation unit"),
        description=_l("The unit of the province that receives cases nobody where they were sent can act on, for "
                       "example the provincial department that took over a district's work."),
        validators=[DataRequired(_l("Enter the code of the unit that should receive these cases.")), CODE_LENGTH],
    )


class StaffingForm(QueryForm):
    """A GET form: the province whose communes are listed."""

    province = SelectField(
        _l("Province"),
        validators=[DataRequired(_l("Choose a province."))],
        invalid_choice_message=_l("Choose a province from the list."),
    )
