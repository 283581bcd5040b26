import pytest
from django.urls import reverse

from huiwu.orgs.enums import Perm, Role
from huiwu.orgs.rules import ROLE_PERMS, role_has_perm
from tests.conftest import member

pytestmark = pytest.mark.unit

EXPECTED = {
    Role.OWNER: set(Perm),
    Role.ADMIN: set(Perm),
    Role.PROJECT_MANAGER: {
        Perm.VIEW,
        Perm.USE_API,
        Perm.RUN_JOBS,
        Perm.VIEW_AUDIT,
        Perm.EDIT_CLIENTS,
        Perm.EDIT_MEETINGS,
        Perm.OPERATE_ONSITE,
        Perm.VIEW_PERSONAL,
    },
    Role.PLANNER: {Perm.VIEW, Perm.USE_API, Perm.RUN_JOBS, Perm.EDIT_CLIENTS, Perm.EDIT_MEETINGS},
    Role.FINANCE: {Perm.VIEW, Perm.USE_API, Perm.RUN_JOBS, Perm.EDIT_FINANCE, Perm.VIEW_AUDIT},
    Role.ONSITE: {Perm.VIEW, Perm.USE_API, Perm.RUN_JOBS, Perm.OPERATE_ONSITE},
    Role.VIEWER: {Perm.VIEW},
}


@pytest.mark.parametrize("role", list(Role))
def test_role_grants_exactly_its_permissions(role):
    assert set(ROLE_PERMS[role]) == EXPECTED[role]
    for perm in Perm:
        assert role_has_perm(role, perm) == (perm in EXPECTED[role])


def test_unknown_role_grants_nothing():
    assert not role_has_perm("janitor", Perm.VIEW)


# Pages guarded by one permission each: (url name, permission).
GUARDED = [
    ("orgs:invite", Perm.MANAGE_MEMBERS),
    ("orgs:settings", Perm.MANAGE_ORG),
    ("orgs:audit", Perm.VIEW_AUDIT),
    ("orgs:tokens", Perm.USE_API),
    ("clients:create", Perm.EDIT_CLIENTS),
    ("events:create", Perm.EDIT_MEETINGS),
]


@pytest.mark.integration
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "perm"), GUARDED)
def test_pages_follow_role_permissions(client, tenant_a, role, name, perm):
    m = member(tenant_a.org, role)
    client.force_login(m.user)
    response = client.get(reverse(name, kwargs={"org": tenant_a.org.slug}))
    assert response.status_code == (200 if perm in EXPECTED[role] else 403)


@pytest.mark.integration
def test_viewer_cannot_change_roles(client, tenant_a):
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    url = reverse("orgs:member-role", kwargs={"org": tenant_a.org.slug, "member": tenant_a.other_member.pk})
    assert client.post(url, {"role": "owner"}).status_code == 403
    tenant_a.other_member.refresh_from_db()
    assert tenant_a.other_member.role == Role.PLANNER
