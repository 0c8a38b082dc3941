"""Forms of bringing a plan in: the document, the corrections of what the reader found, the head's decisions."""

from datetime import datetime

from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.core.forms import BaseForm, KeptFilesField
from portal.core.i18n import _, _l
from portal.plans.documents import MAX_DOCUMENT_BYTES

NO_UNIT = ""


def _unit_id(value):
    """A chosen unit's id, or None for "no unit"; anything not a number is no choice (the service checks the list)."""
    return int(value) if str(value or "").isdigit() else None


class UnitChecklist(SelectMultipleField):
    """Several units as checkboxes in one fieldset: works without JavaScript and reads well with a screen reader."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def unit_choices(units, *, empty_label) -> list[tuple[str, str]]:
    return [(NO_UNIT, str(empty_label)), *((str(unit.id), unit.name) for unit in units)]


class NewPlanForm(BaseForm):
    document = KeptFilesField(
        _l("The plan's document"),
        description=_l("Plain text, Markdown, a Word .docx or a PDF with text, at most 10 MB."),
        max_bytes=MAX_DOCUMENT_BYTES,
    )
    text = TextAreaField(_l("Or paste the plan's text"), validators=[Optional()])


class HeaderForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter the title of the plan.")),
                                                 Length(max=500)])
    number = StringField(_l("Document number"), validators=[Optional(), Length(max=100)])
    issued_on = DateField(_l("Date of the document"), validators=[Optional()])
    issuer_text = StringField(_l("Issued by, as written"), validators=[Optional(), Length(max=300)])
    issuer_unit_id = SelectField(_l("Issuing unit"), coerce=_unit_id, validate_choice=False)
    legal_bases = TextAreaField(_l("Legal bases"), description=_l("One a line."), validators=[Optional()])
    starts_on = DateField(_l("First day of the plan"),
                          validators=[InputRequired(message=_l("Enter the first day of the plan."))])
    ends_on = DateField(_l("Last day of the plan"),
                        validators=[InputRequired(message=_l("Enter the last day of the plan."))])


class TaskForm(BaseForm):
    number = StringField(_l("Number as written"), validators=[Optional(), Length(max=32)])
    text = TextAreaField(_l("Task"), validators=[DataRequired(message=_l("Describe the task."))])
    lead_unit_id = SelectField(_l("Lead body"), coerce=_unit_id, validate_choice=False)
    lead_text = StringField(_l("Lead body as written, when it is no unit of the portal"),
                            validators=[Optional(), Length(max=300)])
    cooperating_unit_ids = UnitChecklist(_l("Cooperating bodies"), coerce=_unit_id, validate_choice=False)
    cooperating_other = TextAreaField(_l("Other cooperating bodies as written, one a line"),
                                      validators=[Optional()])
    timeframe_text = StringField(_l("Timeframe as written"), validators=[Optional(), Length(max=300)])
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])


class DutyForm(BaseForm):
    maker_unit_id = SelectField(_l("Who makes the report"), coerce=_unit_id, validate_choice=False)
    recipient_unit_id = SelectField(_l("To whom it goes"), coerce=_unit_id, validate_choice=False)
    due_dates = TextAreaField(_l("Due dates"), description=_l("One a line, as dd/mm/yyyy."),
                              validators=[DataRequired(message=_l("Enter at least one due date."))])

    def validate_due_dates(self, field):
        days = []
        for line in (field.data or "").splitlines():
            if line.strip():
                try:
                    days.append(datetime.strptime(line.strip(), "%d/%m/%Y").date())
                except ValueError:
                    raise ValidationError(_("Enter each due date as dd/mm/yyyy, for example 05/11/2024.")) from None
        self.days = days


class ConfirmForm(BaseForm):
    """A button that changes the plan: sending, approving, removing a task."""


class BodyForm(BaseForm):
    name = HiddenField(_l("Body"))


class UnreadForm(BaseForm):
    expected = HiddenField(_l("Passage"))


class ReturnForm(BaseForm):
    note = TextAreaField(_l("What should be changed"),
                         validators=[DataRequired(message=_l("Say what should be changed.")), Length(max=2000)])


class PublishForm(BaseForm):
    category = SelectField(_l("Category of disclosure for the original document"),
                           validators=[DataRequired(message=_l("Choose a category of disclosure."))])
