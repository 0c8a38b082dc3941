"""The base form every form inherits: whitespace stripped and CSRF on."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from portal.core.i18n import _l


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=(_strip, *filters), **options)


class PublicForm(BaseForm):
    """A form anyone may send: besides CSRF it has a honeypot field, hidden from people, that robots fill in."""

    website = StringField(_l("Leave this field empty"), validators=[Optional()])
