from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Optional

from portal.core.forms import BaseForm
from portal.core.i18n import _l


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(_l("Official's email address"), validators=[Optional()])
    unit = StringField(_l("Unit code"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    before = IntegerField(validators=[Optional()], render_kw={"hidden": True})
