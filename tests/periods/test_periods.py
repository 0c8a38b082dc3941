from datetime import date

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.cases.models import CaseKind
from portal.core.audit import AuditEvent
from portal.core.errors import Conflict, InvalidInput, NotAllowed
from portal.periods import services
from portal.periods.deadlines import period_in_force
from portal.periods.models import LegalPeriod, PeriodSubject, Step

pytestmark = pytest.mark.usefixtures("english_messages", "english_pages")


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)



def _new(**fields):
    values = {"kind": "complaint", "step": "resolve", "amount": 45, "period_unit": "calendar_days",
              "effective_from": date(2026, 7, 1), "legal_basis": "Luật 136/2025/QH15"}
    return services.NewPeriod(**{**values, **fields})


def _audits(db_session, action):
    return db_session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_a_new_national_rule_takes_effect_from_its_date_and_the_old_one_stays(admin, commune, db_session):
    before = period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 6, 30))
    row = services.add_period(admin, _new())
    assert period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 7, 1)).id == row.id
    assert period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 6, 30)) == before
    assert db_session.get(LegalPeriod, before.id).amount == 30
    assert _audits(db_session, "periods.added") == 1
    with pytest.raises(Conflict, match="never changed in place"):
        services.add_period(admin, _new(effective_from=date(2026, 7, 1)))
    with pytest.raises(Conflict):
        services.add_period(admin, _new(effective_from=date(2020, 1, 1)))


def test_a_units_own_longer_period(admin, commune, village):
    row = services.add_period(admin, _new(unit_code=commune.code, amount=45, effective_from=date(2024, 1, 1),
                                          legal_basis="Vùng sâu, vùng xa: Luật Khiếu nại 02/2011/QH13, Điều 28"))
    assert period_in_force(CaseKind.complaint, Step.resolve, village, date(2026, 3, 1)).id == row.id


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "lawsuit"}, "kind of case"),
        ({"step": "lawsuit"}, "step"),
        ({"amount": 0}, "from 1 to"),
        ({"amount": 10**9}, "from 1 to"),
        ({"max_times": 99}, "how many times"),
        ({"period_unit": "weeks"}, "working days or days"),
        ({"legal_basis": "   "}, "legal basis"),
        ({"legal_basis": "x" * 301}, "at most 300"),
        ({"unit_code": "NOPE"}, "no unit"),
    ],
)
def test_wrong_values_are_refused_with_a_sentence(admin, fields, message):
    with pytest.raises(InvalidInput, match=message):
        services.add_period(admin, _new(**fields))


def test_who_may_add_and_verify(create_user, commune, admin, db_session):
    local_admin = create_user(role=Role.site_admin, unit=commune)
    with pytest.raises(NotAllowed):
        services.add_period(local_admin, _new())
    services.add_period(local_admin, _new(unit_code=commune.code))
    unverified = db_session.scalars(select(LegalPeriod).where(LegalPeriod.is_verified.is_(False),
                                                              LegalPeriod.unit_id.is_(None))).first()
    with pytest.raises(NotAllowed):
        services.verify_period(local_admin, unverified.id)
    handler = create_user(role=Role.handler, unit=commune)
    with pytest.raises(NotAllowed):
        services.grouped_periods(handler)
    services.verify_period(admin, unverified.id)
    assert unverified.is_verified and _audits(db_session, "periods.verified") == 1
    with pytest.raises(Conflict):
        services.verify_period(admin, unverified.id)


def test_the_page_groups_rows_and_flags_the_unverified(admin, login, page, db_session):
    login(admin)
    soup = page("/periods/")
    assert [h2.get_text(strip=True) for h2 in soup.select("main h2")] == [kind.title for kind in PeriodSubject]
    flags = soup.select(".unverified")
    unverified = db_session.scalar(select(func.count()).select_from(LegalPeriod).where(
        LegalPeriod.is_verified.is_(False)))
    assert len(flags) == unverified > 0
    assert len(soup.select("form[action$='/verify'] button")) == unverified
    row = db_session.scalars(select(LegalPeriod).where(LegalPeriod.is_verified.is_(False))).first()
    assert page.client.post(f"/periods/{row.id}/verify").status_code == 302
    assert len(page("/periods/").select(".unverified")) == unverified - 1


def test_adding_through_the_form(admin, login, page, db_session):
    login(admin)
    page("/periods/new")
    hostile = "<script>alert(1)</script>"
    soup = page("/periods/new", method="post", expected_status=422,
                data={"kind": "complaint", "step": "resolve", "amount": "many", "period_unit": "calendar_days",
                      "max_times": "1", "effective_from": "31/02/2026", "legal_basis": hostile})
    assert soup.select_one("#amount-error") and soup.select_one("#effective_from-error")
    assert soup.select_one("#legal_basis")["value"] == hostile and soup.find("script", string="alert(1)") is None
    response = page.client.post("/periods/new", data={
        "kind": "complaint", "step": "resolve", "amount": "45", "period_unit": "calendar_days", "max_times": "1",
        "effective_from": "01/07/2026", "legal_basis": "Luật 136/2025/QH15", "is_verified": "y"})
    assert response.status_code == 302
    row = db_session.scalars(select(LegalPeriod).order_by(LegalPeriod.id.desc())).first()
    assert (row.amount, row.effective_from, row.is_verified, row.created_by_id) == (45, date(2026, 7, 1), True,
                                                                                  admin.id)
    soup = page("/periods/new", method="post", expected_status=422, data={
        "kind": "complaint", "step": "resolve", "amount": "45", "period_unit": "calendar_days", "max_times": "1",
        "effective_from": "01/07/2026", "legal_basis": "Luật 136/2025/QH15"})
    assert "never changed in place" in soup.select_one(".error-summary li").get_text()


def test_only_site_administrators(create_user, login, page, commune, client):
    assert client.get("/periods/").status_code == 302
    login(create_user(role=Role.unit_admin, unit=commune))
    page("/periods/", expected_status=403)
    page("/periods/new", expected_status=403)
    page("/periods/1/verify", method="post", expected_status=403)


def test_a_period_for_a_condition_with_its_english_basis(admin, commune, login, page):
    row = services.add_period(admin, _new(
        condition="remote_area", amount=50, effective_from=date(2026, 7, 1),
        legal_basis="Luật 136/2025/QH15 (vùng sâu, vùng xa)", legal_basis_en="Law 136/2025/QH15 (remote areas)"))
    assert period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 7, 1)).amount == 30
    commune.is_remote_area = True
    assert period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 7, 1)).id == row.id
    assert period_in_force(CaseKind.complaint, Step.resolve, commune, date(2026, 6, 30)).amount == 45
    with pytest.raises(InvalidInput, match="applies"):
        services.add_period(admin, _new(condition="at sea"))
    login(admin)
    cells = [cell for cell in page("/periods/").select("td") if "Law 136/2025/QH15 (remote areas)" in cell.get_text()]
    assert len(cells) == 1


def test_every_kind_of_case_is_a_period_subject_with_its_value_and_title_and_so_is_disclosure():
    assert [subject.value for subject in PeriodSubject] == [kind.value for kind in CaseKind] + ["disclosure"]
    for kind in CaseKind:
        assert PeriodSubject(kind).name == kind.name
        assert PeriodSubject(kind).title == kind.title
    assert PeriodSubject("disclosure") is PeriodSubject.disclosure
    assert str(PeriodSubject.disclosure.title) == "Disclosure"
