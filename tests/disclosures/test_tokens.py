import pytest

from portal.accounts.models import Role
from portal.core.errors import NotAllowed
from portal.disclosures import tokens

DRAFT = {
    "category": "kt-xh",
    "title": "Kế hoạch từ hệ thống văn bản",
    "body_markdown": "Nội dung",
    "posting_start": "2030-01-02",
    "document_number": "7/KH-UBND",
}


@pytest.fixture
def admin(create_user, commune):
    return create_user(role=Role.unit_admin, unit=commune)


def test_a_unit_token_posts_a_draft_under_the_forms_rules(client, admin, commune):
    _token, secret = tokens.issue_token(admin, commune, "Hệ thống quản lý văn bản")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.post("/api/v1/disclosures", json={"unit": commune.code, **DRAFT}, headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "draft" and response.json["document_number"] == "7/KH-UBND"
    short = client.post("/api/v1/disclosures", json={"unit": commune.code, **DRAFT, "posting_days": 5}, headers=headers)
    assert short.status_code == 422 and "30" in short.json["message"]


def test_requests_without_a_valid_token_are_refused(client, admin, commune, create_unit):
    assert client.post("/api/v1/disclosures", json={"unit": commune.code, **DRAFT}).status_code == 401
    wrong = {"Authorization": "Bearer dcs_not-a-token"}
    assert client.post("/api/v1/disclosures", json={"unit": commune.code, **DRAFT}, headers=wrong).status_code == 401
    token, secret = tokens.issue_token(admin, commune, "DMS")
    other = create_unit(name="Xã Khác")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.post("/api/v1/disclosures", json={"unit": other.code, **DRAFT}, headers=headers).status_code == 403
    tokens.revoke_token(admin, token.id)
    assert client.post("/api/v1/disclosures", json={"unit": commune.code, **DRAFT}, headers=headers).status_code == 401


def test_bad_json_is_a_422(client, admin, commune):
    _token, secret = tokens.issue_token(admin, commune, "DMS")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.post("/api/v1/disclosures", json={"unit": commune.code, "title": 5}, headers=headers)
    assert response.status_code == 422


def test_only_unit_admins_issue_tokens(handler, commune):
    with pytest.raises(NotAllowed):
        tokens.issue_token(handler, commune, "DMS")


def test_token_page_shows_the_secret_once(page, login, admin, commune):
    login(admin)
    soup = page(f"/disclosures/tokens?unit={commune.code}", method="post", data={"name": "DMS"})
    assert soup.select_one("#token-secret").get_text().startswith("dcs_")
    assert page(f"/disclosures/tokens?unit={commune.code}").select_one("#token-secret") is None
