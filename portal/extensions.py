"""Extensions, created unbound here and bound to an app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# What a migration makes for one database only and no model declares: search's word indexes (SQLite's FTS5 table and
# its shadow tables, PostgreSQL's generated tsvector column and its GIN index), known to portal/search/backend.py.
UNDECLARED_SEARCH_INDEX = ("search_fts", "search_vector", "ix_search_entries_search_vector")


def exists_on(schema_item, dialect_name: str) -> bool:
    """Whether the schema has the item on this dialect: one declared with `.ddl_if(dialect=...)` (a PostgreSQL-only
    index) exists only there. Alembic's comparison does not know ddl_if, so env.py and the tests ask this."""
    if str(getattr(schema_item, "name", "")).startswith(UNDECLARED_SEARCH_INDEX):
        return False
    condition = getattr(schema_item, "_ddl_if", None)
    if condition is None or condition.dialect is None:
        return True
    dialects = (condition.dialect,) if isinstance(condition.dialect, str) else condition.dialect
    return dialect_name in dialects


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
api = Api()
