from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal.accounts.models import Role
from portal.units.models import UnitKind

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def code_at(user, moment=NOW) -> str:
    return pyotp.TOTP(user.totp_secret).at(moment)


def wrong_code(secret: str, moment=NOW) -> str:
    """A well-formed code that is not valid around `moment` (a random secret could produce any fixed one)."""
    totp = pyotp.TOTP(secret)
    valid = {totp.at(moment + timedelta(seconds=30 * step)) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


@pytest.fixture
def site_admin(create_user):
    """A whole-site administrator."""
    return create_user(email="root@example.vn", full_name="Quản trị viên", role=Role.site_admin, unit=None)


@pytest.fixture
def province_tree(create_unit):
    """A province with two communes, and a commune of another province."""
    province = create_unit(name="Tỉnh Thanh Hóa", kind=UnitKind.province)
    inside = create_unit(name="Xã Hà Trung", parent=province)
    village = create_unit(name="Thôn Đông", kind=UnitKind.village, parent=inside)
    outside = create_unit(name="Xã Tân Trung")
    return province, inside, village, outside
