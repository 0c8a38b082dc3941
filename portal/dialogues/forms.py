"""The forms of dialogues: scheduling (the head), a citizen's question, moderation, minutes, commitments and their
progress. Limits and rules live in the services; these only read what was sent."""

from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Optional

from portal.core.forms import BaseForm, KeptFilesField, PublicForm, enum_choices
from portal.core.i18n import _l
from portal.dialogues.models import DialogueKind
from portal.disclosures.storage import MAX_ATTACHMENT_BYTES


def _area(label, rows=4, description=None):
    return TextAreaField(label, description=description, render_kw={"rows": rows})


class SessionForm(BaseForm):
    unit = SelectField(_l("Unit holding the dialogue"))
    kind = SelectField(
        _l("Kind of dialogue"),
        choices=[SelectChoice("", _l("Choose the kind")), *enum_choices(DialogueKind)],
    )
    title = StringField(_l("Subject"))
    day = DateField(_l("Day"), validators=[Optional()],
                    description=_l("A village conference is announced at least 5 days ahead (Law 10/2022, Art. 33)."))
    starts = TimeField(_l("Start time"), validators=[Optional()])
    ends = TimeField(_l("End time"), validators=[Optional()])
    place = StringField(_l("Place"), description=_l("For example the commune office or the village cultural house."))
    chair = StringField(_l("Chair"))
    bodies = _area(_l("Participating bodies (optional)"), rows=2)
    agenda = _area(_l("Agenda"), rows=6)
    cases = StringField(_l("Tracking codes of the requests it answers (optional)"),
                        description=_l("Separate several codes with commas. Their citizens are told of the dialogue."))
    documents = KeptFilesField(_l("Documents to read first (optional)"), max_bytes=MAX_ATTACHMENT_BYTES)


class QuestionForm(PublicForm):
    text = _area(_l("Your question"), rows=6,
                 description=_l("It is read by an official before it is shown. Names, phone numbers and addresses "
                                "are masked."))
    name = StringField(_l("Your name (optional, never shown)"))
    email = StringField(_l("Your email (optional, never shown)"),
                        description=_l("To be told when a commitment made at this dialogue changes."))


class ModerateForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Show the question")), SelectChoice("refuse", _l("Do not show it"))],
        validators=[InputRequired(_l("Choose whether to show the question."))],
    )
    reason = _area(_l("Why it is not shown"), rows=2)


class MinutesForm(BaseForm):
    attendance = IntegerField(_l("Number of people who attended"), validators=[Optional()])
    attending_bodies = _area(_l("Bodies that attended"), rows=2)
    text = _area(_l("What was discussed"), rows=10,
                 description=_l("Published at once. Names, phone numbers and addresses are masked."))


class AnswerForm(BaseForm):
    answer = _area(_l("The answer given"), rows=4)


class RoomQuestionForm(BaseForm):
    text = _area(_l("Question asked in the room"), rows=3)
    answer = _area(_l("The answer given"), rows=4)


class CommitmentForm(BaseForm):
    text = _area(_l("What was promised"), rows=3)
    responsible = SelectField(_l("Responsible body"))
    due_on = DateField(_l("To be kept by"), validators=[Optional()])


class UpdateForm(BaseForm):
    outcome = RadioField(
        _l("What this update reports"),
        choices=[SelectChoice("progress", _l("Progress")), SelectChoice("done", _l("The commitment is kept")),
                 SelectChoice("dropped", _l("The commitment is dropped"))],
        default="progress",
        validators=[InputRequired(_l("Choose what this update reports."))],
    )
    reported_on = DateField(_l("Date"), validators=[Optional()])
    text = _area(_l("What was done, or why it is dropped"), rows=4,
                 description=_l("Published as written, with personal data masked."))
