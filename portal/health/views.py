"""GET /healthz: for load balancers and monitoring; 503 names the part that is missing. `?detail=1` adds the mail
backlog, for monitoring to alert on mail that stopped leaving."""

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.health.services import check_health
from portal.notifications.services import outbox_backlog

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    checks = check_health(current_app)
    healthy = all(state == "ok" for state in checks.values())
    answer = {"status": "ok" if healthy else "unavailable", **checks}
    if request.args.get("detail") == "1" and checks["database"] == "ok":
        answer["mail"] = _mail_backlog()
    return jsonify(answer), 200 if healthy else 503


def _mail_backlog() -> dict:
    try:
        backlog = outbox_backlog()
    except SQLAlchemyError:
        db.session.rollback()
        return {"state": "unreachable"}
    oldest = backlog.oldest_age.total_seconds() if backlog.oldest_age is not None else None
    return {"waiting": backlog.waiting, "failing": backlog.failing, "oldest_age_seconds": oldest}
