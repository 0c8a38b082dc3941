from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.services import DEMO_OFFICIALS, DEMO_UNITS, load_demo_data
from portal.units.models import Unit, UnitSource


def test_demo_loads_sample_issuers_and_officials_once(db_session):
    first = load_demo_data()
    assert (first.units_created, first.officials_created) == (len(DEMO_UNITS), len(DEMO_OFFICIALS))
    second = load_demo_data()
    assert (second.units_created, second.officials_created) == (0, 0)
    assert db_session.scalar(select(func.count()).select_from(User)) == len(DEMO_OFFICIALS)
    tan_trung = db_session.scalar(select(Unit).where(Unit.code == "XTANTRUNG"))
    assert tan_trung.is_historical and tan_trung.parent.name == "Huyện Tân Yên"
    assert tan_trung.parent.parent.source == UnitSource.official_list
    text = second.describe()
    assert all(official.email in text for official in DEMO_OFFICIALS)


def test_demo_load_command(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.dancuso.vn" in result.output
