from sqlalchemy import func, select

from portal.accounts.models import Membership, Role, User
from portal.units.models import Unit


def test_units_import_command(app, db_session):
    result = app.test_cli_runner().invoke(args=["units", "import"])
    assert result.exit_code == 0, result.output
    assert "Provinces: 34, communes: 3321" in result.output
    assert "Units dissolved in 2025: 9587 (9587 new), successions: 10092 (10092 new)" in result.output
    assert db_session.scalar(select(func.count()).select_from(Unit).where(Unit.legacy_code.is_(None))) == 3355
    assert db_session.scalar(select(func.count()).select_from(Unit).where(Unit.legacy_code.is_not(None))) == 9587


def test_create_admin_command(app, db_session):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "Root@Example.vn",
            "--name",
            "Quản trị",
            "--password",
            "a long password 1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.email == "root@example.vn"))
    assert db_session.scalar(select(Membership.role).where(Membership.user_id == user.id)) == Role.site_admin


def test_create_admin_command_explains_a_refusal(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "--email", "x@example.vn", "--name", "X", "--password", "short"]
    )
    assert result.exit_code != 0
    assert "12" in result.output
