from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.get("/")
def year():
    return "calendar"
