"""The form for a new legal period; the checkbox only confirms a check against the law, it changes no rule."""

from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.cases.models import PeriodCondition, PeriodSubject, Step
from portal.core.calendar import PeriodUnit
from portal.core.forms import DATE_FORMATS, BaseForm, WholeNumberField
from portal.core.i18n import _l
from portal.periods.services import MAX_AMOUNT, MAX_LEGAL_BASIS, MAX_TIMES


class PeriodForm(BaseForm):
    kind = SelectField(
        _l("Kind of case"),
        choices=lambda: [SelectChoice(kind.value, kind.title) for kind in PeriodSubject],
        validators=[DataRequired(_l("Choose the kind of case from the list."))],
        invalid_choice_message=_l("Choose the kind of case from the list."),
    )
    step = SelectField(
        _l("Step"),
        choices=lambda: [SelectChoice(step.value, step.title) for step in Step],
        validators=[DataRequired(_l("Choose the step from the list."))],
        invalid_choice_message=_l("Choose the step from the list."),
    )
    amount = WholeNumberField(
        _l("Length of the period"),
        validators=[
            InputRequired(_l("Enter the length of the period as a number.")),
            NumberRange(min=1, max=MAX_AMOUNT, message=_l("Enter a number from 1 to %(count)d.", count=MAX_AMOUNT)),
        ],
    )
    period_unit = SelectField(
        _l("Counted in"),
        choices=[
            SelectChoice(PeriodUnit.working_days.value, _l("working days")),
            SelectChoice(PeriodUnit.calendar_days.value, _l("days (calendar days)")),
        ],
        validators=[DataRequired(_l("Choose how the period is counted."))],
        invalid_choice_message=_l("Choose how the period is counted."),
    )
    max_times = WholeNumberField(
        _l("How many times"),
        description=_l("For extensions and reopening: how many times the law allows it. Otherwise 1."),
        default=1,
        validators=[
            InputRequired(_l("Enter how many times the step may be used.")),
            NumberRange(min=1, max=MAX_TIMES, message=_l("Enter a number from 1 to %(count)d.", count=MAX_TIMES)),
        ],
    )
    condition = SelectField(
        _l("Applies"),
        choices=lambda: [SelectChoice(condition.value, condition.title) for condition in PeriodCondition],
        default=PeriodCondition.general.value,
        validators=[DataRequired(_l("Choose when the period applies from the list."))],
        invalid_choice_message=_l("Choose when the period applies from the list."),
    )
    effective_from = DateField(
        _l("In force from"),
        format=DATE_FORMATS,
        description=_l("For example 01/07/2026. It must be later than the current rule's date."),
        validators=[DataRequired(_l("Enter the date the rule takes effect, for example 01/07/2026."))],
    )
    unit_code = StringField(
        _l("Code of the unit"),
        description=_l("Only for a unit's own period, such as a remote commune's. Leave empty for a national rule."),
        validators=[Optional(), Length(max=32, message=_l("A unit code has at most 32 characters."))],
    )
    legal_basis = StringField(
        _l("Legal basis"),
        description=_l("The law, decree or local decision and its article, for example: Luật Khiếu nại 02/2011/QH13, "
                       "Điều 28."),
        validators=[
            DataRequired(_l("Enter the legal basis: the law or decision and its article.")),
            Length(max=MAX_LEGAL_BASIS,
                   message=_l("Enter a legal basis of at most %(count)d characters.", count=MAX_LEGAL_BASIS)),
        ],
    )
    legal_basis_en = StringField(
        _l("Legal basis in English"),
        description=_l("Shown on English pages, for example: Law on Complaints 02/2011/QH13, Art. 28."),
        validators=[
            Optional(),
            Length(max=MAX_LEGAL_BASIS,
                   message=_l("Enter a legal basis of at most %(count)d characters.", count=MAX_LEGAL_BASIS)),
        ],
    )
    is_verified = BooleanField(_l("I have checked this period against the text of the law."))
