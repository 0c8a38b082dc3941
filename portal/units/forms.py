from wtforms import SearchField
from wtforms.validators import Length, Optional

from portal.core.forms import BaseForm
from portal.core.i18n import _l


class UnitSearchForm(BaseForm):
    """The commune finder: a GET form, so results have a shareable address."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Name of your commune, ward or agency"),
        description=_l("For example: Tân Trung, or tan trung without accents."),
        validators=[Optional(), Length(max=100, message=_l("Enter at most 100 characters."))],
    )
