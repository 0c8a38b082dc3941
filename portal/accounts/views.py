"""/accounts: sign-in in two steps, the official's own account, and administration of officials.

Between the password step and the code step the session holds only the pending
official's id and when they passed the password; the `next` page travels in the URL.
"""

from collections.abc import Callable
from functools import wraps

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import services, signin
from portal.accounts.access import is_site_admin
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
from portal.core.errors import DomainError, InvalidInput
from portal.core.forms import handle_form
from portal.core.i18n import _, _l
from portal.core.pages import acted, data_from, form_page, form_route, route_table
from portal.core.timeutil import utcnow
from portal.core.urls import safe_next
from portal.extensions import db

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

PENDING_USER = "pending_user_id"
PENDING_SINCE = "pending_since"
PENDING_MINUTES = 5
SIGN_IN_LIMIT = "20 per minute"


def _next_args() -> dict:
    """The page to return to after sign-in, kept only when it is a path on this site."""
    target = request.args.get("next", "")
    if not target or safe_next(target) != target:
        return {}
    return {"next": target}


def _pending_user() -> User | None:
    """The official who passed the password step in the last few minutes, if any."""
    user_id, since = session.get(PENDING_USER), session.get(PENDING_SINCE)
    if not isinstance(user_id, int) or not isinstance(since, float | int):
        return None
    if utcnow().timestamp() - since > PENDING_MINUTES * 60:
        session.clear()
        return None
    return db.session.get(User, user_id)


def _sign_in_again():
    flash(_("Sign in again: the page waited too long."), "warning")
    return redirect(url_for("accounts.login", **_next_args()))


def _finish_sign_in(user: User):
    """A fresh session for the signed-in official, so a session planted before sign-in is worth nothing."""
    target = _next_args().get("next") or url_for("accounts.account")
    session.clear()
    login_user(user)
    session.permanent = True
    return redirect(target)


@form_route(bp, "/login", signed_in=False, limit=SIGN_IN_LIMIT)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = LoginForm()

    def done(user: User):
        session.clear()
        session.update({PENDING_USER: user.id, PENDING_SINCE: utcnow().timestamp()})
        return redirect(url_for(_second_step(user), **_next_args()))

    return handle_form(
        form,
        lambda: signin.authenticate_password(form.email.data, form.password.data, ip_address=request.remote_addr),
        page=lambda status: render_template("accounts/login.html", form=form),
        done=done,
        commit_refusals=True,
    )


def _second_step(user: User) -> str:
    """After the password: the code from the official's app, or setting the app up when they have none yet."""
    return "accounts.code" if user.has_totp else "accounts.setup"


def _pending_step(view):
    """The code and setup steps: only for the official who passed the password in the last few minutes (the view
    is given them), and each only when it is that official's second step."""

    @wraps(view)
    def step():
        user = _pending_user()
        if user is None:
            return _sign_in_again()
        if _second_step(user) != request.endpoint:
            return redirect(url_for(_second_step(user), **_next_args()))
        return view(user)

    return step


def _take_code(user: User, check: Callable, page: Callable[[CodeForm], object]):
    """Both second steps take a code from the app: a right one signs the official in, a wrong one shows `page`
    again and is kept (it counts towards locking the account)."""
    form = CodeForm()
    return handle_form(form, lambda: check(user, form.code.data, ip_address=request.remote_addr),
                       page=lambda status: page(form), done=lambda _result: _finish_sign_in(user),
                       commit_refusals=True)


@form_route(bp, "/login/code", signed_in=False, limit=SIGN_IN_LIMIT)
@_pending_step
def code(user: User):
    return _take_code(user, signin.verify_second_factor, lambda form: render_template("accounts/code.html", form=form))


@form_route(bp, "/login/setup", signed_in=False, limit=SIGN_IN_LIMIT)
@_pending_step
def setup(user: User):
    """First sign-in: load the secret into an app, prove it with a code. Once confirmed the secret is never shown."""

    def page(form):
        try:
            secret = signin.start_totp_setup(user, ip_address=request.remote_addr)
        except DomainError as error:
            session.clear()
            flash(str(error), "error")
            return redirect(url_for("accounts.login"))
        db.session.commit()
        return render_template(
            "accounts/setup.html",
            form=form,
            secret=secret,
            qr_data=_qr_data_uri(signin.totp_provisioning_uri(user, secret)),
            issuer=signin.TOTP_ISSUER,
            email=user.email,
        )

    return _take_code(user, signin.confirm_totp_setup, page)


def _qr_data_uri(content: str) -> str:
    """An inline image, so the QR code needs no request the CSP or an intranet could block."""
    return segno.make(content, error="m").svg_data_uri(scale=4, border=2)


@bp.post("/logout")
@login_required
def logout():
    signin.sign_out(current_user, ip_address=request.remote_addr)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("home.index"))


@bp.get("/")
@login_required
def account():
    return _account_page(ChangePasswordForm())


def _account_page(form: ChangePasswordForm):
    is_administrator = services.may_manage_officials(current_user)
    return render_template(
        "accounts/account.html",
        form=form,
        may_manage_officials=is_administrator,
        may_read_audit=is_administrator,
        may_manage_periods=is_site_admin(current_user),
        may_see_outbox=is_site_admin(current_user),
    )


@form_route(bp, "/password", methods=["POST"], limit=SIGN_IN_LIMIT)
def change_password():
    form = ChangePasswordForm()

    def done(_result):
        login_user(current_user._get_current_object())
        flash(_("Your password has been changed. You are signed out everywhere else."), "success")
        return redirect(url_for("accounts.account"))

    return handle_form(form, lambda: services.change_password(current_user, form.current.data, form.password.data,
                                                              ip_address=request.remote_addr),
                       page=lambda status: _account_page(form), done=done)


def _role_or_none(value: str | None) -> Role | None:
    return next((role for role in Role if role.value == value), None)


@bp.get("/users")
@login_required
def users():
    services.check_may_manage_officials(current_user)
    form = OfficialFilterForm(request.args)
    found = []
    if form.validate():
        found = services.list_officials(
            current_user, query=form.q.data or "", unit_code=form.unit.data or "", role=_role_or_none(form.role.data)
        )
    return render_template("accounts/users.html", form=form, users=found)


@form_route(bp, "/users/invite")
def invite():
    services.check_may_manage_officials(current_user)
    form = InviteForm()

    def invite_official():
        data = data_from(form, services.NewInvitation, unit_code=form.unit_code.data or None,
                         role=Role(form.role.data))
        return services.invite_official(current_user, data)

    return handle_form(form, invite_official, page=lambda status: render_template("accounts/invite.html", form=form),
                       done=lambda invited: render_template("accounts/invited.html", user=invited[0],
                                                            link=_invitation_link(invited[1])))


def _invitation_link(token: str | None) -> str | None:
    if token is None:
        return None
    return current_app.config["PORTAL_BASE_URL"] + url_for("accounts.invitation", token=token)


def _official(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _managed_user(user_id: int) -> User:
    user = _official(user_id)
    services.check_may_manage(current_user, user)
    return user


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int):
    return render_template("accounts/user.html", official=_managed_user(user_id), form=RoleForm())


@form_route(bp, "/users/<int:user_id>/roles", methods=["POST"])
def grant(user_id: int):
    official = _managed_user(user_id)
    form = RoleForm()

    def grant_role():
        unit = services.unit_for_code(form.unit_code.data) if form.unit_code.data else None
        services.grant_role(current_user, official, unit, Role(form.role.data))

    return form_page(form, grant_role, template="accounts/user.html", official=official,
                     message=_("The role has been given."), to=url_for("accounts.user", user_id=official.id))


@bp.post("/users/<int:user_id>/roles/<int:membership_id>/revoke")
@login_required
def revoke(user_id: int, membership_id: int):
    official = _official(user_id)
    _try_button(lambda: services.revoke_role(current_user, official, membership_id), _("The role has been removed."))
    return _back_to(official)


def _try_button(action: Callable[[], None], message: str) -> None:
    """A button on an official's page whose refusal (taking away one's own administrator role or account) is said on
    the page it goes back to, like its success, rather than as an error page."""
    try:
        action()
    except InvalidInput as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")


def _back_to(official: User):
    """The official's page, or the list when the change took them out of the actor's units."""
    if services.may_manage(current_user, official):
        return redirect(url_for("accounts.user", user_id=official.id))
    return redirect(url_for("accounts.users"))


@bp.post("/users/<int:user_id>/<any(enable, disable):action>")
@login_required
def enable(user_id: int, action: str):
    official = _managed_user(user_id)
    if action == "enable":
        message = _("The account has been enabled.")
    else:
        message = _("The account has been disabled. The official cannot sign in any more.")
    _try_button(lambda: services.set_enabled(current_user, official, action == "enable"), message)
    return redirect(url_for("accounts.user", user_id=user_id))


def _act_on_account(action: Callable[[User, User], None], done: str):
    """An administrator's one-click action on an official's account, then back to the official's page."""

    def act(user_id: int):
        action(current_user, _managed_user(user_id))
        return acted(done, url_for("accounts.user", user_id=user_id))

    return act


# The one-click actions on an official's account, by endpoint: (address, service call, message).
_ACCOUNT_ACTIONS = {
    "reset_second_factor": (
        "/users/<int:user_id>/reset-second-factor", services.reset_second_factor,
        _l("The second factor has been reset. The official will set it up again at the next sign-in."),
    ),
    "end_sessions": ("/users/<int:user_id>/end-sessions", services.end_sessions_of,
                     _l("The official is signed out everywhere and must sign in again.")),
}
route_table(bp, _ACCOUNT_ACTIONS, _act_on_account, form=False)


@bp.post("/users/<int:user_id>/reinvite")
@login_required
def reinvite(user_id: int):
    official = _managed_user(user_id)
    token = services.reissue_invitation(current_user, official)
    db.session.commit()
    return render_template("accounts/invited.html", user=official, link=_invitation_link(token))


@form_route(bp, "/invitations/<token>", signed_in=False, limit=SIGN_IN_LIMIT)
def invitation(token: str):
    invitation = services.find_invitation(token)
    form = NewPasswordForm()

    return form_page(form, lambda: services.accept_invitation(token, form.password.data),
                     template="accounts/invitation.html", official=invitation.user,
                     message=_("Your password is set. Sign in now; you will then set up the second factor."),
                     to=url_for("accounts.login"))
