"""Two-factor sign-in required of owners, admins and roles that see personal data (the default for a
new organisation); API tokens expire and may be narrowed to some permissions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.api.models import ApiToken
from huiwu.api.services import create_token
from huiwu.core.errors import DomainError
from huiwu.orgs import services as org_services
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Organization
from huiwu.orgs.services import create_organization
from tests.accounts.test_auth import enable_totp
from tests.conftest import member
from tests.factories.orgs import UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def strict(tenant_a):
    Organization.objects.filter(pk=tenant_a.org.pk).update(two_factor_required=True)
    tenant_a.org.refresh_from_db()
    return tenant_a


def test_a_new_organisation_requires_it(db):
    assert create_organization(name="新公司", slug="new-co", owner=UserFactory()).two_factor_required


def test_owners_and_personal_data_roles_set_it_up_before_anything_else(client, strict):
    t = strict
    home = reverse("orgs:dashboard", kwargs={"org": t.org.slug})
    for role, needs in [(Role.OWNER, True), (Role.ADMIN, True), (Role.PROJECT_MANAGER, True),
                        (Role.PLANNER, False), (Role.VIEWER, False)]:  # fmt: skip
        person = t.owner if role == Role.OWNER else member(t.org, role).user
        client.force_login(person)
        response = client.get(home)
        if needs:
            assert response.status_code == 302 and response["Location"].startswith(
                reverse("accounts:security")
            )
            assert "next=" in response["Location"]
        else:
            assert response.status_code == 200, role
    client.force_login(t.owner)
    enable_totp(t.owner)
    assert client.get(home).status_code == 200
    with pytest.raises(DomainError) as refused:  # not while a role needs it
        org_services.disable_two_factor(user=t.owner, code="000000")
    assert refused.value.code == "two_factor_required"


def test_the_api_refuses_a_token_of_a_role_without_its_second_factor(api, strict):
    t = strict
    assert api(t.raw_token).get("/api/v1/clients").status_code == 401
    enable_totp(t.owner)
    assert api(t.raw_token).get("/api/v1/clients").status_code == 200


def test_tokens_expire_and_keep_to_their_scopes(api, tenant_a):
    t = tenant_a
    token, raw = create_token(membership=t.membership, name="BI 导出", scopes=["org.view"])
    assert token.expires_at is not None and token.expires_at > timezone.now() + dt.timedelta(days=89)
    assert api(raw).get("/api/v1/clients").status_code == 200
    refused = api(raw).post("/api/v1/clients", {"name": "新客户"})
    assert refused.status_code == 403 and not t.org.clients.filter(name="新客户").exists()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api(raw).get("/api/v1/clients").status_code == 401
    planner = member(t.org, Role.PLANNER)
    with pytest.raises(DomainError):  # a scope beyond the member's role
        create_token(membership=planner, name="x", scopes=["finance.edit"])
    with pytest.raises(DomainError):
        create_token(membership=t.membership, name="x", expires_in_days=10_000)


def test_the_tokens_page_offers_expiry_and_scopes(owner_client, tenant_a):
    page = reverse("orgs:tokens", kwargs={"org": tenant_a.org.slug})
    response = owner_client.post(
        page, {"name": "签到平板", "expires_in_days": "30", "scopes": ["onsite.operate"]}
    )
    assert 'data-testid="new-token"' in response.content.decode()
    token = ApiToken.objects.get(name="签到平板")
    assert token.scopes == ["onsite.operate"] and (token.expires_at - timezone.now()).days in (29, 30)
    forever = owner_client.post(page, {"name": "长期", "expires_in_days": ""})
    assert forever.status_code == 200 and ApiToken.objects.get(name="长期").expires_at is None
