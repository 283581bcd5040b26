"""The agenda through the API: read with rule problems, move, solve as a job, publish."""

import pytest

from huiwu.agenda import services
from huiwu.agenda.models import Session, Slot
from huiwu.jobs.models import Job

pytestmark = pytest.mark.integration


@pytest.fixture
def meeting(tenant_a):
    tenant_a.evaluation.chosen = True
    tenant_a.evaluation.save()
    services.add_default_grid(meeting=tenant_a.meeting, actor=tenant_a.owner)
    return tenant_a.meeting


def test_read_move_schedule_publish(api, tenant_a, meeting, django_capture_on_commit_callbacks):
    client = api(tenant_a.raw_token)
    base = f"/api/v1/meetings/{meeting.pk}/agenda"
    data = client.get(base).json()
    assert [r["name"] for r in data["rooms"]] == ["大厅"] and len(data["sessions"]) == 1
    slot = Slot.objects.filter(meeting=meeting).first()
    moved = client.post(
        f"{base}/sessions/{tenant_a.session.pk}/move", {"room_id": tenant_a.room.pk, "slot_id": slot.pk}
    )
    assert moved.status_code == 200 and moved.json()["slot_id"] == slot.pk
    half = client.post(f"{base}/sessions/{tenant_a.session.pk}/move", {"room_id": tenant_a.room.pk})
    assert half.status_code == 400 and half.json()["code"] == "half_cell"
    assert client.post(f"{base}/sessions/{tenant_a.session.pk}/move", {"slot_id": 999999}).status_code == 404
    services.save_session(
        meeting=meeting,
        actor=tenant_a.owner,
        data=services.SessionInput(title="圆桌", speakers=[tenant_a.speaker]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post(f"{base}/schedule", {"replan_all": False, "time_limit": 5})
    assert job.status_code == 202
    result = Job.objects.get(pk=job.json()["id"]).result
    assert result["status"] in ("optimal", "feasible")
    proposal = client.get(f"{base}/proposals/{result['proposal']}").json()
    assert proposal["status"] == "proposed" and len(proposal["moves"]) == 1 and proposal["problems"] == []
    assert not all(s.placed for s in Session.objects.filter(meeting=meeting))  # nothing moved yet
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"{base}/proposals/{result['proposal']}/apply")
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert client.post(f"{base}/proposals/{result['proposal']}/apply").status_code == 409
    assert all(s.placed for s in Session.objects.filter(meeting=meeting))
    assert client.get(base).json()["problems"] == []
    published = client.post(f"{base}/publish")
    assert published.status_code == 200 and published.json()["version"] == 1
    assert client.get(base).json()["public_url"].startswith("/p/")
    assert client.post(f"{base}/schedule", {"time_limit": 100000}).status_code == 422
