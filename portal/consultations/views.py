"""/consultations: a unit's consultations; a draft read part by part, each part with its own comment page (no
account, no JavaScript); the synthesis, printable and exported; and the officials' pages that run it all."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.consultations import services, synthesis
from portal.consultations.forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    ConfirmForm,
    ConsultationForm,
    GroupForm,
    ModerateForm,
    RecordForm,
    RevisionForm,
    SynthesisTextForm,
)
from portal.consultations.models import Channel, Moderation, Status
from portal.core import files
from portal.core.errors import InvalidInput, NotFound
from portal.core.forms import handle_form
from portal.core.i18n import _, _l
from portal.core.pages import atom_feed, flash_and_go, form_page, form_route, route_table, submit_limit
from portal.core.responses import spreadsheet_download
from portal.core.timeutil import utcnow
from portal.units.services import get_unit_by_code

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
MAX_REQUEST_BYTES = 60 * 1024 * 1024


@bp.app_template_filter("channel_title")
def channel_title(value: str) -> str:
    return Channel(value).title if value in set(Channel) else value


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", ""))
    may_draft = services.may_draft(current_user, unit)
    found = services.consultations_of(unit, with_drafts=may_draft)
    now = utcnow()
    return render_template("consultations/index.html", unit=unit, now=now,
                           open=[c for c in found if c.status_at(now) in (Status.open, Status.draft)],
                           past=[c for c in found if c.status_at(now) in (Status.synthesis, Status.closed)],
                           may_draft=may_draft)


@bp.get("/feed.atom")
def feed():
    unit = get_unit_by_code(request.args.get("unit", ""))
    return atom_feed("consultations/feed.xml", "consultations.feed", {"unit": unit.code}, unit=unit,
                     entries=services.consultations_of(unit)[:50])


def _context(consultation, now):
    return {
        "consultation": consultation, "now": now, "status": consultation.status_at(now),
        "days_left": services.days_left(consultation, now), "counts": services.counts_by_part(consultation),
        "author": services.shown_author, "took": synthesis.synthesis_took(consultation),
        "may_manage": services.may_manage(current_user, consultation),
    }


@bp.get("/<int:consultation_id>")
def show(consultation_id: int):
    consultation = services.get_consultation(consultation_id, current_user)
    now = utcnow()
    return render_template("consultations/show.html", whole=services.public_comments(consultation, whole=True),
                           changes=synthesis.differences(consultation), **_context(consultation, now))


@bp.route("/<int:consultation_id>/comment", methods=["GET", "POST"], defaults={"part_id": None})
@form_route(bp, "/<int:consultation_id>/parts/<int:part_id>", signed_in=False, limit=submit_limit)
def part(consultation_id: int, part_id: int | None):
    """A part of the draft with its published comments and the form to comment on it (or on the whole draft)."""
    consultation = services.get_consultation(consultation_id, current_user)
    shown = services.get_part(consultation, part_id) if part_id is not None else None
    form = CommentForm()
    now = utcnow()

    def data():
        return services.NewComment(text=form.text.data or "", part_id=part_id, author_name=form.author_name.data or "",
                                   village=form.village.data or "", is_named=bool(form.is_named.data),
                                   email=form.email.data or "", language=str(get_locale()))

    def check():
        problems = services.comment_problems(consultation, data(), sender=services.sender_key(request.remote_addr),
                                             now=now)
        return [*problems, *form.honeypot_refusal()]

    parts = consultation.draft_parts
    index = next((i for i, each in enumerate(parts) if each.id == part_id), None)
    return handle_form(
        form,
        lambda: services.submit_comment(consultation, data(), sender=services.sender_key(request.remote_addr),
                                        now=now),
        check=check,
        done=flash_and_go(_("Thank you. Your comment is received and will be shown once checked for personal data "
                            "and abuse."),
                          url_for("consultations.part", consultation_id=consultation.id, part_id=part_id,
                                  _anchor="comments")),
        page=lambda status: render_template(
            "consultations/part.html", part=shown, form=form,
            comments=services.public_comments(consultation, part_id, whole=part_id is None),
            previous=parts[index - 1] if index else None,
            next=parts[index + 1] if index is not None and index + 1 < len(parts) else None,
            **_context(consultation, now)),
    )


@bp.get("/<int:consultation_id>/synthesis")
def synthesis_page(consultation_id: int):
    consultation = services.get_consultation(consultation_id, current_user)
    return render_template("consultations/synthesis.html", changes=synthesis.differences(consultation),
                           **_context(consultation, utcnow()))


@bp.get("/<int:consultation_id>/comments.<any(csv, xlsx):extension>")
def export(consultation_id: int, extension: str):
    consultation = services.get_consultation(consultation_id, current_user)
    body = synthesis.export_csv(consultation) if extension == "csv" else synthesis.export_xlsx(consultation)
    return spreadsheet_download(extension, body, f"consultation-{consultation.id}-comments")


@bp.get("/<int:consultation_id>/files/<int:file_id>")
def attachment(consultation_id: int, file_id: int):
    consultation = services.get_consultation(consultation_id, current_user)
    found = next((each for each in consultation.attachments if each.id == file_id), None)
    if found is None:
        raise NotFound(_("There is no such file."))
    return files.download(found.sha256, found.content_type, found.filename)


def _new_data(form: ConsultationForm, with_document: bool = True) -> services.NewConsultation:
    return services.NewConsultation(
        matter=form.matter.data or "", title=form.title.data or "", summary=form.summary.data or "",
        draft_text=services.draft_text_of(form.draft_text.data, form.document.uploads() if with_document else []),
        period_days=form.period_days.data, channels=form.channels.data or [], area_ids=form.areas.data or [],
        attachments=form.attachments.uploads(),
    )


@form_route(bp, "/new")
def new():
    request.max_content_length = MAX_REQUEST_BYTES
    unit = get_unit_by_code(request.args.get("unit", ""))
    services.check_may_draft(current_user, unit)
    form = ConsultationForm()
    form.areas.choices = [SelectChoice(child.id, child.name) for child in services.sub_units(unit)]

    def check():
        try:
            return services.draft_problems(unit, _new_data(form))
        except InvalidInput as problem:
            return [problem]

    return form_page(form, lambda: services.create_consultation(current_user, unit, _new_data(form)), check=check,
                     template="consultations/new.html", unit=unit, message=None, to=_manage_url)


def _manage_page(consultation, **forms):
    now = utcnow()
    published = [c for c in consultation.comments if c.moderation == Moderation.published]
    # Forms other than the one refused show what is stored, not the fields of the form that was sent.
    assign = forms.get("assign_form") or AssignForm(formdata=None)
    assign.group.choices = [SelectChoice("", _("No group")),
                            *(SelectChoice(group.id, group.title) for group in consultation.groups)]
    assign.comments.choices = [SelectChoice(c.id, c.shown_text[:60]) for c in published]
    answers = {group.id: forms.get(f"answer_{group.id}") or AnswerForm(formdata=None, prefix=f"g{group.id}",
                                                                       obj=group)
               for group in consultation.groups}
    return render_template(
        "consultations/manage.html", pending=[c for c in consultation.comments if c.moderation == Moderation.pending],
        published=published, moderate_form=ModerateForm, confirm=ConfirmForm(), assign_form=assign, answers=answers,
        group_form=forms.get("group_form") or GroupForm(formdata=None),
        text_form=forms.get("text_form") or SynthesisTextForm(formdata=None, obj=consultation),
        close_form=forms.get("close_form") or ConfirmForm(), unanswered=synthesis.unanswered(consultation),
        action_form=forms.get("publish_form") or forms.get("moderate_form"),
        **_context(consultation, now))


def _manage_url(consultation) -> str:
    return url_for("consultations.manage", consultation_id=consultation.id)


def _act(consultation, form, name, action, success):
    return handle_form(form, action, page=lambda status: _manage_page(consultation, **{name: form}),
                       done=flash_and_go(success, _manage_url(consultation)))


def _managed(consultation_id: int):
    consultation = services.get_consultation(consultation_id, current_user)
    services.check_may_manage(current_user, consultation)
    return consultation


@bp.get("/<int:consultation_id>/manage")
@login_required
def manage(consultation_id: int):
    return _manage_page(_managed(consultation_id))


@form_route(bp, "/<int:consultation_id>/comments/<int:comment_id>/moderate", methods=["POST"])
def moderate(consultation_id: int, comment_id: int):
    consultation = _managed(consultation_id)
    comment = services.get_comment(consultation, comment_id)
    form = ModerateForm(prefix=f"c{comment.id}")
    return _act(consultation, form, "moderate_form",
                lambda: services.moderate_comment(current_user, comment, form.refusal.data or None),
                _("The decision on the comment is saved."))


@form_route(bp, "/<int:consultation_id>/record")
def record(consultation_id: int):
    consultation = _managed(consultation_id)
    form = RecordForm()
    form.part_id.choices = [SelectChoice("", _("The draft as a whole")),
                            *(SelectChoice(part.id, part.label[:100]) for part in consultation.draft_parts)]

    def data():
        return services.NewComment(
            text=form.text.data or "", part_id=form.part_id.data, author_name=form.author_name.data or "",
            village=form.village.data or "", is_named=bool(form.is_named.data), email=form.email.data or "")

    return form_page(
        form,
        lambda: services.record_comment(current_user, consultation, data(), form.channel.data or "",
                                        form.received_on.data),
        template="consultations/record.html", consultation=consultation, message=_("The comment is recorded."),
        to=_manage_url(consultation),
    )


@form_route(bp, "/<int:consultation_id>/groups/<int:group_id>/answer", methods=["POST"])
def answer(consultation_id: int, group_id: int):
    consultation = _managed(consultation_id)
    group = next((group for group in consultation.groups if group.id == group_id), None)
    if group is None:
        raise NotFound(_("There is no such group."))
    form = AnswerForm(prefix=f"g{group.id}")
    return _act(consultation, form, f"answer_{group.id}",
                lambda: synthesis.answer_group(current_user, group, form.disposition.data or "",
                                               form.answer.data or ""),
                _("The answer to the group is saved."))


@form_route(bp, "/<int:consultation_id>/revision")
def revision(consultation_id: int):
    request.max_content_length = MAX_REQUEST_BYTES
    consultation = _managed(consultation_id)
    form = RevisionForm()
    return form_page(
        form,
        lambda: synthesis.attach_revision(current_user, consultation,
                                          services.draft_text_of(form.revised_text.data, form.document.uploads())),
        template="consultations/revision.html", consultation=consultation, message=None,
        to=url_for("consultations.show", consultation_id=consultation.id, _anchor="changes"),
    )


def _button(act, message, form_class, form_name):
    """A button of the managing page without an object of its own: `act(consultation, form)`."""

    def press(consultation_id: int):
        consultation = _managed(consultation_id)
        form = form_class()
        return _act(consultation, form, form_name, lambda: act(consultation, form), message)

    return press


# The managing page's buttons, by endpoint: (address, service call, message, form, its name on the page).
_BUTTONS = {
    "publish": ("/<int:consultation_id>/publish",
                lambda consultation, _form: services.publish_consultation(current_user, consultation),
                _l("The consultation is published; residents may comment until the date shown."), ConfirmForm,
                "publish_form"),
    "add_group": ("/<int:consultation_id>/groups",
                  lambda consultation, form: synthesis.add_group(current_user, consultation, form.title.data or ""),
                  _l("The group is added."), GroupForm, "group_form"),
    "assign": ("/<int:consultation_id>/assign",
               lambda consultation, form: synthesis.assign_comments(current_user, consultation, form.group.data,
                                                                    form.comments.data or []),
               _l("The comments are grouped."), AssignForm, "assign_form"),
    "synthesis_text": ("/<int:consultation_id>/synthesis-text",
                       lambda consultation, form: synthesis.write_synthesis_text(current_user, consultation,
                                                                                 form.synthesis_text.data or ""),
                       _l("The introduction is saved."), SynthesisTextForm, "text_form"),
    "close": ("/<int:consultation_id>/close",
              lambda consultation, _form: synthesis.close_consultation(current_user, consultation),
              _l("The consultation is closed and its synthesis published; commenters who left an email are told."),
              ConfirmForm, "close_form"),
}
route_table(bp, _BUTTONS, _button)
