from wtforms import RadioField, SelectChoice, StringField

from portal.calendar.services import (
    DAY_KIND_MISSING,
    DAYS_OUT_OF_RANGE,
    MAX_NOTE_LENGTH,
    MAX_PERIOD_DAYS,
    NOTE_MISSING,
    NOTE_TOO_LONG,
)
from portal.core.calendar import DayKind, PeriodUnit
from portal.core.forms import (
    BaseForm,
    QueryForm,
    enum_choices,
    required_choice,
    required_date,
    required_number,
    required_text,
)
from portal.core.i18n import _l


class DeadlineForm(QueryForm):
    """The deadline calculator: a GET form anyone may use."""

    start = required_date(
        _l("Date of the event"), _l("Enter the date of the event, for example 13/02/2026."),
        description=_l("For example the day a petition was received. The period starts the next day."),
    )
    amount = required_number(_l("Length of the period"), _l("Enter the length of the period as a number."),
                             maximum=MAX_PERIOD_DAYS, out_of_range=DAYS_OUT_OF_RANGE)
    unit = required_choice(_l("Counted in"), enum_choices(PeriodUnit), _l("Choose how the period is counted."))


class DeclareDayForm(BaseForm):
    day = required_date(_l("Date"), _l("Enter the date, for example 22/08/2026."))
    kind = required_choice(
        _l("The day becomes"),
        [SelectChoice(DayKind.day_off.value, _l("a day off")),
         SelectChoice(DayKind.working_day.value, _l("a make-up working day"))],
        DAY_KIND_MISSING, field_class=RadioField,
    )
    note = required_text(
        _l("Reason"), description=_l("For example: Decision of the Prime Minister moving the working day."),
        missing=NOTE_MISSING, limit=MAX_NOTE_LENGTH, too_long=NOTE_TOO_LONG, field_class=StringField,
    )
