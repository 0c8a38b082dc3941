"""The year chooser of the statistics page."""

from portal.core.forms import QueryForm, required_year_field
from portal.core.i18n import _l


class YearForm(QueryForm):
    """The year of the statistics: a GET form."""

    year = required_year_field(2000, _l("Enter a year from 2000 to 2100."))
