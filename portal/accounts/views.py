"""/accounts: sign-in in two steps, the official's own account, and administration of officials."""

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import services
from portal.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    InviteForm,
    LoginForm,
    NewPasswordForm,
    OfficialFilterForm,
    RoleForm,
)
from portal.accounts.models import Role, User
from portal.core.errors import DomainError, InvalidInput, NotAllowed
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db, limiter
from portal.language.views import safe_next

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

PENDING_USER = "pending_user_id"
PENDING_SINCE = "pending_since"
PENDING_SECRET = "pending_totp_secret"  # noqa: S105 (a session key, not a secret)
PENDING_NEXT = "pending_next"
PENDING_MINUTES = 5
SIGN_IN_LIMIT = "20 per minute"


def _pending_user() -> User | None:
    """The official who passed the password step in the last few minutes, if any."""
    user_id, since = session.get(PENDING_USER), session.get(PENDING_SINCE)
    if user_id is None or since is None or utcnow().timestamp() - since > PENDING_MINUTES * 60:
        return None
    return db.session.get(User, user_id)


def _finish_sign_in(user: User):
    target = safe_next(session.get(PENDING_NEXT)) if session.get(PENDING_NEXT) else url_for("accounts.account")
    session.clear()
    login_user(user)
    session.permanent = True
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate_password(form.email.data, form.password.data, ip_address=request.remote_addr)
        except DomainError as error:
            db.session.commit()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            session.clear()
            session.update(
                {PENDING_USER: user.id, PENDING_SINCE: utcnow().timestamp(), PENDING_NEXT: request.args.get("next", "")}
            )
            return redirect(url_for("accounts.code" if user.has_totp else "accounts.setup"))
    return render_template("accounts/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def code():
    user = _pending_user()
    if user is None:
        flash(_("Sign in again: the page waited too long."), "warning")
        return redirect(url_for("accounts.login"))
    if not user.has_totp:
        return redirect(url_for("accounts.setup"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            services.verify_second_factor(user, form.code.data, ip_address=request.remote_addr)
        except DomainError as error:
            db.session.commit()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return _finish_sign_in(user)
    return render_template("accounts/code.html", form=form)


@bp.route("/login/setup", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def setup():
    user = _pending_user()
    if user is None:
        flash(_("Sign in again: the page waited too long."), "warning")
        return redirect(url_for("accounts.login"))
    if user.has_totp:
        return redirect(url_for("accounts.code"))
    secret = session.setdefault(PENDING_SECRET, services.new_totp_secret())
    form = CodeForm()
    if form.validate_on_submit():
        try:
            services.confirm_totp_setup(user, secret, form.code.data, ip_address=request.remote_addr)
        except DomainError as error:
            db.session.commit()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return _finish_sign_in(user)
    uri = services.totp_provisioning_uri(user, secret)
    qr_data = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return render_template(
        "accounts/setup.html", form=form, secret=secret, qr_data=qr_data, issuer=services.TOTP_ISSUER, email=user.email
    )


@bp.post("/logout")
@login_required
def logout():
    services.record_logout(current_user, ip_address=request.remote_addr)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("home.index"))


@bp.get("/")
@login_required
def account():
    return render_template("accounts/account.html", form=ChangePasswordForm(), **_admin_links())


def _admin_links() -> dict:
    holds_admin = services.may_manage_officials(current_user)
    return {"may_manage_officials": holds_admin, "may_read_audit": holds_admin}


@bp.post("/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except InvalidInput as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form, **_admin_links()), 400


@bp.get("/users")
@login_required
def users():
    form = OfficialFilterForm(request.args)
    found = []
    if form.validate():
        found = services.list_officials(
            current_user,
            query=form.q.data or "",
            unit_code=form.unit.data or "",
            role=Role(form.role.data) if form.role.data else None,
        )
    return render_template("accounts/users.html", form=form, users=found)


@bp.route("/users/invite", methods=["GET", "POST"])
@login_required
def invite():
    form = InviteForm()
    if not services.may_manage_officials(current_user):
        raise NotAllowed(_("Only administrators may invite officials."))
    if form.validate_on_submit():
        data = services.NewInvitation(
            email=form.email.data,
            full_name=form.full_name.data,
            unit_code=form.unit_code.data or None,
            role=Role(form.role.data),
        )
        try:
            user, token = services.invite_official(current_user, data)
        except InvalidInput as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return render_template("accounts/invited.html", user=user, link=_invitation_link(token))
    return render_template("accounts/invite.html", form=form)


def _invitation_link(token: str | None) -> str | None:
    if token is None:
        return None
    return current_app.config["PORTAL_BASE_URL"] + url_for("accounts.invitation", token=token)


def _managed_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    services.check_may_manage(current_user, user)
    return user


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int):
    official = _managed_user(user_id)
    return render_template("accounts/user.html", official=official, form=RoleForm())


@bp.post("/users/<int:user_id>/roles")
@login_required
def grant(user_id: int):
    official = _managed_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            unit = services.unit_for_code(form.unit_code.data) if form.unit_code.data else None
            services.grant_role(current_user, official, unit, Role(form.role.data))
        except InvalidInput as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The role has been given."), "success")
            return redirect(url_for("accounts.user", user_id=official.id))
    return render_template("accounts/user.html", official=official, form=form), 400


@bp.post("/users/<int:user_id>/roles/<int:membership_id>/revoke")
@login_required
def revoke(user_id: int, membership_id: int):
    services.revoke_role(current_user, membership_id)
    db.session.commit()
    flash(_("The role has been removed."), "success")
    return redirect(url_for("accounts.user", user_id=user_id))


@bp.post("/users/<int:user_id>/<any(enable, disable):action>")
@login_required
def enable(user_id: int, action: str):
    services.set_enabled(current_user, _managed_user(user_id), action == "enable")
    db.session.commit()
    flash(_("The account has been enabled.") if action == "enable" else _("The account has been disabled."), "success")
    return redirect(url_for("accounts.user", user_id=user_id))


@bp.post("/users/<int:user_id>/reset-second-factor")
@login_required
def reset_second_factor(user_id: int):
    services.reset_second_factor(current_user, _managed_user(user_id))
    db.session.commit()
    flash(_("The second factor has been reset. The official will set it up again at the next sign-in."), "success")
    return redirect(url_for("accounts.user", user_id=user_id))


@bp.post("/users/<int:user_id>/reinvite")
@login_required
def reinvite(user_id: int):
    official = _managed_user(user_id)
    token = services.reissue_invitation(current_user, official)
    db.session.commit()
    return render_template("accounts/invited.html", user=official, link=_invitation_link(token))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def invitation(token: str):
    invitation = services.find_invitation(token)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(token, form.password.data)
        except InvalidInput as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your password is set. Sign in now; you will then set up the second factor."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/invitation.html", form=form, official=invitation.user)
