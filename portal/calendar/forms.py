from wtforms import DateField, IntegerField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.core.calendar import DayKind, PeriodUnit
from portal.core.forms import BaseForm
from portal.core.i18n import _l


class DeadlineForm(BaseForm):
    """The deadline calculator: a GET form anyone may use."""

    class Meta:
        csrf = False

    start = DateField(
        _l("Date of the event"),
        description=_l("For example the day a petition was received. The period starts the next day."),
        validators=[DataRequired(_l("Enter the date of the event."))],
    )
    amount = IntegerField(
        _l("Length of the period"),
        validators=[
            InputRequired(_l("Enter the length of the period as a number.")),
            NumberRange(min=1, max=365, message=_l("Enter a number from 1 to 365.")),
        ],
    )
    unit = SelectField(
        _l("Counted in"),
        choices=[
            SelectChoice(PeriodUnit.working_days.value, _l("working days")),
            SelectChoice(PeriodUnit.calendar_days.value, _l("days (calendar days)")),
        ],
        validators=[DataRequired(_l("Choose how the period is counted."))],
    )


class DeclareDayForm(BaseForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date."))])
    kind = RadioField(
        _l("The day becomes"),
        choices=[
            SelectChoice(DayKind.day_off.value, _l("a day off")),
            SelectChoice(DayKind.working_day.value, _l("a make-up working day")),
        ],
        validators=[DataRequired(_l("Choose whether the day is off or a working day."))],
    )
    note = StringField(
        _l("Reason"),
        description=_l("For example: Decision of the Prime Minister moving the working day."),
        validators=[
            DataRequired(_l("Enter the reason, for example the decision that moves the day.")),
            Length(max=200, message=_l("Enter a reason of at most 200 characters.")),
        ],
    )
