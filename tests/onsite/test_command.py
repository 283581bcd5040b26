"""The command centre's panels: check-in, cues, open incidents (escalated by the minute's SLA watch),
tasks, alerts. Drawing them writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.onsite import command, services
from huiwu.onsite.models import Incident

pytestmark = pytest.mark.integration


def test_panels_show_the_day_and_the_watch_escalates(owner_client, tenant_a):
    t = tenant_a
    Incident.objects.all().delete()
    now = timezone.now()
    fire = services.report(
        meeting=t.meeting, actor=t.owner, tier="major", title="配电间冒烟", now=now - dt.timedelta(minutes=5)
    )
    mic = services.report(meeting=t.meeting, actor=t.owner, tier="general", title="话筒无声", now=now)
    entries = AuditEntry.objects.count()
    panels = command.panels(t.meeting, now)
    assert [i.pk for i in panels["incidents"]] == [fire.pk, mic.pk]  # major first
    fire.refresh_from_db()
    assert fire.escalation == 0 and AuditEntry.objects.count() == entries  # a read: nothing written
    services.watch(now)  # the periodic task, every minute
    fire.refresh_from_db()
    assert fire.escalation == 1  # 5 minutes without a response: escalated
    assert ("gaps", "1", None) in panels["alerts"]  # the fixture's unfilled coordinator post
    assert ("checklist", t.checklist.title, t.checklist.due_at) in panels["alerts"]  # due, not signed off
    url = reverse("onsite:command", kwargs={"org": t.org.slug, "meeting": t.meeting.pk})
    page = owner_client.get(url).content.decode()
    assert "配电间冒烟" in page and f'data-testid="escalated-{fire.pk}"' in page
    fragment = owner_client.get(
        reverse("onsite:command-panels", kwargs={"org": t.org.slug, "meeting": t.meeting.pk})
    )
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
