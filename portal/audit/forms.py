from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from portal.core.forms import DATE_FORMATS, QueryForm
from portal.core.guard import SaneDate
from portal.core.i18n import _l


class AuditFilterForm(QueryForm):
    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(
        _l("Official's email address"),
        validators=[Optional(), Length(max=254, message=_l("Enter an email address of at most 254 characters."))],
    )
    unit = StringField(
        _l("Unit code"),
        validators=[Optional(), Length(max=32, message=_l("Enter a unit code of at most 32 characters."))],
    )
    date_from = DateField(
        _l("From"),
        format=DATE_FORMATS,
        validators=[Optional(), SaneDate()],
        invalid_value_message=_l("Enter the first day as dd/mm/yyyy, for example 01/03/2026."),
    )
    date_to = DateField(
        _l("To"),
        format=DATE_FORMATS,
        validators=[Optional(), SaneDate()],
        invalid_value_message=_l("Enter the last day as dd/mm/yyyy, for example 31/03/2026."),
    )

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Enter a last day that is not before the first day."))
