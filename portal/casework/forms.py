"""The officials' forms on cases: the queue's filters and one small form per action on the case page.

Every action form has its own prefix, so that the several forms of one page never share an element id. The forms
check only what a value is; the rules (what must be written, how long it may be, who may act) and their messages
are the services' (portal.casework), which name the field a refusal belongs to.
"""

from wtforms import BooleanField, DateField, SearchField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.cases.lifecycle import MAX_ANSWER, MAX_DESCRIPTION, MAX_NOTE, MAX_TITLE
from portal.cases.models import CaseField, CaseKind
from portal.core.forms import DATE_FORMATS, BaseForm, QueryForm
from portal.core.i18n import _l


def _text(label, limit, *, description=None, rows=4, required=True):
    """A text the service checks; the page marks it required and stops typing at the service's limit."""
    return TextAreaField(label, description=description,
                         render_kw={"rows": rows, "maxlength": limit, **({"required": True} if required else {})})


def _line(label, limit, *, required=False):
    return StringField(label, render_kw={"maxlength": limit, **({"required": True} if required else {})})


def _choice(label, *, choices=None, **kwargs):
    """A choice the service checks against what exists; the list is filled by the view when not given here."""
    return SelectField(label, choices=choices, validate_choice=False, render_kw={"required": True}, **kwargs)


class QueueForm(QueryForm):
    """Read by GET, so that a filtered queue can be bookmarked and sent to a colleague."""

    mine = BooleanField(_l("Only cases assigned to me"))
    kind = SelectField(_l("Kind"), validators=[Optional()])
    field = SelectField(_l("Field"), validators=[Optional()])
    status = SelectField(_l("Status"), default="open", validators=[Optional()])
    due = SelectField(_l("Deadline"), validators=[Optional()])
    unit = SelectField(_l("Unit"), validators=[Optional()])


class TransferSearchForm(QueryForm):
    """Finds the unit to transfer a case to by name; read by GET on the case page."""

    unit_q = SearchField(
        _l("Find a unit by name"),
        validators=[Optional(), Length(max=200, message=_l("Enter at most 200 characters."))],
    )


class ConfirmActionForm(BaseForm):
    """Accepting and approving need nothing but the official's click (and the CSRF token)."""


class AcceptForm(BaseForm):
    """Accepting needs only the click, except a complaint that came after its time limit (the view removes the
    field otherwise)."""

    late_reason = _text(
        _l("What kept the citizen from complaining in time"), MAX_NOTE, rows=3, required=False,
        description=_l("Illness, natural disaster, work or study far away, or another objective obstacle (Law on "
                       "Complaints 02/2011/QH13, Art. 9). Without one, refuse the complaint as out of time."),
    )


class ConclusionForm(BaseForm):
    text = _text(
        _l("The conclusion as the public will read it"), MAX_ANSWER, rows=10,
        description=_l("The denouncer's name and contact details are masked; remove anything else that could "
                       "identify them. The unit head approves it before it is published."),
    )


FIELD_CHOICES = [SelectChoice("", _l("Choose a field")),
                 *(SelectChoice(field.value, field.title) for field in CaseField)]


class RecordRequestForm(BaseForm):
    """A request of any kind a citizen made at the reception desk or by post, recorded by an official; the rules are
    those of every submission (portal.cases.submission)."""

    channel = _choice(
        _l("How the request was made"),
        choices=[SelectChoice("", _l("Choose how it was made")), SelectChoice("in_person", _l("In person")),
                 SelectChoice("post", _l("By post"))],
    )
    kind = _choice(_l("Kind of request"),
                   choices=[SelectChoice("", _l("Choose the kind")),
                            *(SelectChoice(kind.value, kind.title) for kind in CaseKind)])
    place = _choice(_l("Commune, ward or village concerned"))
    field = _choice(_l("What is it about?"), choices=FIELD_CHOICES)
    title = _line(_l("Title"), MAX_TITLE, required=True)
    description = _text(_l("What the citizen asks, reports or complains about"), MAX_DESCRIPTION, rows=6)
    decision_known_on = DateField(
        _l("Date the citizen learned of the decision (complaints)"), format=DATE_FORMATS, validators=[Optional()],
        description=_l("A complaint must be made within 90 days of the day the citizen received or learned of the "
                       "decision."))
    name = _line(_l("Full name"), 200)
    address = _line(_l("Address"), 300)
    phone = _line(_l("Phone number"), 20)
    email = _line(_l("Email"), 254)
    id_number = _line(_l("Citizen identity card number (optional)"), 20)
    is_resident = BooleanField(_l("The citizen lives in this commune, or the information affects them directly."))


class RefuseForm(BaseForm):
    reason = _choice(_l("Legal reason"))
    note = _text(_l("Explanation to the citizen"), MAX_NOTE)


class RequestInfoForm(BaseForm):
    question = _text(
        _l("What the citizen should add"), MAX_NOTE,
        description=_l(
            "The citizen receives this by email and on their private page. The clock stops until they answer."
        ),
    )


class TransferForm(BaseForm):
    to_unit = _choice(_l("Unit to transfer to"))
    reason = _text(_l("Reason for the transfer"), MAX_NOTE)


class ExtendForm(BaseForm):
    reason = _text(_l("Reason for the extension"), MAX_NOTE)


class SeveralPlacesForm(BaseForm):
    reason = _text(_l("Where it must be verified"), MAX_NOTE)


class AnswerForm(BaseForm):
    text = _text(_l("Answer to the citizen"), MAX_ANSWER, rows=10)


class ReturnForm(BaseForm):
    note = _text(_l("What should change in the answer"), MAX_NOTE)


class NoteForm(BaseForm):
    text = _text(_l("Internal note"), MAX_NOTE,
                 description=_l("Only the officials of the unit see internal notes."))


class AssignForm(BaseForm):
    assignee = _choice(_l("Handler"), coerce=int)


class PublishForm(BaseForm):
    title = _line(_l("Public title"), MAX_TITLE, required=True)
    description = _text(
        _l("Public description"), MAX_DESCRIPTION, rows=8,
        description=_l("Names found in the text are masked. Remove anything else that identifies a person."),
    )
