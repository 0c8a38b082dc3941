"""The forms of consultations: the official's draft, the resident's comment, and the synthesis' steps."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.consultations.models import Channel, Disposition, Matter, RefusalReason
from portal.consultations.services import MIN_PERIOD_DAYS
from portal.core.forms import BaseForm, KeptFilesField, PublicForm, enum_choices
from portal.core.i18n import _l
from portal.plans.documents import MAX_DOCUMENT_BYTES


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConsultationForm(BaseForm):
    matter = SelectField(
        _l("What is consulted on (Law 10/2022, Art. 25)"),
        choices=[SelectChoice("", _l("Choose the matter")),
                 *(SelectChoice(matter.value, f"{matter.title} ({matter.legal_basis})") for matter in Matter)],
    )
    title = StringField(_l("Title of the draft"))
    summary = TextAreaField(_l("Summary for residents (optional)"), render_kw={"rows": 3})
    draft_text = TextAreaField(
        _l("Text of the draft"),
        description=_l('Paste the text; it is cut into parts by its own numbering ("Chương I", "Điều 1.", "I.", '
                       '"1."). Or leave it empty and attach the draft below.'),
        render_kw={"rows": 14},
    )
    document = KeptFilesField(_l("The draft as .docx or PDF (optional)"), max_bytes=MAX_DOCUMENT_BYTES)
    attachments = KeptFilesField(_l("Other documents for residents (optional)"), max_bytes=20 * 1024 * 1024)
    areas = MultiCheckboxField(
        _l("Who is consulted"), coerce=int, validate_choice=False,
        description=_l("Leave every box empty to consult the whole commune, or tick the villages and residential "
                       "groups consulted."),
    )
    channels = MultiCheckboxField(
        _l("How residents can comment"),
        choices=enum_choices(channel for channel in Channel if channel != Channel.paper),
        default=[Channel.portal.value], validate_choice=False,
    )
    period_days = IntegerField(
        _l("Days for comments"),
        description=_l("At least 20 days, counted from the day after publication; the end date is computed when "
                       "the chair publishes."),
        default=MIN_PERIOD_DAYS, validators=[Optional()], render_kw={"inputmode": "numeric"},
    )


class CommentForm(PublicForm):
    text = TextAreaField(_l("Your comment"), render_kw={"rows": 6})
    author_name = StringField(_l("Your name (optional)"))
    village = StringField(_l("Your village or residential group (optional)"))
    is_named = BooleanField(_l("Show my name and village with my comment"))
    email = StringField(
        _l("Email (optional)"),
        description=_l("To be told when the answer to your comment is published. Never shown."),
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class RecordForm(BaseForm):
    part_id = SelectField(_l("Which part it is about"), coerce=lambda value: int(value) if value else None,
                          validate_choice=False)
    channel = RadioField(
        _l("How it was received"),
        choices=enum_choices(channel for channel in Channel if channel != Channel.portal),
        validators=[InputRequired(_l("Choose how the comment was received."))],
    )
    received_on = DateField(_l("Day it was received"), validators=[Optional()])
    text = TextAreaField(_l("The comment as received"), render_kw={"rows": 6})
    author_name = StringField(_l("Name of the commenter (optional)"))
    village = StringField(_l("Village or residential group (optional)"))
    is_named = BooleanField(_l("The commenter agreed to show their name"))
    email = StringField(_l("Email of the commenter, to send the answer (optional)"))


class ModerateForm(BaseForm):
    refusal = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", _l("Publish (personal data masked)")), *enum_choices(RefusalReason)],
        validate_choice=False,
    )


class GroupForm(BaseForm):
    title = StringField(_l("New group"))


class AssignForm(BaseForm):
    group = SelectField(_l("Put the ticked comments in"), coerce=lambda value: int(value) if value else None,
                        validate_choice=False)
    comments = MultiCheckboxField(_l("Comments"), coerce=int, validate_choice=False)


class AnswerForm(BaseForm):
    disposition = RadioField(
        _l("Decision on these comments"),
        choices=enum_choices(Disposition),
        validators=[InputRequired(_l("Choose whether the comments are accepted, partly accepted or not accepted."))],
    )
    answer = TextAreaField(_l("What changed in the draft, or why not"), render_kw={"rows": 4})


class SynthesisTextForm(BaseForm):
    synthesis_text = TextAreaField(_l("Introduction of the synthesis"), render_kw={"rows": 5})


class RevisionForm(BaseForm):
    revised_text = TextAreaField(_l("Text of the revised draft"), render_kw={"rows": 14})
    document = KeptFilesField(_l("The revised draft as .docx or PDF (optional)"), max_bytes=MAX_DOCUMENT_BYTES)


class ConfirmForm(BaseForm):
    """A button that changes state (publish, close): CSRF and the one form mechanism, no fields."""
