"""/notifications/outbox: site administrators see whether mail is leaving, before citizens notice it is not."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from portal.accounts.access import is_site_admin
from portal.core.errors import NotAllowed
from portal.core.i18n import _
from portal.notifications.services import outbox_backlog

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/outbox")
@login_required
def outbox():
    if not is_site_admin(current_user):
        raise NotAllowed(_("Only site administrators may see the mail outbox."))
    return render_template("notifications/outbox.html", backlog=outbox_backlog())
