from wtforms import BooleanField, DateField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from portal.core.forms import BaseForm
from portal.core.i18n import _l


class ProgressForm(BaseForm):
    reported_on = DateField(
        _l("Date of the progress"), validators=[InputRequired(message=_l("Enter the date of the progress."))]
    )
    text = TextAreaField(_l("What was done"), validators=[DataRequired(message=_l("Describe what was done."))])
    percent = IntegerField(
        _l("Percent done (optional)"),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))],
    )
    is_done = BooleanField(_l("The task is done"))
