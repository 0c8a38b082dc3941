from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from portal.accounts.models import ROLE_TITLES, Role
from portal.accounts.services import FULL_NAME_MISSING, FULL_NAME_TOO_LONG, MAX_FULL_NAME
from portal.core.forms import BaseForm
from portal.core.i18n import _l


class LoginForm(BaseForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("Enter an email address of at most 254 characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=1024, message=_l("Enter at most 1024 characters.")),
        ],
    )


class CodeForm(BaseForm):
    code = StringField(
        _l("6-digit code"),
        description=_l("Open your authenticator app and enter the code it shows for this portal."),
        validators=[
            DataRequired(_l("Enter the 6-digit code from your app.")),
            Length(max=10, message=_l("Enter the 6-digit code from your app.")),
        ],
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
    return [SelectChoice(role.value, ROLE_TITLES[role]) for role in Role]


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

    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(FULL_NAME_MISSING),
            Length(max=MAX_FULL_NAME, message=FULL_NAME_TOO_LONG),
        ],
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter the official's email address.")),
            Length(max=254, message=_l("Enter an email address of at most 254 characters.")),
        ],
    )
    unit_code = _unit_code_field()
    role = _role_field()


class OfficialFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Name or email"), validators=[Optional(), Length(max=100, message=_l("Enter at most 100 characters."))]
    )
    unit = StringField(
        _l("Unit code"), validators=[Optional(), Length(max=32, message=_l("Enter at most 32 characters."))]
    )
    role = SelectField(
        _l("Role"), choices=lambda: [SelectChoice("", _l("Any role")), *_role_choices()], validators=[Optional()]
    )
