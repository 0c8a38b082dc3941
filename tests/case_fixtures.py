"""Fixtures for every feature that works with citizen cases (cases, casework, open311, statistics)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from portal.accounts.models import Role
from portal.cases import lifecycle, submission
from portal.core.timeutil import local_date
from portal.units.models import UnitKind

# Monday 2 March 2026, 09:00 in Vietnam.
CASE_NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def case_uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def province(create_unit):
    return create_unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province)


@pytest.fixture
def commune(create_unit, province):
    return create_unit(name="Xã Tân Trung", parent=province)


@pytest.fixture
def village(create_unit, commune):
    return create_unit(name="Thôn Đông", kind=UnitKind.village, parent=commune)


@pytest.fixture
def handler(create_user, commune):
    return create_user(role=Role.handler, unit=commune, full_name="Trần Thị Lan", email="lan@tantrung.gov.vn")


@pytest.fixture
def head(create_user, commune):
    return create_user(role=Role.unit_head, unit=commune, full_name="Nguyễn Văn Hùng", email="hung@tantrung.gov.vn")


@pytest.fixture
def create_case(commune):
    """Submit a case as a citizen would; returns submission.Submitted (the case and its private token)."""

    def submit(kind="feedback", field="land", place=None, now=CASE_NOW, contact=None, **fields):
        data = submission.Submission(
            kind=kind,
            field=field,
            place_code=(place or commune).code,
            title=fields.pop("title", "Đường thôn Đông bị sạt lở"),
            description=fields.pop(
                "description", "Đoạn đường bê tông thôn Đông bị sạt lở sau mưa lớn, xe máy đi lại nguy hiểm."
            ),
            contact=contact
            or lifecycle.Contact(
                name="Lê Văn Bình", phone="0912 345 678", email="binh@example.vn", address="Thôn Đông, xã Tân Trung"
            ),
            **fields,
        )
        if kind == "complaint" and data.decision_known_on is None:
            # A complaint says when the citizen learned of the decision (Law 02/2011 Art. 9): ten days before.
            data = replace(data, decision_known_on=local_date(now) - timedelta(days=10))
        return submission.submit_case(data, now=now)

    return submit
