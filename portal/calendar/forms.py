from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from portal.calendar.services import (
    DAY_KIND_MISSING,
    DAYS_OUT_OF_RANGE,
    MAX_NOTE_LENGTH,
    MAX_PERIOD_DAYS,
    NOTE_MISSING,
    NOTE_TOO_LONG,
)
from portal.core.calendar import DayKind, PeriodUnit
from portal.core.forms import DATE_FORMATS, BaseForm, WholeNumberField
from portal.core.i18n import _l


class DeadlineForm(BaseForm):
    """The deadline calculator: a GET form anyone may use."""

    class Meta:
        csrf = False

    start = DateField(
        _l("Date of the event"),
        format=DATE_FORMATS,
        description=_l("For example the day a petition was received. The period starts the next day."),
        validators=[DataRequired(_l("Enter the date of the event, for example 13/02/2026."))],
    )
    amount = WholeNumberField(
        _l("Length of the period"),
        validators=[
            InputRequired(_l("Enter the length of the period as a number.")),
            NumberRange(
                min=1, max=MAX_PERIOD_DAYS, message=DAYS_OUT_OF_RANGE
            ),
        ],
    )
    # The two choice fields below share a shape only: a period's counting rule and a declared day's kind.
    unit = SelectField(
        _l("Counted in"),
        choices=[
            SelectChoice(PeriodUnit.working_days.value, _l("working days")),
            SelectChoice(PeriodUnit.calendar_days.value, _l("days (calendar days)")),
        ],
        validate_choice=False,
        validators=[AnyOf([unit.value for unit in PeriodUnit], message=_l("Choose how the period is counted."))],
    )


class DeclareDayForm(BaseForm):
    day = DateField(
        _l("Date"), format=DATE_FORMATS, validators=[DataRequired(_l("Enter the date, for example 22/08/2026."))]
    )
    kind = RadioField(
        _l("The day becomes"),
        choices=[
            SelectChoice(DayKind.day_off.value, _l("a day off")),
            SelectChoice(DayKind.working_day.value, _l("a make-up working day")),
        ],
        validate_choice=False,
        validators=[
            AnyOf([kind.value for kind in DayKind], message=DAY_KIND_MISSING)
        ],
    )
    note = StringField(
        _l("Reason"),
        description=_l("For example: Decision of the Prime Minister moving the working day."),
        validators=[
            DataRequired(NOTE_MISSING),
            Length(
                max=MAX_NOTE_LENGTH,
                message=NOTE_TOO_LONG,
            ),
        ],
    )
