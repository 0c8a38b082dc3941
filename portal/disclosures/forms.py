from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.core.follow import EMAIL_MISSING, EMAIL_TOO_LONG
from portal.core.forms import (
    BaseForm,
    KeptFilesField,
    PublicForm,
    QueryForm,
    enum_choices,
    optional_text,
    optional_year_field,
    required_choice,
    required_text,
    required_year_field,
)
from portal.core.i18n import _l
from portal.core.text import MAX_EMAIL
from portal.disclosures.models import Audience, DisclosureStatus
from portal.disclosures.redaction import PASSAGES_MISSING, REDACTION_REASON_MISSING, VERSION_MISSING
from portal.disclosures.services import (
    BODY_MISSING,
    CATEGORY_MISSING,
    CORRECTION_REASON_MISSING,
    DOCUMENT_NUMBER_TOO_LONG,
    MAX_BODY,
    MAX_DOCUMENT_NUMBER,
    MAX_REASON,
    MAX_TITLE,
    TITLE_MISSING,
    WITHDRAWAL_REASON_MISSING,
)
from portal.disclosures.storage import MAX_ATTACHMENT_BYTES
from portal.disclosures.tokens import MAX_TOKEN_NAME, TOKEN_NAME_REFUSED
from portal.units.models import UnitKind

BODY_TOO_LONG = _l("Enter a text of at most 200000 characters, or attach the document as a file.")
REASON_TOO_LONG = _l("Enter a reason of at most 2000 characters.")



def _posting_days_field(description: str) -> IntegerField:
    """A disclosure's posting period and a category's default one obey the same bounds."""
    return IntegerField(
        _l("Posting period in days"),
        description=description,
        validators=[Optional(), NumberRange(min=1, max=3650, message=_l("Enter a number of days from 1 to 3650."))],
    )


class DraftForm(BaseForm):
    category = SelectField(_l("Category"), validators=[DataRequired(CATEGORY_MISSING)])
    title = required_text(_l("Title"), missing=TITLE_MISSING, limit=MAX_TITLE,
                          too_long=_l("Enter a title of at most 500 characters."), field_class=StringField)
    document_number = optional_text(
        _l("Document number"), description=_l("For example 21/KH-UBND. Leave empty if the document has none."),
        limit=MAX_DOCUMENT_NUMBER, too_long=DOCUMENT_NUMBER_TOO_LONG,
    )
    document_date = DateField(_l("Date of the document"), validators=[Optional()])
    decided_on = DateField(
        _l("Date of the decision"),
        description=_l("The law asks for disclosure within 5 working days of the decision."),
        validators=[Optional()],
    )
    body = required_text(
        _l("Text"),
        description=_l("Write headings with ##, lists with -, bold with **text**. Links and formatting are checked."),
        missing=BODY_MISSING, limit=MAX_BODY, too_long=BODY_TOO_LONG, rows=14,
    )
    posting_start = DateField(
        _l("Posting starts on"),
        description=_l("Today, or a later day: it goes live by itself once approved."),
        validators=[DataRequired(_l("Enter the day posting starts."))],
    )
    posting_days = _posting_days_field(_l("Leave empty to use the category's period. It can be longer, never shorter."))
    posting_places = TextAreaField(
        _l("Physical posting places"),
        description=_l("One per line, for example: Trụ sở UBND xã; Nhà văn hóa thôn 1."),
        validators=[Optional(), Length(max=5000, message=_l("Enter at most 5000 characters."))],
        render_kw={"rows": 3},
    )
    replaces = SelectField(
        _l("Replaces"),
        description=_l("For a permanent posting such as the democracy regulation: the earlier version it replaces."),
        validators=[Optional()],
        validate_choice=False,
    )
    files = KeptFilesField(
        _l("Signed documents"),
        max_bytes=MAX_ATTACHMENT_BYTES,
        description=_l("PDF, PNG, JPEG or office files, at most 20 MB each."),
    )


class AttachForm(BaseForm):
    file = KeptFilesField(_l("Another file"), max_bytes=MAX_ATTACHMENT_BYTES)


class CorrectionForm(BaseForm):
    body = required_text(_l("Corrected text"), missing=BODY_MISSING, limit=MAX_BODY, too_long=BODY_TOO_LONG, rows=14)
    reason = required_text(_l("Reason for the correction"), description=_l("Shown publicly beside both versions."),
                           missing=CORRECTION_REASON_MISSING, limit=MAX_REASON, too_long=REASON_TOO_LONG, rows=3)


class WithdrawForm(BaseForm):
    reason = required_text(_l("Reason for the withdrawal"),
                           description=_l("Shown publicly for as long as the disclosure is kept."),
                           missing=WITHDRAWAL_REASON_MISSING, limit=MAX_REASON, too_long=REASON_TOO_LONG, rows=3)


class RedactForm(BaseForm):
    version = SelectField(_l("Version"), coerce=int,
                          validators=[DataRequired(VERSION_MISSING)])
    passages = required_text(
        _l("Passages to remove"),
        description=_l("One per line, exactly as it stands in the text: each is replaced by […] wherever it occurs. "
                       "Nothing else of the text changes."),
        missing=PASSAGES_MISSING, limit=20_000, too_long=_l("Enter at most 20000 characters of passages."), rows=6,
    )
    reason = required_text(
        _l("Reason for the removal"),
        description=_l("Shown publicly beside the text, with the date. Do not repeat the personal data here."),
        missing=REDACTION_REASON_MISSING, limit=MAX_REASON, too_long=REASON_TOO_LONG, rows=3,
    )


def _status_choices():
    return [
        SelectChoice("", _l("Posted and completed")),
        *enum_choices(s for s in DisclosureStatus if s != DisclosureStatus.draft),
    ]


class ListingForm(QueryForm):
    q = optional_text(_l("Words to look for"),
                      description=_l("Words of the title or the document number; accents optional."),
                      limit=100, too_long=_l("Enter at most 100 characters."), field_class=SearchField)
    category = SelectField(_l("Category"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), choices=_status_choices, validators=[Optional()])
    year = optional_year_field(1990, _l("Enter a year from 1990 to 2100."))


class ReportPeriodForm(QueryForm):
    """Year (and quarter) for the quarterly list and the compliance view: a GET form."""

    year = required_year_field(1990, _l("Enter a year from 1990 to 2100."))
    quarter = SelectField(
        _l("Quarter"),
        choices=[SelectChoice(str(number), str(number)) for number in range(1, 5)],
        validators=[Optional()],
    )


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in one fieldset: works without JavaScript and reads well with a screen reader."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _unit_kind_choices():
    return enum_choices(UnitKind)


class CategoryForm(BaseForm):
    code = optional_text(_l("Code"),
                         description=_l("Lowercase letters, digits and hyphens; it cannot be changed later."),
                         limit=63, too_long=_l("Enter at most 63 characters."))
    name_vi = required_text(_l("Name in Vietnamese"), missing=_l("Enter the name in Vietnamese."), limit=300,
                            too_long=_l("Enter at most 300 characters."), field_class=StringField)
    name_en = required_text(_l("Name in English"), missing=_l("Enter the name in English."), limit=300,
                            too_long=_l("Enter at most 300 characters."), field_class=StringField)
    legal_basis = required_text(_l("Legal basis"), description=_l("For example: Luật 10/2022/QH15, Điều 11 khoản 2."),
                                missing=_l("Enter the legal basis."), limit=300,
                                too_long=_l("Enter at most 300 characters."), field_class=StringField)
    is_permanent = BooleanField(_l("Posted permanently, until replaced by a newer version"))
    posting_days = _posting_days_field(_l("At least 30 for most groups; 20 for internal disclosures."))
    audience = required_choice(
        _l("Who may read it"),
        [SelectChoice(Audience.public.value, _l("Everyone")),
         SelectChoice(Audience.staff.value, _l("Only the staff of the unit"))],
        _l("Choose who may read it."), field_class=RadioField,
    )
    required_for = MultiCheckboxField(_l("Units that must disclose it"), choices=_unit_kind_choices)
    is_correction_restarting = BooleanField(_l("A correction restarts the posting period"))
    due_day = IntegerField(
        _l("Yearly due date: day"),
        validators=[Optional(), NumberRange(min=1, max=31, message=_l("Enter a day from 1 to 31."))],
    )
    due_month = IntegerField(
        _l("Yearly due date: month"),
        validators=[Optional(), NumberRange(min=1, max=12, message=_l("Enter a month from 1 to 12."))],
    )
    is_active = BooleanField(_l("In use"), default=True)


class TokenForm(BaseForm):
    name = required_text(_l("Name of the system"),
                         description=_l("For example: the commune's document-management system."),
                         missing=TOKEN_NAME_REFUSED, limit=MAX_TOKEN_NAME, too_long=TOKEN_NAME_REFUSED,
                         field_class=StringField)


class FollowForm(PublicForm):

    email = required_text(_l("Your email address"),
                          description=_l("Used only to send you these emails; never shown to anyone."),
                          missing=EMAIL_MISSING, limit=MAX_EMAIL, too_long=EMAIL_TOO_LONG, field_class=EmailField)
    category = SelectField(_l("Category"), validators=[Optional()], validate_choice=False)


class ConfirmForm(BaseForm):
    """A button, not a bare link, so that a mail scanner opening links cannot confirm or stop anything."""
