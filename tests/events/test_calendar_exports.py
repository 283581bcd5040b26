import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from huiwu.clients.models import CommunicationLog
from huiwu.events.models import Task

pytestmark = pytest.mark.integration


def test_conversation_follow_up_becomes_a_task(owner_client, tenant_a):
    url = reverse(
        "clients:communication-create", kwargs={"org": tenant_a.org.slug, "client": tenant_a.client.pk}
    )
    response = owner_client.post(
        url,
        {
            "meeting": tenant_a.meeting.pk,
            "happened_at": "2026-11-20T10:00",
            "channel": "wechat",
            "participants": "林静",
            "notes": "确认预算",
            "outcome": "同意",
            "follow_up": "发送报价单",
            "follow_up_due": "2026-11-25",
            "follow_up_assignee": tenant_a.owner.pk,
        },
    )
    assert response.status_code == 302
    assert CommunicationLog.objects.get().channel == "wechat"
    task = Task.objects.get(title="发送报价单")
    assert task.meeting == tenant_a.meeting and task.assignee == tenant_a.owner
    assert task.due_at.date().isoformat() == "2026-11-25"


def test_follow_up_without_meeting_is_refused(owner_client, tenant_a):
    url = reverse(
        "clients:communication-create", kwargs={"org": tenant_a.org.slug, "client": tenant_a.client.pk}
    )
    response = owner_client.post(
        url,
        {
            "happened_at": "2026-11-20T10:00",
            "channel": "call",
            "follow_up": "回电",
            "follow_up_due": "2026-11-25",
        },
    )
    assert response.status_code == 400
    assert CommunicationLog.objects.count() == 0


def test_ics_feed_lists_my_open_deadlines(owner_client, client, tenant_a):
    Task.objects.filter(pk=tenant_a.task.pk).update(assignee=tenant_a.owner, title="提交方案, 含预算; 终稿")
    calendar = reverse("tasks:calendar", kwargs={"org": tenant_a.org.slug})
    page = owner_client.get(calendar)
    assert (
        page.context["feed_url"] == "" and 'data-testid="feed-issue"' in page.content.decode()
    )  # a GET writes nothing
    owner_client.post(reverse("tasks:feed-issue", kwargs={"org": tenant_a.org.slug}))
    feed = owner_client.get(calendar).context["feed_url"]
    body = client.get(feed.split("testserver", 1)[1]).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:task-{tenant_a.task.pk}@huiwu" in body
    assert "SUMMARY:提交方案\\, 含预算\\; 终稿" in body
    assert client.get("/feeds/forged/deadlines.ics").status_code == 404
    owner_client.post(reverse("tasks:feed-issue", kwargs={"org": tenant_a.org.slug}))  # a new address
    assert client.get(feed.split("testserver", 1)[1]).status_code == 404  # the old one stops working


def test_excel_exports(owner_client, tenant_a):
    r = owner_client.get(reverse("events:export", kwargs={"org": tenant_a.org.slug}))
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert rows[0][0] == "会议" and rows[1][0] == tenant_a.meeting.name
    r = owner_client.get(
        reverse("tasks:export", kwargs={"org": tenant_a.org.slug}) + f"?meeting={tenant_a.meeting.pk}"
    )
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert rows[1][1] == tenant_a.task.title
    bad = owner_client.get(reverse("tasks:export", kwargs={"org": tenant_a.org.slug}) + "?meeting=abc")
    assert bad.status_code == 404


@pytest.mark.parametrize("name", ["tasks:mine", "tasks:calendar", "playbooks:list"])
def test_pages_render(owner_client, tenant_a, name):
    assert owner_client.get(reverse(name, kwargs={"org": tenant_a.org.slug})).status_code == 200


def test_dependency_cycle_in_a_template_is_refused(owner_client, tenant_a):
    tpl = tenant_a.playbook
    a, b = tpl.tasks.get(key="interviews"), tpl.tasks.get(key="checklist")  # checklist waits for interviews
    url = reverse("playbooks:task-edit", kwargs={"org": tenant_a.org.slug, "playbook": tpl.pk, "ttask": a.pk})
    response = owner_client.post(
        url,
        {
            "title": a.title,
            "stage": a.stage,
            "anchor": a.anchor,
            "offset": a.offset,
            "unit": a.unit,
            "duration_days": 1,
            "role": a.role,
            "deliverable": "",
            "checklist": "",
            "depends_on": [b.pk],
        },
    )
    assert response.status_code == 400
    assert "循环" in response.content.decode()
    assert list(a.depends_on.all()) == []
