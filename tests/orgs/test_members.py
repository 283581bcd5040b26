import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.notifications.models import Notification
from huiwu.orgs.enums import Role
from huiwu.orgs.errors import LastOwner
from huiwu.orgs.models import Invitation, Membership
from huiwu.orgs.services import change_role, deactivate_member
from tests.factories.orgs import UserFactory

pytestmark = pytest.mark.integration


def invite(owner_client, tenant, email="colleague@example.com", role="planner"):
    url = reverse("orgs:invite", kwargs={"org": tenant.org.slug})
    return owner_client.post(url, {"email": email, "role": role})


def link_from_mail() -> str:
    return re.search(r"http://\S+/accounts/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_invitation_by_mail_link_creates_account_and_membership(
    owner_client, tenant_a, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(owner_client, tenant_a)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["colleague@example.com"]
    path = urlsplit(link_from_mail()).path
    owner_client.logout()
    response = client.post(path, {"name": "新同事", "username": "newbie", "password": "a-long-pass-phrase-9"})
    assert response.status_code == 302
    m = Membership.objects.get(org=tenant_a.org, user__username="newbie")
    assert m.role == Role.PLANNER
    assert m.user.email == "colleague@example.com"
    # The inviter hears about it.
    assert Notification.objects.filter(user=tenant_a.owner, title__contains="新同事").count() == 1
    # The link is spent.
    again = client.get(path)
    assert again.status_code == 410


def test_expired_invitation_shows_clear_error_and_changes_nothing(client, tenant_a):
    from huiwu.orgs.services import invite_member

    inv, raw = invite_member(
        org=tenant_a.org, email="late@example.com", role=Role.VIEWER, actor=tenant_a.owner
    )
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    url = reverse("accounts:invitation", kwargs={"token": raw})
    response = client.post(url, {"name": "迟到", "username": "late", "password": "a-long-pass-phrase-9"})
    assert response.status_code == 410
    assert "邀请已过期" in response.content.decode()
    assert not Membership.objects.filter(org=tenant_a.org, user__username="late").exists()


def test_tampered_invitation_link_is_404(client, db):
    response = client.get(reverse("accounts:invitation", kwargs={"token": "forged-token"}))
    assert response.status_code == 404


def test_invitation_for_other_address_is_refused(client, tenant_a):
    from huiwu.orgs.services import invite_member

    _inv, raw = invite_member(
        org=tenant_a.org, email="someone@example.com", role=Role.VIEWER, actor=tenant_a.owner
    )
    stranger = UserFactory(email="stranger@example.com")
    client.force_login(stranger)
    response = client.post(reverse("accounts:invitation", kwargs={"token": raw}))
    assert response.status_code == 403
    assert not Membership.objects.filter(org=tenant_a.org, user=stranger).exists()


def test_signed_in_invitee_accepts(client, tenant_a):
    from huiwu.orgs.services import invite_member

    user = UserFactory(email="known@example.com")
    _inv, raw = invite_member(
        org=tenant_a.org, email="KNOWN@example.com", role=Role.FINANCE, actor=tenant_a.owner
    )
    client.force_login(user)
    response = client.post(reverse("accounts:invitation", kwargs={"token": raw}))
    assert response.status_code == 302
    assert Membership.objects.get(org=tenant_a.org, user=user).role == Role.FINANCE


def test_inviting_a_member_again_is_refused(owner_client, tenant_a):
    response = invite(owner_client, tenant_a, email=tenant_a.other_member.user.email)
    assert response.status_code == 400
    assert "此人已是本机构成员" in response.content.decode()


def test_bad_invitation_input_is_a_form_error(owner_client, tenant_a):
    before = Invitation.objects.count()
    response = invite(owner_client, tenant_a, email="not-an-address", role="emperor")
    assert response.status_code == 400
    assert Invitation.objects.count() == before


def test_role_change_is_audited_and_notified(tenant_a):
    change_role(membership=tenant_a.other_member, role=Role.FINANCE, actor=tenant_a.owner)
    entry = AuditEntry.objects.filter(action="orgs.member.role_changed").get()
    assert entry.changes == {"role": ["planner", "finance"]}
    assert entry.actor == tenant_a.owner
    note = Notification.objects.get(user=tenant_a.other_member.user)
    assert note.title == f"您在 {tenant_a.org.name} 的角色已改为 财务。"


def test_last_owner_cannot_be_demoted_or_removed(tenant_a):
    with pytest.raises(LastOwner):
        change_role(membership=tenant_a.membership, role=Role.VIEWER, actor=tenant_a.owner)
    with pytest.raises(LastOwner):
        deactivate_member(membership=tenant_a.membership, actor=tenant_a.owner)
    tenant_a.membership.refresh_from_db()
    assert tenant_a.membership.role == Role.OWNER and tenant_a.membership.is_active


def test_removed_member_loses_access_and_tokens(client, tenant_a):
    deactivate_member(membership=tenant_a.other_member, actor=tenant_a.owner)
    client.force_login(tenant_a.other_member.user)
    assert client.get(reverse("orgs:dashboard", kwargs={"org": tenant_a.org.slug})).status_code == 404


def test_members_page_lists_members(owner_client, tenant_a, django_assert_max_num_queries):
    url = reverse("orgs:members", kwargs={"org": tenant_a.org.slug})
    with django_assert_max_num_queries(12):
        response = owner_client.get(url)
    assert response.status_code == 200
    assert tenant_a.other_member.user.name in response.content.decode()
