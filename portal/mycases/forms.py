from wtforms import EmailField
from wtforms.validators import InputRequired, Length

from portal.core.forms import PublicForm
from portal.core.i18n import _l


class AskForm(PublicForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter the email address you gave when you submitted.")),
            Length(max=254, message=_l("Enter an email address of at most 254 characters.")),
        ],
    )
