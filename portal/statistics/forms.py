"""The year chooser of the statistics page."""

from wtforms import IntegerField
from wtforms.validators import DataRequired, NumberRange

from portal.core.forms import BaseForm
from portal.core.i18n import _l


class YearForm(BaseForm):
    """The year of the statistics: a GET form."""

    class Meta:
        csrf = False

    year = IntegerField(
        _l("Year"),
        validators=[
            DataRequired(_l("Enter a year from 2000 to 2100.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year from 2000 to 2100.")),
        ],
    )
