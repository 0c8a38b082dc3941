from wtforms import IntegerField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import Optional

from portal.core.forms import BaseForm
from portal.core.i18n import _l
from portal.reception.models import DayOffRule, Recurrence

WEEKDAYS = [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday")]


class ScheduleForm(BaseForm):
    recurrence = SelectField(
        _l("How often"),
        choices=[SelectChoice("", _l("Choose how often")),
                 *(SelectChoice(each.value, each.title) for each in Recurrence)],
    )
    day_of_month = IntegerField(_l("Day of the month (for a monthly schedule)"), validators=[Optional()],
                                description=_l("In a shorter month, the last day of the month."))
    weekday = SelectField(_l("Day of the week (for a weekly schedule)"),
                          choices=[SelectChoice("", _l("Choose the day")),
                                   *(SelectChoice(str(number), name) for number, name in enumerate(WEEKDAYS))])
    starts = TimeField(_l("From"), validators=[Optional()])
    ends = TimeField(_l("Until"), validators=[Optional()])
    place = StringField(_l("Place"), description=_l("For example the reception room of the commune office."))
    receiver = StringField(_l("Who receives citizens"), description=_l("For example the chair of the People's "
                                                                       "Committee."))
    day_off_rule = SelectField(
        _l("When the day is a day off"),
        choices=[SelectChoice(each.value, each.title) for each in DayOffRule],
    )
