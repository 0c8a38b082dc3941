"""`plans read FILE` prints what the reader found and refuses what it cannot read; `plans import` stores it."""

from sqlalchemy import select

from portal.extensions import db
from portal.plans.models import Plan, PlanStatus
from tests.plans.test_documents import make_docx
from tests.plans.test_reading import FILES, SAMPLES, sample_text


def invoke(app, path):
    return app.test_cli_runner().invoke(args=["plans", "read", str(path)])


def test_read_prints_header_tasks_and_report_duties(app):
    result = invoke(app, SAMPLES / FILES[1])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "Number: -",
        "Issued on: - at Vĩnh Cửu",
        "Issuer: UBND huyện Vĩnh Cửu",
        "Title: Thực hiện dân chủ ở cơ sở năm 2024",
        "Period: 01/01/2024 - 31/12/2024",
    ]
    assert "        lead: Phòng Nội vụ; cooperating: -" in lines
    assert "        when: trong quý II/2024 (01/04/2024 - 30/06/2024)" in lines
    duties = lines[lines.index("Report duties:") + 1 : lines.index("Unread:")]
    assert duties == [
        "  Định kỳ 06 tháng (trước ngày 05/5/2024) [six_month] due 05/05/2024",
        "    by: các cơ quan, đơn vị, địa phương; to: UBND huyện via Phòng Nội vụ huyện",
        "  cuối năm (trước ngày 05/11/2024) [annual] due 05/11/2024",
        "    by: các cơ quan, đơn vị, địa phương; to: UBND huyện via Phòng Nội vụ huyện",
    ]
    assert lines[-1] == "Unread:"


def test_read_takes_a_docx_and_shows_yearly_reports(app, tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(make_docx(sample_text(4)))
    result = invoke(app, path)
    assert result.exit_code == 0, result.output
    assert "  định kỳ 6 tháng (10/5) [six_month] due 10/05/2022; every year on 10/05" in result.output.splitlines()


def test_read_refuses_a_file_it_cannot_read(app, tmp_path):
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    result = invoke(app, path)
    assert result.exit_code != 0
    assert "Error:" in result.output


def test_import_stores_a_draft_and_names_the_bodies_left_to_match(app, district):
    result = app.test_cli_runner().invoke(args=["plans", "import", str(SAMPLES / FILES[1]), "--unit", district.code])
    assert result.exit_code == 0, result.output
    plan = db.session.scalar(select(Plan).where(Plan.unit_id == district.id))
    assert plan.status is PlanStatus.draft and plan.created_by_id is None
    lines = result.output.splitlines()
    assert lines[0] == "Number: -"
    stored = lines.index(
        f"Stored draft plan {plan.id} of {district.code}: {len(plan.tasks)} tasks, 11 with their lead unit matched, "
        "2 report duties, 2 reports due."
    )
    left = lines[stored + 2 :]
    assert "Liên đoàn lao động huyện" in [line.strip() for line in left]
    assert "Phòng Nội vụ" not in [line.strip() for line in left]


def test_import_refuses_an_unknown_unit(app):
    result = app.test_cli_runner().invoke(args=["plans", "import", str(SAMPLES / FILES[1]), "--unit", "NOPE"])
    assert result.exit_code != 0
    assert "NOPE" in result.output
    assert db.session.scalar(select(Plan.id)) is None
