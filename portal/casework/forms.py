"""The officials' forms on cases: the queue's filters and one small form per action on the case page.

Every action form has its own prefix, so that the several forms of one page never share an element id.
"""

from wtforms import BooleanField, SearchField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.cases.lifecycle import MAX_ANSWER, MAX_DESCRIPTION, MAX_NOTE, MAX_TITLE
from portal.cases.models import CaseField
from portal.core.forms import BaseForm
from portal.core.i18n import _l


class QueueForm(BaseForm):
    """Read by GET, so that a filtered queue can be bookmarked and sent to a colleague."""

    class Meta:
        csrf = False

    mine = BooleanField(_l("Only cases assigned to me"))
    kind = SelectField(_l("Kind"), validators=[Optional()])
    field = SelectField(_l("Field"), validators=[Optional()])
    status = SelectField(_l("Status"), default="open", validators=[Optional()])
    due = SelectField(_l("Deadline"), validators=[Optional()])
    unit = SelectField(_l("Unit"), validators=[Optional()])


class UnitSearchForm(BaseForm):
    """Finds the unit to transfer a case to by name; read by GET on the case page."""

    class Meta:
        csrf = False

    unit_q = SearchField(
        _l("Find a unit by name"),
        validators=[Optional(), Length(max=200, message=_l("Enter at most 200 characters."))],
    )


def _text(label, empty, limit, long, description=None, rows=4):
    return TextAreaField(
        label,
        description=description,
        validators=[DataRequired(empty), Length(max=limit, message=long)],
        render_kw={"rows": rows},
    )


class ConfirmActionForm(BaseForm):
    """Accepting and approving need nothing but the official's click (and the CSRF token)."""


class AcceptForm(BaseForm):
    """Accepting needs only the click, except a complaint that came after its time limit (the view removes the
    field otherwise)."""

    late_reason = TextAreaField(
        _l("What kept the citizen from complaining in time"),
        description=_l("Illness, natural disaster, work or study far away, or another objective obstacle (Law on "
                       "Complaints 02/2011/QH13, Art. 9). Without one, refuse the complaint as out of time."),
        validators=[Optional(),
                    Length(max=MAX_NOTE, message=_l("Write at most %(count)d characters.", count=MAX_NOTE))],
        render_kw={"rows": 3},
    )


class ConclusionForm(BaseForm):
    text = _text(
        _l("The conclusion as the public will read it"),
        _l("Write the conclusion as the public will read it."),
        MAX_ANSWER,
        _l("Write at most %(count)d characters.", count=MAX_ANSWER),
        description=_l("The denouncer's name and contact details are masked; remove anything else that could "
                       "identify them. The unit head approves it before it is published."),
        rows=10,
    )


class RecordRequestForm(BaseForm):
    """An information request a citizen made at the office or by post, recorded by an official."""

    channel = SelectField(
        _l("How the request was made"),
        choices=[SelectChoice("", _l("Choose how it was made")), SelectChoice("in_person", _l("In person")),
                 SelectChoice("post", _l("By post"))],
        validators=[DataRequired(_l("Choose how the request was made."))],
    )
    place = SelectField(_l("Commune, ward or village concerned"),
                        validators=[DataRequired(_l("Choose the commune, ward or village concerned."))])
    field = SelectField(
        _l("What is it about?"),
        choices=[SelectChoice("", _l("Choose a field")),
                 *(SelectChoice(field.value, field.title) for field in CaseField)],
        validators=[DataRequired(_l("Choose the field the matter belongs to."))],
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a short title saying what information is asked for.")),
                    Length(max=MAX_TITLE,
                           message=_l("Enter a title of at most %(count)d characters.", count=MAX_TITLE))],
    )
    description = _text(
        _l("The information asked for"),
        _l("Write what information the citizen asks for."),
        MAX_DESCRIPTION,
        _l("Enter at most %(count)d characters.", count=MAX_DESCRIPTION),
        rows=6,
    )
    name = StringField(_l("Full name"),
                       validators=[Optional(), Length(max=200, message=_l("Enter at most 200 characters."))])
    address = StringField(_l("Address"),
                          validators=[Optional(), Length(max=300, message=_l("Enter at most 300 characters."))])
    phone = StringField(_l("Phone number"),
                        validators=[Optional(), Length(max=20, message=_l("Enter at most 20 characters."))])
    email = StringField(_l("Email"),
                        validators=[Optional(), Length(max=254, message=_l("Enter at most 254 characters."))])
    is_resident = BooleanField(_l("The citizen lives in this commune, or the information affects them directly."))


class RefuseForm(BaseForm):
    reason = SelectField(_l("Legal reason"), validators=[DataRequired(_l("Choose the legal reason for refusing."))])
    note = _text(
        _l("Explanation to the citizen"),
        _l("Explain to the citizen why the case is refused."),
        MAX_NOTE,
        _l("Write the explanation in at most %(count)d characters.", count=MAX_NOTE),
    )


class RequestInfoForm(BaseForm):
    question = _text(
        _l("What the citizen should add"),
        _l("Write what the citizen should add."),
        MAX_NOTE,
        _l("Write the question in at most %(count)d characters.", count=MAX_NOTE),
        description=_l(
            "The citizen receives this by email and on their private page. The clock stops until they answer."
        ),
    )


class TransferForm(BaseForm):
    to_unit = SelectField(
        _l("Unit to transfer to"),
        validators=[DataRequired(_l("Choose the unit to transfer the case to."))],
        validate_choice=False,
    )
    reason = _text(
        _l("Reason for the transfer"),
        _l("Explain why the case goes to that unit."),
        MAX_NOTE,
        _l("Write the reason in at most %(count)d characters.", count=MAX_NOTE),
    )


class ExtendForm(BaseForm):
    reason = _text(
        _l("Reason for the extension"),
        _l("Explain why more time is needed."),
        MAX_NOTE,
        _l("Write the reason in at most %(count)d characters.", count=MAX_NOTE),
    )


class SeveralPlacesForm(BaseForm):
    reason = _text(
        _l("Where it must be verified"),
        _l("Write where the denunciation must be verified."),
        MAX_NOTE,
        _l("Write the reason in at most %(count)d characters.", count=MAX_NOTE),
    )


class AnswerForm(BaseForm):
    text = _text(
        _l("Answer to the citizen"),
        _l("Write the answer to the citizen."),
        MAX_ANSWER,
        _l("Write an answer of at most %(count)d characters.", count=MAX_ANSWER),
        rows=10,
    )


class ReturnForm(BaseForm):
    note = _text(
        _l("What should change in the answer"),
        _l("Write what should change in the answer."),
        MAX_NOTE,
        _l("Write at most %(count)d characters.", count=MAX_NOTE),
    )


class NoteForm(BaseForm):
    text = _text(
        _l("Internal note"),
        _l("Write the note."),
        MAX_NOTE,
        _l("Write a note of at most %(count)d characters.", count=MAX_NOTE),
        description=_l("Only the officials of the unit see internal notes."),
    )


class AssignForm(BaseForm):
    assignee = SelectField(_l("Handler"), coerce=int, validators=[DataRequired(_l("Choose a handler of this unit."))])


class PublishForm(BaseForm):
    title = StringField(
        _l("Public title"),
        validators=[
            DataRequired(_l("Enter the public title.")),
            Length(max=MAX_TITLE, message=_l("Enter a title of at most %(count)d characters.", count=MAX_TITLE)),
        ],
    )
    description = _text(
        _l("Public description"),
        _l("Enter the public description."),
        MAX_DESCRIPTION,
        _l("Enter at most %(count)d characters.", count=MAX_DESCRIPTION),
        description=_l("Names found in the text are masked. Remove anything else that identifies a person."),
        rows=8,
    )
