"""Bad input on meetings: a clear translated error, the right status, nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.events.models import KPI, Meeting, Task

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("years", [-11, 6])
def test_t_far_in_the_past_or_future_is_refused(api, tenant_a, years):
    day = timezone.localdate().replace(day=1)
    day = day.replace(year=day.year + years)
    before = Meeting.objects.count()
    response = api(tenant_a.raw_token).post(
        "/api/v1/meetings",
        {"name": "远期", "start_date": day.isoformat(), "end_date": day.isoformat()},
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["message"] == "T 日须在今天之前 10 年到之后 5 年之间。"
    assert Meeting.objects.count() == before
    assert Task.objects.filter(meeting__name="远期").count() == 0


def test_a_meeting_longer_than_a_month_is_refused(owner_client, tenant_a):
    t = timezone.localdate()
    response = owner_client.post(
        reverse("events:create", kwargs={"org": tenant_a.org.slug}),
        {
            "name": "太长",
            "meeting_type": "summit",
            "mode": "onsite",
            "stage": 1,
            "start_date": t,
            "end_date": t + dt.timedelta(days=40),
            "expected_attendance": 1,
        },
    )
    assert response.status_code == 400
    assert "会议最长 31 天。" in response.content.decode()
    assert not Meeting.objects.filter(name="太长").exists()


def test_kpi_without_unit_is_refused(api, owner_client, tenant_a):
    before = KPI.objects.count()
    r = api(tenant_a.raw_token).post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/kpis", {"target": 5, "unit": ""}
    )
    assert r.status_code == 422 and r.json()["details"][0]["field"] == "unit"
    url = reverse("events:requirements", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    page = owner_client.post(url, {"kpi-kind": "attendance", "kpi-target": "5", "kpi-unit": ""})
    assert page.status_code == 400
    assert KPI.objects.count() == before


def test_script_in_a_meeting_name_is_text(owner_client, tenant_a):
    Meeting.objects.filter(pk=tenant_a.meeting.pk).update(name='<img src=x onerror="alert(1)">')
    html = owner_client.get(
        reverse("events:detail", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    ).content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_gantt_drag_reschedules_over_json(owner_client, tenant_a):
    url = reverse("tasks:reschedule", kwargs={"org": tenant_a.org.slug, "task": tenant_a.task.pk})
    ok = owner_client.post(url, {"due": "2026-12-24"}, headers={"Accept": "application/json"})
    assert ok.json() == {"id": tenant_a.task.pk, "due": "2026-12-24"}
    tenant_a.task.refresh_from_db()
    assert timezone.localtime(tenant_a.task.due_at).date() == dt.date(2026, 12, 24)
    bad = owner_client.post(url, {"due": "not-a-date"}, headers={"Accept": "application/json"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


def test_viewer_cannot_move_a_task(client, tenant_a):
    from huiwu.orgs.enums import Role
    from tests.conftest import member

    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    url = reverse("tasks:reschedule", kwargs={"org": tenant_a.org.slug, "task": tenant_a.task.pk})
    assert client.post(url, {"due": "2026-12-24"}).status_code == 403
