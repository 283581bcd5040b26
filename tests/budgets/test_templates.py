"""The organisation's categories per kind of meeting: finance sets them (shares adding up to 100%,
against the version seen); a new budget of that kind starts with them; other kinds keep the
catalogue's defaults."""

import pytest
from django.urls import reverse

from huiwu.budgets import services
from huiwu.budgets.errors import NotAllowed, SharesInvalid, Stale
from huiwu.budgets.models import Budget, CategoryTemplate
from huiwu.orgs.enums import Role
from tests.budgets import editor
from tests.budgets.test_guard_review import owner_membership
from tests.conftest import member

pytestmark = pytest.mark.integration

GALA = [
    services.CategoryInput(key="venue", name="场地", share="30"),
    services.CategoryInput(key="show", name="演出与节目", share="35"),
    services.CategoryInput(key="catering", name="晚宴", share="30"),
    services.CategoryInput(key="contingency", name="不可预见费", share="5"),
]


def test_a_kinds_template_starts_its_new_budgets(tenant_a):
    me = owner_membership(tenant_a)
    short = [*GALA[:3], services.CategoryInput(key="contingency", name="不可预见费", share="4")]
    with pytest.raises(SharesInvalid):  # 99%
        services.save_template(membership=me, meeting_type="gala", rows=short, version=0)
    with pytest.raises(Stale):
        services.save_template(membership=me, meeting_type="gala", rows=GALA, version=3)
    assert not CategoryTemplate.objects.exists()
    made = services.save_template(membership=me, meeting_type="gala", rows=GALA, version=0)
    with pytest.raises(Stale):  # someone saved version 1 already
        services.save_template(membership=me, meeting_type="gala", rows=GALA, version=0)
    assert made.version == 1
    meeting = tenant_a.meeting
    Budget.objects.filter(meeting=meeting).delete()
    meeting.meeting_type = "gala"
    meeting.save(update_fields=["meeting_type"])
    budget = services.create(meeting=meeting, membership=editor(meeting), total="300000")
    assert [(c.key, str(c.share)) for c in budget.categories.all()] == [
        ("venue", "30.00"), ("show", "35.00"), ("catering", "30.00"), ("contingency", "5.00")]  # fmt: skip
    assert [c.key for c in services.categories_for_kind(tenant_a.org, "training")][:2] == [
        "venue",
        "equipment",
    ]


def test_only_finance_sets_them_and_the_page(client, tenant_a):
    viewer = member(tenant_a.org, Role.VIEWER)
    with pytest.raises(NotAllowed):
        services.save_template(membership=viewer, meeting_type="gala", rows=GALA, version=0)
    url = reverse("budgets:templates", kwargs={"org": tenant_a.org.slug})
    client.force_login(viewer.user)
    assert client.get(url).status_code == 403
    client.force_login(tenant_a.owner)
    assert "venue" in client.get(url, {"type": "gala"}).content.decode()
    sent = {"meeting_type": "gala", "version": "0", "rows": "4"}
    for i, r in enumerate(GALA):
        sent |= {f"key_{i}": r.key, f"name_{i}": r.name, f"share_{i}": r.share}
    bad = client.post(url, {**sent, "share_0": "31"})
    assert bad.status_code == 400 and "101" in bad.content.decode()
    assert client.post(url, sent).status_code == 302
    assert CategoryTemplate.objects.get(org=tenant_a.org, meeting_type="gala").rows[1]["key"] == "show"
