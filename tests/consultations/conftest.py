"""A commune with two villages, its officials, and a draft regulation numbered by chapters and articles."""

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.consultations import services
from portal.consultations.models import Channel, Matter
from portal.units.models import UnitKind

# 09:00 on Monday 02/03/2026 in Vietnam.
OPENED_AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

REGULATION = """QUY CHẾ THỰC HIỆN DÂN CHỦ Ở XÃ TÂN TRUNG

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ ở xã Tân Trung.

Điều 2. Đối tượng áp dụng
1. Công dân cư trú trên địa bàn xã.
2. Cán bộ, công chức xã.

Chương II
NHỮNG NỘI DUNG NHÂN DÂN BÀN

Điều 3. Họp thôn
1. Thôn họp ít nhất hai lần mỗi năm.
a) Trưởng thôn triệu tập cuộc họp.
b) Thông báo trước ít nhất 5 ngày.

Điều 4. Hòm thư góp ý
Hòm thư đặt tại trụ sở UBND xã và nhà văn hóa các thôn.
"""


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def commune(create_unit):
    province = create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province)
    commune = create_unit(name="Xã Tân Trung", kind=UnitKind.commune, parent=province)
    create_unit(name="Thôn 1", kind=UnitKind.village, parent=commune)
    create_unit(name="Thôn 2", kind=UnitKind.village, parent=commune)
    return commune


@pytest.fixture
def handler(create_user, commune):
    return create_user(role=Role.handler, unit=commune, full_name="Trần Thị Lan")


@pytest.fixture
def head(create_user, commune):
    return create_user(role=Role.unit_head, unit=commune, full_name="Nguyễn Văn Hùng")


@pytest.fixture
def new_data():
    def make(**changes):
        values = {"matter": Matter.democracy_regulation.value, "title": "Dự thảo Quy chế dân chủ xã Tân Trung",
                  "draft_text": REGULATION, "period_days": 20, "channels": [Channel.portal.value,
                                                                            Channel.meeting.value]}
        values.update(changes)
        return services.NewConsultation(**values)

    return make


@pytest.fixture
def draft(commune, handler, new_data):
    return services.create_consultation(handler, commune, new_data(), now=OPENED_AT)


@pytest.fixture
def opened(draft, head):
    services.publish_consultation(head, draft, now=OPENED_AT)
    return draft


def article(consultation, number):
    return next(part for part in consultation.draft_parts if part.number == f"Điều {number}.")
