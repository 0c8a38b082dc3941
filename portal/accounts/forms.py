from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from portal.accounts.models import Role
from portal.accounts.passwords import MAX_PASSWORD_LENGTH
from portal.accounts.services import FULL_NAME_MISSING, FULL_NAME_TOO_LONG, MAX_FULL_NAME
from portal.core.forms import BaseForm, QueryForm, optional_text, required_text
from portal.core.i18n import _l
from portal.core.text import MAX_EMAIL

EMAIL_TOO_LONG = _l("Enter an email address of at most 254 characters.")


class LoginForm(BaseForm):
    email = required_text(_l("Email address"), missing=_l("Enter your email address."), limit=MAX_EMAIL,
                          too_long=EMAIL_TOO_LONG, field_class=EmailField)
    password = required_text(_l("Password"), missing=_l("Enter your password."), limit=MAX_PASSWORD_LENGTH,
                             too_long=_l("Enter at most 1024 characters."), field_class=PasswordField)


class CodeForm(BaseForm):
    code = required_text(
        _l("6-digit code"),
        description=_l("Open your authenticator app and enter the code it shows for this portal."),
        missing=_l("Enter the 6-digit code from your app."), limit=10,
        too_long=_l("Enter the 6-digit code from your app."), field_class=StringField,
    )


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few words you will remember make a good password."),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(min=12, max=1024, message=_l("Choose a password of at least 12 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("password", message=_l("The two passwords are different. Enter the same password twice.")),
        ],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])


def _role_choices():
    return [SelectChoice(role.value, role.title) for role in Role]


def _unit_code_field():
    return StringField(
        _l("Unit code"),
        description=_l(
            "The code shown on the unit's page, for example 15271. Leave empty only for a whole-site administrator."
        ),
        validators=[Optional(), Length(max=32, message=_l("Enter a unit code of at most 32 characters."))],
    )


def _role_field():
    return SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired(_l("Choose a role."))])


class RoleForm(BaseForm):
    unit_code = _unit_code_field()
    role = _role_field()


class InviteForm(BaseForm):
    """Fields in the order of the page, so the error summary lists them in that order too."""

    full_name = required_text(_l("Full name"), missing=FULL_NAME_MISSING, limit=MAX_FULL_NAME,
                              too_long=FULL_NAME_TOO_LONG, field_class=StringField)
    email = required_text(_l("Email address"), missing=_l("Enter the official's email address."), limit=MAX_EMAIL,
                          too_long=EMAIL_TOO_LONG, field_class=EmailField)
    unit_code = _unit_code_field()
    role = _role_field()


class OfficialFilterForm(QueryForm):
    q = optional_text(_l("Name or email"), limit=100, too_long=_l("Enter at most 100 characters."))
    unit = optional_text(_l("Unit code"), limit=32, too_long=_l("Enter at most 32 characters."))
    role = SelectField(
        _l("Role"), choices=lambda: [SelectChoice("", _l("Any role")), *_role_choices()], validators=[Optional()]
    )
