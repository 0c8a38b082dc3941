from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.core.follow import EMAIL_MISSING, EMAIL_TOO_LONG
from portal.core.forms import BaseForm, KeptFilesField, PublicForm, QueryForm, required_text
from portal.core.i18n import _l
from portal.core.text import MAX_EMAIL
from portal.plans.evidence import MAX_FILE_BYTES
from portal.plans.models import TaskStatus
from portal.plans.services import MAX_SUBTASK, MAX_UPDATE


class ProgressForm(BaseForm):
    reported_on = DateField(
        _l("Date of the progress"), validators=[InputRequired(message=_l("Enter the date of the progress."))]
    )
    text = required_text(_l("What was done"), missing=_l("Describe what was done."), limit=MAX_UPDATE,
                         too_long=_l("Write at most 10000 characters; attach longer documents as files."))
    percent = IntegerField(
        _l("Percent done (optional)"),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))],
    )
    is_done = BooleanField(_l("The task is done"))
    files = KeptFilesField(
        _l("Evidence: documents or photos (optional)"),
        max_bytes=MAX_FILE_BYTES,
        description=_l("Up to 10 files of at most 20 MB each: PDF, pictures or office documents. Anyone can read "
                       "them with the plan."),
    )


class SubtaskForm(BaseForm):
    text = required_text(_l("The part of the task to hand over"),
                         missing=_l("Describe the part of the task to hand over."), limit=MAX_SUBTASK,
                         too_long=_l("Write at most 2000 characters."))
    lead_unit = SelectField(
        _l("Body that leads it"), validators=[InputRequired(message=_l("Choose the body that leads this part."))]
    )


class ReportForm(BaseForm):
    title = required_text(_l("Title of the report"), missing=_l("Enter the title of the report."), limit=500,
                          too_long=_l("Enter a title of at most 500 characters."), field_class=StringField)
    body = required_text(
        _l("Text of the report"),
        description=_l("Drafted from the progress reported in the period: check it and complete it. It is "
                       "published as a disclosure with its due date and the date you submit it."),
        missing=_l("Enter the text of the report."), limit=100_000,
        too_long=_l("Enter a text of at most 100000 characters."), rows=20,
    )


def _status_choices():
    return [("", _l("All")), *((status.value, status.title) for status in TaskStatus)]


class TaskFilterForm(QueryForm):
    """The filters of "my tasks": a GET form."""

    status = SelectField(_l("Status"), choices=_status_choices, validators=[Optional()])
    plan = SelectField(_l("Plan"), validators=[Optional()], validate_choice=False)


class FollowPlanForm(PublicForm):
    """An address to mail the plan's progress updates and published reports to, after it confirms."""

    email = required_text(_l("Your email address"),
                          description=_l("Used only to send you these emails; never shown to anyone."),
                          missing=EMAIL_MISSING, limit=MAX_EMAIL, too_long=EMAIL_TOO_LONG, field_class=EmailField)


class FollowConfirmForm(BaseForm):
    """A button, not a bare link, so that a mail scanner opening links cannot confirm or stop anything."""
