"""The "today" home: each person's overdue and today's tasks, the meetings live today with the way to
their command centre, open incidents, reviews and checklists due; unbuilt areas have no menu entry."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from huiwu.events.models import Task
from huiwu.risks.models import Risk
from tests.factories.events import running_today

pytestmark = pytest.mark.integration


def test_today_lists_what_needs_me_now(owner_client, tenant_a, tenant_b):
    t, now = tenant_a, timezone.now()
    running_today(t.meeting)
    Task.objects.create(org=t.org, meeting=t.meeting, title="确认灯光方案", assignee=t.owner,
                        due_at=now - dt.timedelta(days=2))  # fmt: skip
    Task.objects.create(org=t.org, meeting=t.meeting, title="别人的任务", assignee=t.other_member.user,
                        due_at=now - dt.timedelta(days=2))  # fmt: skip
    Task.objects.create(org=t.org, meeting=t.meeting, title="下周的任务", assignee=t.owner,
                        due_at=now + dt.timedelta(days=7))  # fmt: skip
    Risk.objects.create(
        meeting=t.meeting, category="weather", title="台风复核", review_date=timezone.localdate()
    )
    Task.objects.create(org=tenant_b.org, meeting=tenant_b.meeting, title="B的任务", assignee=t.owner,
                        due_at=now - dt.timedelta(days=1))  # fmt: skip
    page = owner_client.get(reverse("orgs:dashboard", kwargs={"org": t.org.slug})).content.decode()
    tasks = page.split('data-testid="today-tasks"', 1)[1].split("</section>", 1)[0]
    assert "确认灯光方案" in tasks and "别人的任务" not in tasks and "下周的任务" not in tasks
    assert "B的任务" not in page
    live = page.split('data-testid="today-live"', 1)[1].split("</section>", 1)[0]
    assert t.meeting.name in live and f'data-testid="command-{t.meeting.pk}"' in live
    assert tenant_b.meeting.name not in live
    assert t.incident.title in page.split('data-testid="today-incidents"', 1)[1]
    assert "台风复核" in page.split('data-testid="today-reviews"', 1)[1]


def test_areas_not_built_yet_have_no_page_and_no_menu_entry(owner_client, tenant_a):
    page = owner_client.get(reverse("orgs:dashboard", kwargs={"org": tenant_a.org.slug})).content.decode()
    from huiwu.areas.views import AREAS

    for area in [a.slug for a in AREAS.values() if not a.built]:
        with pytest.raises(NoReverseMatch):
            reverse(f"areas:{area}", kwargs={"org": tenant_a.org.slug})
        assert owner_client.get(f"/o/{tenant_a.org.slug}/{area}/").status_code == 404
        assert f"/{area}/" not in page
    assert owner_client.get(reverse("areas:onsite", kwargs={"org": tenant_a.org.slug})).status_code == 200
    wrapup = owner_client.get(reverse("areas:reports", kwargs={"org": tenant_a.org.slug}))
    assert wrapup.status_code == 200 and "/wrapup/archive/" in wrapup.content.decode()
