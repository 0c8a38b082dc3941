"""/disclosures: what units have made public, and the officials' drafting, approval, correction and withdrawal."""

import segno
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from portal.accounts.access import has_role, is_site_admin
from portal.accounts.models import Role
from portal.core import files
from portal.core.errors import InvalidInput
from portal.core.forms import handle_form
from portal.core.httpcache import kept_for_readers, public_page
from portal.core.i18n import _
from portal.core.pages import acted, data_from, flash_and_go, form_page, form_route, route_follow_links
from portal.core.timeutil import local_date, start_of_local_day, utcnow
from portal.disclosures import categories as categories_service
from portal.disclosures import follows, lists, redaction, reports, services, tokens
from portal.disclosures.forms import (
    AttachForm,
    CategoryForm,
    ConfirmForm,
    CorrectionForm,
    DraftForm,
    FollowForm,
    ListingForm,
    RedactForm,
    ReportPeriodForm,
    TokenForm,
    WithdrawForm,
)
from portal.disclosures.models import Audience, DisclosureStatus
from portal.plans.authoring import plan_of_disclosure
from portal.units.models import UnitKind
from portal.units.services import dissolved_ancestor, get_unit_by_code, successions_of, unit_content

# The plan whose original document a disclosure is: looked up by the page unless the caller already did.
_LOOK_UP = object()

bp = Blueprint("disclosures", __name__, url_prefix="/disclosures")
FOLLOW_LIMIT = "5 per minute; 30 per hour"


def _category_choices(with_any: bool):
    language = str(get_locale())
    choices = [SelectChoice(c.code, c.name(language)) for c in lists.active_categories()]
    return [SelectChoice("", _("Any category")), *choices] if with_any else choices


def listing_from(form: ListingForm, unit, after_id: int | None = None) -> lists.Listing:
    """The filters the public list and its feed (portal.disclosures.feeds) share, as the form read them."""
    return lists.Listing(
        unit=unit,
        category_code=form.category.data or "",
        query=form.q.data or "",
        year=form.year.data,
        status=DisclosureStatus(form.status.data) if form.status.data else None,
        after_id=after_id,
    )


@bp.get("/")
@kept_for_readers(unit_content, lists.disclosure_content)
def index():
    unit = get_unit_by_code(request.args["unit"]) if request.args.get("unit") else None
    form = ListingForm(request.args)
    form.category.choices = _category_choices(with_any=True)
    now = utcnow()
    found, next_id, drafts = [], None, []
    if form.validate():
        found, next_id = lists.list_public(listing_from(form, unit, request.args.get("after", type=int)), now=now)
    may_draft = unit is not None and has_role(current_user, unit, services.AUTHORS)
    if may_draft:
        drafts = [
            d
            for d in lists.list_for_unit_officials(current_user, unit)
            if services.status_of(d, now) in {DisclosureStatus.draft, DisclosureStatus.scheduled}
        ]
    rows = [(d, services.status_of(d, now), d.posting_last_day) for d in found]
    language = str(get_locale())
    shown = [
        unit.name if unit else None,
        form.category.choices,
        next_id,
        [(d.id, d.title, d.unit.name, d.category.name(language), s.value, d.posting_start, last)
         for d, s, last in rows],
    ]
    return public_page(
        lambda: render_template(
            "disclosures/index.html",
            form=form,
            unit=unit,
            next_id=next_id,
            may_draft=may_draft,
            may_issue_tokens=unit is not None and has_role(current_user, unit, {Role.unit_admin}),
            rows=rows,
            drafts=[(d, services.status_of(d, now)) for d in drafts],
        ),
        shown,
    )


def _period_form() -> ReportPeriodForm:
    today = local_date(utcnow())
    defaults = {"year": str(today.year), "quarter": str((today.month - 1) // 3 + 1)}
    return ReportPeriodForm(MultiDict({**defaults, **request.args.to_dict()}))


@bp.get("/quarterly")
def quarterly():
    """Art. 13: the unit's quarterly list of everything it disclosed, with forms and posting dates."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    form = _period_form()
    rows = []
    if form.validate():
        found = reports.quarterly_list(unit, form.year.data, int(form.quarter.data or 1))
        rows = [(d, d.posting_last_day) for d in found]
    return render_template("disclosures/quarterly.html", unit=unit, form=form, rows=rows)


@bp.get("/compliance")
def compliance():
    """Which required categories the unit disclosed on time, late, or not at all in a year."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    form = _period_form()
    rows = reports.compliance(unit, form.year.data) if form.validate() else []
    return render_template("disclosures/compliance.html", unit=unit, form=form, rows=rows, language=str(get_locale()))


@bp.get("/categories")
def categories():
    return render_template(
        "disclosures/categories.html",
        categories=categories_service.all_categories(),
        language=str(get_locale()),
        may_manage=is_site_admin(current_user, whole_site=True),
    )


def _category_data(form: CategoryForm) -> categories_service.CategoryData:
    return data_from(form, categories_service.CategoryData,
                     posting_days=None if form.is_permanent.data else form.posting_days.data,
                     audience=Audience(form.audience.data),
                     required_for=[UnitKind(kind) for kind in form.required_for.data or []])


@bp.route("/categories/new", methods=["GET", "POST"])
@form_route(bp, "/categories/<code>/edit")
def edit_category(code: str | None = None):
    categories_service.check_may_manage_categories(current_user)
    category = categories_service.get_category(code) if code else None
    form = CategoryForm(obj=category)
    if request.method == "GET" and category is not None:
        form.is_permanent.data = category.is_permanent
        form.audience.data = category.audience.value

    def check():
        if not form.is_permanent.data and not form.posting_days.data:
            return [InvalidInput(_("Enter the posting period in days, or choose permanent posting."),
                                 field="posting_days")]
        return []

    def save():
        if category is None:
            categories_service.create_category(current_user, form.code.data, _category_data(form))
        else:
            categories_service.update_category(current_user, category, _category_data(form))

    return form_page(form, save, check=check, template="disclosures/category_form.html", category=category,
                     message=_("The category has been saved."), to=url_for("disclosures.categories"))


def _shown_at(disclosure) -> str:
    return url_for("disclosures.show", disclosure_id=disclosure.id)


def _readable(disclosure_id: int):
    disclosure = services.get_disclosure(disclosure_id)
    if not services.may_read(current_user if current_user.is_authenticated else None, disclosure, utcnow()):
        abort(404)
    return disclosure


@bp.get("/<int:disclosure_id>")
@kept_for_readers(unit_content, lists.disclosure_content)
def show(disclosure_id: int):
    disclosure = _readable(disclosure_id)
    dissolved = dissolved_ancestor(disclosure.unit)
    issuer_successions = successions_of(dissolved) if dissolved is not None else []
    plan = plan_of_disclosure(disclosure.id)
    return public_page(
        lambda: _show_page(disclosure, issuer_successions=issuer_successions, plan=plan),
        (services.public_state(disclosure, utcnow()),
         [(row.successor.code, row.successor.name, row.effective_on) for row in issuer_successions],
         (plan.id, plan.title) if plan else None),
    )


def _show_page(disclosure, *, attach_form=None, issuer_successions=None, plan=_LOOK_UP):
    """The disclosure's page; officials who may author it also get the upload form (with what a refused send kept).
    A reader gets no form: it would put a CSRF token in a new session cookie and make the page uncacheable."""
    now = utcnow()
    may_author = has_role(current_user, disclosure.unit, services.AUTHORS)
    if issuer_successions is None:
        # An issuer dissolved in 2025 (or a body of one) keeps its name on the document and shows who took it over.
        dissolved = dissolved_ancestor(disclosure.unit)
        issuer_successions = successions_of(dissolved) if dissolved is not None else []
    return render_template(
        "disclosures/show.html",
        disclosure=disclosure,
        now=now,
        status=services.status_of(disclosure, now),
        last_day=disclosure.posting_last_day,
        days_left=services.days_left(disclosure, now),
        record=reports.posting_record(disclosure),
        language=str(get_locale()),
        may_author=may_author,
        may_head=has_role(current_user, disclosure.unit, {Role.unit_head}),
        plan=plan_of_disclosure(disclosure.id) if plan is _LOOK_UP else plan,
        may_redact=redaction.may_redact(current_user, disclosure, now),
        attach_form=(attach_form or AttachForm()) if may_author else None,
        issuer_successions=issuer_successions,
    )


@bp.get("/<int:disclosure_id>/notice")
def notice(disclosure_id: int):
    """The A4 page for the physical board: its QR code leads here, its hash proves the paper matches."""
    disclosure = _readable(disclosure_id)
    link = current_app.config["PORTAL_BASE_URL"] + url_for("disclosures.show", disclosure_id=disclosure.id)
    return render_template(
        "disclosures/notice.html",
        disclosure=disclosure,
        link=link,
        last_day=disclosure.posting_last_day,
        qr=segno.make(link, error="m").svg_data_uri(scale=4, border=2),
        language=str(get_locale()),
    )


@bp.get("/<int:disclosure_id>/files/<int:attachment_id>")
def attachment(disclosure_id: int, attachment_id: int):
    disclosure = _readable(disclosure_id)
    found = next((a for a in disclosure.attachments if a.id == attachment_id), None)
    if found is None:
        abort(404)
    return files.download(found.sha256, found.content_type, found.filename)


@form_route(bp, "/new")
def new():
    unit = get_unit_by_code(request.args.get("unit", ""))
    services.check_may_draft(current_user, unit)
    form = DraftForm()
    form.category.choices = _category_choices(with_any=False)
    form.replaces.choices = [
        SelectChoice("", _("Nothing")),
        *(SelectChoice(str(d.id), d.title) for d in services.permanent_postings(unit, utcnow())),
    ]

    def draft():
        data = services.DraftData(
            unit_code=unit.code,
            category_code=form.category.data,
            title=form.title.data,
            body_markdown=form.body.data,
            posting_start=max(start_of_local_day(form.posting_start.data), utcnow()),
            document_number=form.document_number.data or "",
            document_date=form.document_date.data,
            decided_on=form.decided_on.data,
            posting_days=form.posting_days.data,
            posting_places=(form.posting_places.data or "").splitlines(),
            replaces_id=int(form.replaces.data) if (form.replaces.data or "").isdigit() else None,
        )
        disclosure = services.create_draft(current_user, data)
        for upload in form.files.uploads():
            services.add_attachment(current_user, disclosure, upload.filename, upload.data)
        return disclosure

    return form_page(form, draft, template="disclosures/new.html", unit=unit,
                     message=_("The draft is saved. The head of the unit can now approve it."),
                     to=_shown_at)


@form_route(bp, "/<int:disclosure_id>/files", methods=["POST"])
def attach(disclosure_id: int):
    """A refused file brings back the disclosure's page with the reason beside the field and the file kept."""
    disclosure = services.get_disclosure(disclosure_id)
    form = AttachForm()

    def attach_files():
        uploads = form.file.uploads()
        if not uploads:
            raise InvalidInput(_("Choose a file to attach."), field="file")
        for upload in uploads:
            services.add_attachment(current_user, disclosure, upload.filename, upload.data, form_field="file")

    return handle_form(form, attach_files, page=lambda status: _show_page(disclosure, attach_form=form),
                       done=flash_and_go(_("The file is attached."), _shown_at(disclosure)))


@bp.post("/<int:disclosure_id>/approve")
@login_required
def approve(disclosure_id: int):
    disclosure = services.get_disclosure(disclosure_id)
    services.approve_disclosure(current_user, disclosure)
    return acted(_("Approved. The disclosure is posted from its start day by itself."), _shown_at(disclosure))


@form_route(bp, "/<int:disclosure_id>/correct")
def correct(disclosure_id: int):
    disclosure = services.get_disclosure(disclosure_id)
    services.check_may_change(current_user, disclosure)
    form = CorrectionForm(body=disclosure.current_version.body_markdown if request.method == "GET" else None)

    return form_page(form, lambda: services.correct_disclosure(current_user, disclosure, form.body.data,
                                                               form.reason.data),
                     template="disclosures/correct.html", disclosure=disclosure,
                     message=_("The correction is posted beside the earlier version."), to=_shown_at(disclosure))


@form_route(bp, "/<int:disclosure_id>/withdraw")
def withdraw(disclosure_id: int):
    disclosure = services.get_disclosure(disclosure_id)
    services.check_may_withdraw(current_user, disclosure)
    form = WithdrawForm()

    return form_page(form, lambda: services.withdraw_disclosure(current_user, disclosure, form.reason.data),
                     template="disclosures/withdraw.html", disclosure=disclosure,
                     message=_("The disclosure is withdrawn. The reason is shown publicly."), to=_shown_at(disclosure))


@form_route(bp, "/<int:disclosure_id>/redact")
def redact(disclosure_id: int):
    disclosure = services.get_disclosure(disclosure_id)
    redaction.check_may_redact(current_user, disclosure, utcnow())
    current = disclosure.current_version
    form = RedactForm(
        version=current.number,
        passages="\n".join(redaction.suggested_passages(current)) if request.method == "GET" else None,
    )
    form.version.choices = [(v.number, _("Version %(number)d", number=v.number)) for v in reversed(disclosure.versions)]

    return form_page(
        form,
        lambda: redaction.redact_version(current_user, disclosure, form.version.data, form.passages.data.splitlines(),
                                         form.reason.data),
        template="disclosures/redact.html", disclosure=disclosure,
        message=_("The passages are removed. The public sees the date and your reason beside the text."),
        to=_shown_at(disclosure),
    )


@form_route(bp, "/tokens")
def api_tokens():
    """A unit administrator issues and revokes the tokens its document-management system posts drafts with."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    form = TokenForm()

    def page(status, secret=None):
        return render_template("disclosures/tokens.html", unit=unit, form=form, secret=secret,
                               tokens=tokens.list_tokens(current_user, unit))

    return handle_form(form, lambda: tokens.issue_token(current_user, unit, form.name.data)[1], page=page,
                       done=lambda secret: page(200, secret))


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = tokens.revoke_token(current_user, token_id)
    return acted(_("The token is revoked. Requests with it are refused from now on."),
                 url_for("disclosures.api_tokens", unit=token.unit.code))


def _public_category_choices():
    language = str(get_locale())
    public = [c for c in lists.active_categories() if c.audience == Audience.public]
    return [SelectChoice("", _("All categories")), *(SelectChoice(c.code, c.name(language)) for c in public)]


@form_route(bp, "/follow", signed_in=False, limit=FOLLOW_LIMIT)
def follow():
    """A citizen asks for an email whenever the unit posts a disclosure (of one category, or any)."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    form = FollowForm(category=request.args.get("category", ""))
    form.category.choices = _public_category_choices()

    def request_following():
        if form.website.data:
            return
        category = services.category_by_code(form.category.data) if form.category.data else None
        follows.request_follow(form.email.data, unit, category, language=str(get_locale()))

    return form_page(form, request_following, template="disclosures/follow.html", unit=unit, message=None,
                     to=url_for("disclosures.follow_sent", unit=unit.code))


@bp.get("/follow/sent")
def follow_sent():
    unit = get_unit_by_code(request.args.get("unit", ""))
    return render_template("disclosures/follow_sent.html", unit=unit)


route_follow_links(
    bp, follows, form=ConfirmForm, folder="disclosures",
    confirmed=lambda followed: _("Thank you: you will receive an email when %(unit)s posts a disclosure.",
                                 unit=followed.unit.name),
    stopped=lambda followed: _("You will receive no more emails about the disclosures of %(unit)s.",
                               unit=followed.unit.name),
    to=lambda followed: url_for("disclosures.index", unit=followed.unit.code),
)
