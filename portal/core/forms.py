"""The base form every form inherits: whitespace stripped and CSRF on."""

from flask_wtf import FlaskForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=(_strip, *filters), **options)
