from flask_smorest import Blueprint

blp = Blueprint("units_api", __name__, url_prefix="/api/v1/units")
