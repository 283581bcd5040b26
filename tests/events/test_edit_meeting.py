import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.events.models import Meeting

pytestmark = pytest.mark.integration


def test_editing_a_meeting_in_the_page_moves_t_and_its_tasks(owner_client, tenant_a):
    t = timezone.localdate() + dt.timedelta(days=70)
    created = owner_client.post(
        reverse("events:create", kwargs={"org": tenant_a.org.slug}),
        {
            "name": "新会",
            "meeting_type": "summit",
            "mode": "onsite",
            "stage": 1,
            "start_date": t,
            "end_date": t,
            "expected_attendance": 3,
        },
    )
    assert created.status_code == 302
    meeting = Meeting.objects.get(name="新会")
    due_before = meeting.tasks.get(template_task__key="requirement-report").due_at
    url = reverse("events:edit", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    form = owner_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"start_date": t + dt.timedelta(days=7), "end_date": t + dt.timedelta(days=7)})
    assert owner_client.post(url, data).status_code == 302
    due_after = meeting.tasks.get(template_task__key="requirement-report").due_at
    assert due_after - due_before == dt.timedelta(days=7)
