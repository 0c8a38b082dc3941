"""GET /healthz: for load balancers and monitoring; 503 names the part that is missing."""

from flask import Blueprint, current_app, jsonify

from portal.health.services import check_health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    checks = check_health(current_app)
    healthy = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503
