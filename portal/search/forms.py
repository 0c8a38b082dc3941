"""The search form: a GET form, so a search is a link a person can keep, share or follow as a feed."""

from flask_babel import get_locale
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Optional

from portal.core.forms import QueryForm, optional_text, optional_year_field
from portal.core.i18n import _l
from portal.disclosures.lists import active_categories
from portal.search.query import MAX_QUERY_CHARS
from portal.search.sources import SOURCES

STATUS_CHOICES = [
    SelectChoice("", _l("Any status")),
    SelectChoice("posted", _l("Posted")),
    SelectChoice("scheduled", _l("Scheduled")),
    SelectChoice("completed", _l("Completed")),
    SelectChoice("draft", _l("Draft")),
    SelectChoice("answered", _l("Answered")),
    SelectChoice("published", _l("Published")),
]


class SearchForm(QueryForm):
    q = optional_text(_l("Words to look for"),
                      description=_l('Accents optional. Put words in quotes to find them in that order: "đất đai".'),
                      limit=MAX_QUERY_CHARS, too_long=_l("Enter at most 500 characters."), field_class=SearchField)
    kind = SelectField(_l("What to search"), validators=[Optional()])
    category = SelectField(_l("Category of disclosure"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[Optional()])
    year = optional_year_field(1990, _l("Enter a year from 1990 to 2100."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = str(get_locale())
        self.category.choices = [SelectChoice("", _l("Any category")), *(
            SelectChoice(category.code, category.name(language)) for category in active_categories())]
        self.kind.choices = [SelectChoice("", _l("Everything")),
                             *(SelectChoice(source.kind, source.title) for source in SOURCES.values())]
