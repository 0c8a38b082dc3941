import pytest

from portal.accounts.models import Role
from portal.core.errors import InvalidInput, NotAllowed
from portal.disclosures import categories
from portal.disclosures.models import Audience
from portal.units.models import UnitKind


def _data(**fields):
    values = {
        "name_vi": "Quy hoạch",
        "name_en": "Planning",
        "legal_basis": "Luật 10/2022/QH15, Điều 11",
        "posting_days": 30,
        "audience": Audience.public,
        "required_for": [UnitKind.commune],
    }
    values.update(fields)
    return categories.CategoryData(**values)


def test_the_laws_categories_are_seeded():
    codes = {category.code: category for category in categories.all_categories()}
    assert codes["quy-che-dan-chu"].is_permanent and codes["thu-tuc-hanh-chinh"].is_permanent
    assert codes["kt-xh"].posting_days == 30
    assert (codes["noi-bo-co-quan"].posting_days, codes["noi-bo-co-quan"].audience) == (20, Audience.staff)


def test_a_site_admin_adds_and_edits_a_category(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    category = categories.create_category(admin, "quy-hoach", _data(due_month=3, due_day=31))
    assert category.required_for == ["commune"] and (category.due_month, category.due_day) == (3, 31)
    categories.update_category(admin, category, _data(posting_days=None))
    assert category.is_permanent


@pytest.mark.parametrize(
    ("code", "fields"),
    [
        ("Bad Code!", {}),
        ("ok-code", {"posting_days": 0}),
        ("ok-code", {"due_month": 2, "due_day": 30}),
        ("ok-code", {"due_month": 2}),
        ("ok-code", {"name_vi": " "}),
        ("kt-xh", {}),
    ],
)
def test_invalid_categories_are_refused(create_user, code, fields):
    admin = create_user(role=Role.site_admin, unit=None)
    with pytest.raises(InvalidInput):
        categories.create_category(admin, code, _data(**fields))


def test_only_a_site_admin_manages_categories(create_user):
    with pytest.raises(NotAllowed):
        categories.create_category(create_user(role=Role.unit_head), "x-y", _data())


def test_category_pages(page, client, create_user, login):
    page("/disclosures/categories")
    login(create_user(role=Role.site_admin, unit=None))
    page("/disclosures/categories/new")
    response = client.post(
        "/disclosures/categories/new",
        data={
            "code": "quy-hoach",
            "name_vi": "Quy hoạch",
            "name_en": "Planning",
            "legal_basis": "Điều 11",
            "posting_days": "45",
            "audience": "public",
            "required_for": ["commune", "district"],
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    soup = page("/disclosures/categories/quy-hoach/edit")
    assert soup.select_one("#posting_days")["value"] == "45"
    assert {box["value"] for box in soup.select("input[name=required_for][checked]")} == {"commune", "district"}
    soup = page(
        "/disclosures/categories/new",
        method="post", expected_status=422,
        data={
            "code": "x-y",
            "name_vi": "A",
            "name_en": "B",
            "legal_basis": "C",
            "audience": "public",
        },
    )
    assert soup.select_one("#posting_days-error")
