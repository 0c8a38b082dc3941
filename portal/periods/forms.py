"""The form for a new legal period; the checkbox only confirms a check against the law, it changes no rule."""

from wtforms import BooleanField, StringField

from portal.core.calendar import PeriodUnit
from portal.core.forms import (
    BaseForm,
    enum_choices,
    optional_text,
    required_choice,
    required_date,
    required_number,
    required_text,
)
from portal.core.i18n import _l
from portal.periods.models import PeriodCondition, PeriodSubject, Step
from portal.periods.services import MAX_AMOUNT, MAX_LEGAL_BASIS, MAX_TIMES

LEGAL_BASIS_TOO_LONG = _l("Enter a legal basis of at most %(count)d characters.", count=MAX_LEGAL_BASIS)


class PeriodForm(BaseForm):
    kind = required_choice(_l("Kind of case"), lambda: enum_choices(PeriodSubject),
                           _l("Choose the kind of case from the list."))
    step = required_choice(_l("Step"), lambda: enum_choices(Step), _l("Choose the step from the list."))
    amount = required_number(
        _l("Length of the period"), _l("Enter the length of the period as a number."),
        maximum=MAX_AMOUNT, out_of_range=_l("Enter a number from 1 to %(count)d.", count=MAX_AMOUNT),
    )
    period_unit = required_choice(_l("Counted in"), enum_choices(PeriodUnit), _l("Choose how the period is counted."))
    max_times = required_number(
        _l("How many times"), _l("Enter how many times the step may be used."),
        description=_l("For extensions and reopening: how many times the law allows it. Otherwise 1."), default=1,
        maximum=MAX_TIMES, out_of_range=_l("Enter a number from 1 to %(count)d.", count=MAX_TIMES),
    )
    condition = required_choice(_l("Applies"), lambda: enum_choices(PeriodCondition),
                                _l("Choose when the period applies from the list."),
                                default=PeriodCondition.general.value)
    effective_from = required_date(
        _l("In force from"), _l("Enter the date the rule takes effect, for example 01/07/2026."),
        description=_l("For example 01/07/2026. It must be later than the current rule's date."),
    )
    unit_code = optional_text(
        _l("Code of the unit"),
        description=_l("Only for a unit's own period, such as a remote commune's. Leave empty for a national rule."),
        limit=32, too_long=_l("A unit code has at most 32 characters."),
    )
    legal_basis = required_text(
        _l("Legal basis"),
        description=_l("The law, decree or local decision and its article, for example: Luật Khiếu nại 02/2011/QH13, "
                       "Điều 28."),
        missing=_l("Enter the legal basis: the law or decision and its article."),
        limit=MAX_LEGAL_BASIS, too_long=LEGAL_BASIS_TOO_LONG, field_class=StringField,
    )
    legal_basis_en = optional_text(
        _l("Legal basis in English"),
        description=_l("Shown on English pages, for example: Law on Complaints 02/2011/QH13, Art. 28."),
        limit=MAX_LEGAL_BASIS, too_long=LEGAL_BASIS_TOO_LONG,
    )
    is_verified = BooleanField(_l("I have checked this period against the text of the law."))
