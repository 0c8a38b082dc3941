"""The base forms, and the one way a view handles a sent form so that nothing a person typed or attached is lost.

A view builds its form and hands it to `handle_form` with three callables: the page that shows the form, the
service call, and the answer once it succeeded. Whatever refuses the send (the fields, an expired session, a
rule of the portal, a rate limit, the database being away), the page comes back with everything typed, every
error at once beside its field and in the summary, and the files kept server-side (`KeptFilesField`).
"""

import contextlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, make_response, request
from flask_limiter import RateLimitExceeded
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from sqlalchemy.exc import InterfaceError, OperationalError
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.core import keptfiles
from portal.core.errors import DomainError, InvalidInput
from portal.core.files import Upload
from portal.core.i18n import _, _l, ngettext
from portal.extensions import csrf, db, limiter

# A form sent back with errors answers with this status, whatever refused it (its fields, its session, a rule);
# a rate limit answers 429 and the database being away 503, each with the same form and the same text.
REFUSED = 422
RATE_LIMITED = 429
UNAVAILABLE = 503
NUL = "\x00"
_WAITING = "portal_form_waiting_seconds"
# A browser's date picker sends 2026-02-13; a browser without one lets people type 13/02/2026.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _strip(value):
    """Surrounding whitespace goes, and NUL characters, which no database column takes (validate says so)."""
    return value.replace(NUL, "").strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=(_strip, *filters), **options)

    def validate(self, extra_validators=None) -> bool:
        """Every field's errors at once, and a field whose sent text held NUL refused with the rest of it kept."""
        valid = super().validate(extra_validators)
        for field in self:
            if any(isinstance(value, str) and NUL in value for value in field.raw_data or ()):
                field.errors.append(_("This text held an invisible character that cannot be saved. It has been "
                                      "removed: check the text and send it again."))
                valid = False
        return valid


class WholeNumberField(IntegerField):
    """Text that is not a whole number is left empty for the range check to report.

    WTForms' own message for it has no Vietnamese translation, and the range check's message says what to enter.
    """

    def process_formdata(self, valuelist):
        with contextlib.suppress(ValueError):
            super().process_formdata(valuelist)


def required_number(label, missing, *, maximum: int, out_of_range, minimum: int = 1, description="",
                    default=None) -> WholeNumberField:
    """A whole number that must be given, from `minimum` to `maximum`: `missing` when absent, `out_of_range` when
    outside or not a whole number."""
    return WholeNumberField(label, description=description, default=default, validators=[
        InputRequired(missing), NumberRange(min=minimum, max=maximum, message=out_of_range)])


def required_text(label, *, missing, limit: int, too_long, description="", rows: int | None = None,
                  field_class=TextAreaField):
    """A field that must be filled in, of at most `limit` characters, refused with the service's own messages."""
    return field_class(label, description=description, render_kw={"rows": rows} if rows else None,
                       validators=[DataRequired(missing), Length(max=limit, message=too_long)])


def optional_text(label, *, limit: int, too_long, description="", field_class=StringField):
    """A field that may stay empty, of at most `limit` characters."""
    return field_class(label, description=description, validators=[Optional(), Length(max=limit, message=too_long)])


def required_date(label, missing, *, description="") -> DateField:
    """A date that must be given, typed or picked (DATE_FORMATS), refused with `missing` when absent or unreadable."""
    return DateField(label, format=DATE_FORMATS, description=description, validators=[DataRequired(missing)])


def required_choice(label, choices, missing, *, field_class=SelectField, **kwargs):
    """A choice that must be made: nothing chosen, or a value not offered, is refused with the same `missing`."""
    return field_class(label, choices=choices, validators=[DataRequired(missing)], invalid_choice_message=missing,
                       **kwargs)


def enum_choices(members) -> list[SelectChoice]:
    """The choices of a TitledEnum's members (or some of them), each showing its title."""
    return [SelectChoice(member.value, member.title) for member in members]


class PublicForm(BaseForm):
    """A form anyone may send: besides CSRF it has a honeypot field, hidden from people, that robots fill in."""

    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    def honeypot_refusal(self) -> list[DomainError]:
        """For the `check` of a form that refuses a filled honeypot rather than pretending to accept it: the
        refusal says what to do, for the person whose browser filled the field in."""
        if not self.website.data:
            return []
        return [InvalidInput(_("This form could not be accepted. Leave the field marked "
                               "\u201cLeave this field empty\u201d empty and send it again."))]


class KeptFilesField(MultipleFileField):
    """Files to attach, with those an earlier, refused send of the same form already brought.

    Browsers never choose a file again for the person, so on a refusal `keep` stores the new files server-side
    (portal.core.keptfiles) and the re-shown form lists each with a ticked box carrying its signed token; a
    person who unticks one leaves it out."""

    def __init__(self, label=None, validators=None, *, max_bytes: int, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_bytes = max_bytes
        self.kept: list[keptfiles.KeptFile] = []
        self._kept_uploads: list[Upload] = []
        self._new_uploads: list[Upload] | None = None

    @property
    def kept_name(self) -> str:
        return f"{self.name}-kept"

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        self.kept, self._kept_uploads, self._new_uploads = [], [], None
        for token in formdata.getlist(self.kept_name) if formdata else ():
            found = keptfiles.kept_file(token)
            if found is not None:
                self.kept.append(found[0])
                self._kept_uploads.append(found[1])

    def new_uploads(self) -> list[Upload]:
        """The files chosen in this send, each read only one byte past the limit, so a huge one costs little."""
        if self._new_uploads is None:
            self._new_uploads = []
            for storage in self.data or []:
                if getattr(storage, "filename", ""):
                    self._new_uploads.append(Upload(storage.filename, storage.read(self.max_bytes + 1)))
                    storage.close()
        return self._new_uploads

    def uploads(self) -> list[Upload]:
        return [*self._kept_uploads, *self.new_uploads()]

    def keep(self) -> None:
        """Keep this send's new files for the re-shown form; one over the size limit was refused for its size and
        is not kept."""
        for upload in self.new_uploads():
            if upload.data and len(upload.data) <= self.max_bytes:
                kept = keptfiles.keep_file(upload)
                self.kept.append(kept)
                self._kept_uploads.append(upload)
        self._new_uploads = []


def place_error(form: FlaskForm, error: DomainError) -> None:
    """A domain error beside the field it names, or at the top of the form when it names none the form has; each
    of several at once (InvalidFields) likewise. A field that already shows an error keeps only that one."""
    for each in getattr(error, "errors", None) or [error]:
        field = form._fields.get(each.field) if each.field else None
        if field is not None:
            if not field.errors:
                field.errors = [str(each)]
        elif str(each) not in form.form_errors:
            form.form_errors.append(str(each))


def unavailable_message() -> str:
    return _("We could not save this just now. Nothing you wrote was lost: send it again in a moment.")


def waiting_message(seconds: float) -> str:
    """The real time to wait, in minutes, or in hours when the day's limit was reached."""
    minutes = max(1, round(seconds / 60))
    if minutes > 90:
        hours = round(minutes / 60)
        return ngettext("Too many forms were sent from your connection. Your text is kept below: send it again "
                        "in %(num)d hour.",
                        "Too many forms were sent from your connection. Your text is kept below: send it again "
                        "in %(num)d hours.", hours)
    return ngettext("Too many forms were sent from your connection. Your text is kept below: send it again "
                    "in %(num)d minute.",
                    "Too many forms were sent from your connection. Your text is kept below: send it again "
                    "in %(num)d minutes.", minutes)


def _attempt(form: FlaskForm, perform: Callable[[], Any], check: Callable[[], list[DomainError]] | None,
             commit_refusals: bool) -> tuple[int | None, Any]:
    waiting = g.pop(_WAITING, None)
    if waiting is not None:
        form.form_errors.append(waiting_message(waiting))
        return RATE_LIMITED, waiting
    try:
        valid = form.validate()
        for problem in check() if check else ():
            place_error(form, problem)
            valid = False
        if not valid:
            return REFUSED, None
        result = perform()
        db.session.commit()
    except DomainError as error:
        if commit_refusals:
            db.session.commit()
        else:
            db.session.rollback()
        place_error(form, error)
        return REFUSED, None
    except (OperationalError, InterfaceError):
        db.session.rollback()
        form.form_errors.append(unavailable_message())
        return UNAVAILABLE, None
    return None, result


def handle_form(form: FlaskForm, perform: Callable[[], Any], *, page: Callable[[int], Any],
                done: Callable[[Any], Any], check: Callable[[], list[DomainError]] | None = None,
                commit_refusals: bool = False):
    """Show the form on GET; on POST validate it, run `perform` (the service call), commit once and answer with
    `done(result)`. Any refusal shows `page(status)` again with every error, the text and the files kept.

    `check` returns the service's own objections without acting, run even when fields are wrong, so that every
    problem shows in one send; `commit_refusals` keeps what the service wrote before refusing (a failed sign-in
    is counted)."""
    if request.method != "POST":
        return page(200)
    status, result = _attempt(form, perform, check, commit_refusals)
    if status is None:
        return done(result)
    for field in form:
        if isinstance(field, KeptFilesField):
            field.keep()
    response = make_response(page(status))
    if response.status_code == 200:
        response.status_code = status
    if status == RATE_LIMITED:
        response.headers["Retry-After"] = str(max(1, int(result)))
    return response


def _seconds_to_wait() -> float:
    breached = [limit for limit in limiter.current_limits if limit.breached]
    return max((limit.reset_at for limit in breached), default=time.time() + 60) - time.time()


def form_view(view):
    """Mark a view whose form goes through `handle_form`.

    The form checks its own CSRF token, so the site-wide check (which answers a bare 400) is skipped: an expired or
    lost session becomes a form error with everything kept. When a rate limit on the view refuses a request, the
    view runs without its limits and `handle_form` shows the form again with the real waiting time instead of
    saving anything."""
    unlimited = view
    while getattr(unlimited, "__wrapper-limiter-instance", None) is not None:
        unlimited = unlimited.__wrapped__

    @wraps(view)
    def keeping_the_form(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except RateLimitExceeded:
            g.setdefault(_WAITING, _seconds_to_wait())
            return unlimited(*args, **kwargs)

    csrf.exempt(keeping_the_form)
    return keeping_the_form



class QueryForm(BaseForm):
    """A form read by GET: its answer has an address that can be bookmarked or sent on, and a search changes nothing,
    so it carries no CSRF token."""

    class Meta:
        csrf = False


def optional_year_field(first: int, message: str) -> IntegerField:
    """The year filter of a GET form: empty for any year, else a year from `first` to 2100."""
    return IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=first, max=2100, message=message)])


def required_year_field(first: int, message: str) -> IntegerField:
    """The year chooser of a GET form: a year from `first` to 2100, `message` saying that range when it is missing
    or outside."""
    return IntegerField(
        _l("Year"), validators=[DataRequired(message), NumberRange(min=first, max=2100, message=message)]
    )
