from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.get("/login")
def login():
    return "login"


@bp.post("/logout")
def logout():
    return "logout"


@bp.get("/")
def account():
    return "account"
