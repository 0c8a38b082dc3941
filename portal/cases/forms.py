"""The citizen's forms: submitting a case, finding it by its code, and acting on it through the private link."""

from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.cases import files as case_files
from portal.cases import lifecycle, submission
from portal.cases.models import CaseField
from portal.core.forms import BaseForm, KeptFilesField, PublicForm, QueryForm, enum_choices, required_text
from portal.core.i18n import _l
from portal.core.text import MAX_EMAIL

# A table of the five answers, like search's list of statuses in shape only.
RATINGS = [
    SelectChoice("5", _l("5: very satisfied")),
    SelectChoice("4", _l("4: satisfied")),
    SelectChoice("3", _l("3: neither satisfied nor unsatisfied")),
    SelectChoice("2", _l("2: unsatisfied")),
    SelectChoice("1", _l("1: very unsatisfied")),
]


def _text(label, limit, *, rows, required=True, minimum=None, **kwargs):
    """A text the service checks (portal.cases); the page marks it required and stops typing at the service's limit."""
    attributes = {"rows": rows, "maxlength": limit}
    attributes |= {"required": True} if required else {}
    attributes |= {"minlength": minimum} if minimum else {}
    return TextAreaField(label, render_kw=attributes, **kwargs)


def _line(label, limit, *, required=False, **kwargs):
    return StringField(label, render_kw={"maxlength": limit, **({"required": True} if required else {})}, **kwargs)


class CaseForm(PublicForm):
    """Every field a case may have; the view removes those the chosen kind does not use. The form checks only what
    each value is: what a submission must hold, and the messages, are portal.cases.submission's."""

    field = SelectField(
        _l("What is it about?"),
        choices=[SelectChoice("", _l("Choose a field")), *enum_choices(CaseField)],
        render_kw={"required": True},
    )
    place = SelectField(_l("Where it happened"), validate_choice=False, render_kw={"required": True})
    title = _line(
        _l("Title"), lifecycle.MAX_TITLE, required=True,
        description=_l("A few words saying what the matter is, for example: Road in Đông village collapsed."),
    )
    description = _text(
        _l("What happened"), lifecycle.MAX_DESCRIPTION, rows=10, minimum=lifecycle.MIN_DESCRIPTION,
        description=_l("Say what happened, where and since when, and what you ask the authority to do."),
    )
    location = _line(
        _l("Exact place (optional)"), submission.MAX_LOCATION,
        description=_l("For example: the road from the cultural house to the pond, near the bridge."),
    )
    files = KeptFilesField(
        _l("Photos or documents (optional)"),
        max_bytes=case_files.MAX_FILE_BYTES,
        description=_l("Up to 5 files of at most 10 MB each: JPEG or PNG photos, PDF or office documents. "
                       "The location and camera data hidden in photos are removed."),
    )
    decision_known_on = DateField(
        _l("Date you learned of the decision"),
        description=_l("A complaint must be made within 90 days of the day you received or learned of the decision."),
        validators=[Optional()],
        render_kw={"required": True},
    )
    name = _line(_l("Full name"), submission.MAX_NAME)
    phone = _line(_l("Phone number"), 20)
    email = _line(_l("Email"), MAX_EMAIL)
    address = _line(_l("Address"), submission.MAX_ADDRESS)
    id_number = _line(_l("Citizen identity card number (optional)"), 20)
    is_resident = BooleanField(_l("I live in this commune, or the information affects me directly."))
    is_public_consent = BooleanField(
        _l("The portal may show my request publicly, with my personal data removed."),
        description=_l("An official reviews the text before it is shown. "
                       "Your name and contact details are never shown."),
    )


class PlaceFinderForm(QueryForm):
    """The first step of a request: finding the place by name. Sent by GET, so it is never counted as a
    submission and nothing typed in the request can be lost by it."""

    place_query = required_text(
        _l("Commune, ward or village"),
        description=_l("Type part of the name, for example Tân Trung, then press Find the place."),
        missing=_l("Type part of the name of the commune, ward or village."),
        limit=200, too_long=_l("Type at most 200 characters of the name."), field_class=StringField,
    )


# Shaped like PlaceFinderForm by chance: each asks for one text, with its own limit and messages.
class TrackForm(QueryForm):
    """Looked up by GET, so the tracking page can be bookmarked with the code in its address."""

    code = required_text(
        _l("Tracking code"),
        description=_l("The code on your receipt, like PA-7K2M9-XQ4RT. Capital or small letters both work."),
        missing=_l("Enter the tracking code from your receipt."),
        limit=40, too_long=_l("A tracking code has 12 letters and digits."), field_class=StringField,
    )


class SupplyInfoForm(BaseForm):
    text = _text(_l("The information you were asked for"), lifecycle.MAX_DESCRIPTION, rows=6)
    files = KeptFilesField(_l("Photos or documents (optional)"), max_bytes=case_files.MAX_FILE_BYTES,
                           description=_l("Up to 5 files of at most 10 MB each."))


class RateForm(BaseForm):
    rating = RadioField(_l("How satisfied are you with the answer?"), choices=RATINGS,
                        validators=[InputRequired(_l("Choose how satisfied you are, from 1 to 5."))])
    comment = _text(_l("Comment (optional)"), lifecycle.MAX_NOTE, rows=4, required=False)


class ReopenForm(BaseForm):
    reason = _text(_l("Why the answer does not resolve the matter"), lifecycle.MAX_NOTE, rows=5)


class AppealForm(BaseForm):
    """A second complaint, against the first decision or its absence (Law 02/2011 Art. 33). Its length is checked
    here as well as by the service: a reason too short is refused before anything about the case is looked up."""

    reason = TextAreaField(
        _l("Why you disagree with the first decision"),
        description=_l("Say what in the decision you contest and what you ask the level above to decide."),
        validators=[
            DataRequired(_l("Say why you disagree with the first decision.")),
            Length(min=lifecycle.MIN_DESCRIPTION, max=lifecycle.MAX_DESCRIPTION,
                   message=_l("Write 10 to 10000 characters; attach longer documents as files.")),
        ],
        render_kw={"rows": 6},
    )
    is_public_consent = BooleanField(
        _l("The portal may show my second complaint publicly, with my personal data removed."),
    )


class PublicCasesForm(QueryForm):
    """The filters of the public list, sent by GET."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200, message=_l("Type at most 200 characters."))])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    field = SelectField(_l("Field"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
