from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.disclosures import services

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def commune(create_unit):
    return create_unit(name="Xã Tân Trung")


@pytest.fixture
def handler(create_user, commune):
    return create_user(role=Role.handler, unit=commune, full_name="Trần Thị Lan")


@pytest.fixture
def head(create_user, commune):
    return create_user(role=Role.unit_head, unit=commune, full_name="Nguyễn Văn Hùng")


@pytest.fixture
def draft(handler, commune):
    """A callable making a draft of the commune with sensible defaults."""

    def make(category="kt-xh", start=NOW, **fields):
        data = services.DraftData(
            unit_code=commune.code,
            category_code=category,
            title=fields.pop("title", "Kế hoạch thực hiện dân chủ 2026"),
            body_markdown=fields.pop("body", "## Mục đích\n\n- Công khai **đầy đủ**"),
            posting_start=start,
            **fields,
        )
        return services.create_draft(handler, data, now=NOW)

    return make
