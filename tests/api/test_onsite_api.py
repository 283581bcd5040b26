"""On site through the API: the same commands, rules and permissions as the pages."""

import pytest

from huiwu.api.services import create_token
from huiwu.core.models import AuditEntry
from huiwu.onsite.models import Checklist, Cue, Incident, IncidentUpdate, Post
from huiwu.risks.models import Plan
from tests.factories.staff import qualified

pytestmark = pytest.mark.integration


@pytest.fixture
def owner_api(api, tenant_a):
    return api(tenant_a.raw_token)


def test_an_incident_from_report_to_close(owner_api, tenant_a, tenant_b):
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/incidents"
    made = owner_api.post(base, {"tier": "major", "title": "主会场停电", "location": "A厅"})
    assert made.status_code == 201, made.json()
    url = f"/api/v1/incidents/{made.json()['id']}"
    assert made.json()["status"] == "open" and made.json()["minutes"]["major"]["respond"] > 0
    assert owner_api.post(f"{url}/respond").json()["status"] == "acknowledged"
    assert owner_api.post(f"{url}/decide", {"text": "启用备用电源"}).json()["status"] == "decided"
    empty = owner_api.post(f"{url}/updates", {"text": "  "})
    assert empty.status_code == 422 and empty.json()["code"] == "update_empty"
    assert owner_api.post(f"{url}/updates", {"text": "电力恢复中"}).status_code == 200
    foreign_plan = Plan.objects.get(risk__meeting=tenant_b.meeting)
    assert owner_api.post(f"{url}/plan", {"plan_id": foreign_plan.pk}).status_code == 404
    planned = owner_api.post(f"{url}/plan", {"plan_id": tenant_a.plan.pk})
    assert planned.json()["plan_id"] == tenant_a.plan.pk
    early = owner_api.post(f"{url}/close")
    assert early.status_code == 409 and early.json()["code"] == "incident_not_resolved"
    assert owner_api.post(f"{url}/resolve", {"fix": "更换电箱"}).json()["status"] == "resolved"
    no_cause = owner_api.post(f"{url}/close")
    assert no_cause.status_code == 422 and no_cause.json()["code"] == "cause_required"
    assert owner_api.post(f"{url}/resolve", {"cause": "电箱老化"}).status_code == 200
    closed = owner_api.post(f"{url}/close").json()
    assert closed["status"] == "closed" and closed["closed_at"]
    kinds = [u["kind"] for u in owner_api.get(url).json()["updates"]]
    assert kinds == list(
        IncidentUpdate.objects.filter(incident_id=closed["id"]).values_list("kind", flat=True)
    )
    assert len(kinds) >= 6
    again = owner_api.post(f"{url}/updates", {"text": "补充"})
    assert again.status_code == 409 and again.json()["code"] == "incident_closed"
    listed = owner_api.get(base).json()
    assert closed["id"] in [i["id"] for i in listed]


def test_a_report_sent_twice_with_one_key_is_one_incident(
    owner_api, tenant_a, django_capture_on_commit_callbacks
):
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/incidents"
    body = {"tier": "general", "title": "投影偏色"}
    with django_capture_on_commit_callbacks(execute=True):
        first = owner_api.post(base, body, headers={"Idempotency-Key": "tap-1"})
    second = owner_api.post(base, body, headers={"Idempotency-Key": "tap-1"})
    assert first.json()["id"] == second.json()["id"]
    bad = owner_api.post(base, {"tier": "urgent", "title": "x"})
    assert bad.status_code == 422 and bad.json()["code"] == "incident_incomplete"
    assert Incident.objects.filter(meeting=tenant_a.meeting, title="x").count() == 0


def test_a_cue_change_with_a_stale_version_is_a_conflict(owner_api, tenant_a):
    made = owner_api.post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/cues",
        {"title": "开场视频", "start": "2026-12-10T09:00:00+08:00", "end": "2026-12-10T09:05:00+08:00"},
    )
    assert made.status_code == 201 and made.json()["minutes"] == 5
    url = f"/api/v1/cues/{made.json()['id']}"
    version = made.json()["version"]
    standby = owner_api.post(f"{url}/status", {"status": "standby", "version": version})
    assert standby.status_code == 200 and standby.json()["version"] == version + 1
    stale = owner_api.post(f"{url}/status", {"status": "live", "version": version})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert Cue.objects.get(pk=made.json()["id"]).status == "standby"
    wrong = owner_api.post(f"{url}/status", {"status": "done", "version": version + 1})
    assert wrong.status_code == 422 and wrong.json()["code"] == "cue_transition"
    backwards = owner_api.put(
        url,
        {"title": "开场", "start": "2026-12-10T09:00:00+08:00", "end": "2026-12-10T08:00:00+08:00",
         "version": Cue.objects.get(pk=made.json()["id"]).version},
    )  # fmt: skip
    assert backwards.status_code == 422 and backwards.json()["code"] == "cue_times"
    old = owner_api.put(
        url,
        {"title": "开场", "start": "2026-12-10T09:00:00+08:00", "end": "2026-12-10T09:10:00+08:00",
         "version": version},
    )  # fmt: skip
    assert old.status_code == 409
    assert owner_api.get(url).json()["title"] == "开场视频"


def test_the_team_through_the_api(owner_api, tenant_a, tenant_b):
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/posts"
    made = owner_api.post(
        base, {"role": "supplier", "person": "王工", "phone": "138 0013 8000", "shift_start": "08:00"}
    )
    assert made.status_code == 201 and made.json()["phone"] == "+8613800138000" and made.json()["filled"]
    qualified(tenant_a.org, member=tenant_a.other_member.user)
    url = f"/api/v1/posts/{made.json()['id']}"
    late = owner_api.patch(url, {"shift_end": "07:00"})
    assert late.status_code == 422 and "shift_end" in str(late.json()["details"])
    assert owner_api.patch(url, {"member_id": tenant_b.owner.pk}).status_code == 404
    member = owner_api.patch(
        url,
        {
            "role": "coordinator",
            "person": "",
            "member_id": tenant_a.other_member.user.pk,
            "shift_end": "18:00",
        },
    )
    assert member.status_code == 200 and member.json()["member_id"] == tenant_a.other_member.user.pk
    zoned = owner_api.patch(url, {"shift_end": "18:00+08:00"})
    assert zoned.status_code == 422
    assert owner_api.delete(url).status_code == 204
    assert not Post.objects.filter(pk=made.json()["id"]).exists()
    assert AuditEntry.objects.filter(org=tenant_a.org, action="onsite.post.deleted").exists()


def test_ticks_carry_the_version_and_sign_off_needs_every_item(owner_api, tenant_a):
    url = f"/api/v1/checklists/{tenant_a.checklist.pk}"
    early = owner_api.post(f"{url}/sign")
    assert early.status_code == 422 and early.json()["code"] == "checklist_incomplete"
    ticked = owner_api.post(f"{url}/ticks", {"index": 0, "version": 0, "note": "已点名"})
    assert ticked.status_code == 200 and ticked.json()["items"][0]["done_by_name"]
    stale = owner_api.post(f"{url}/ticks", {"index": 0, "done": False, "version": 0})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    missing = owner_api.post(f"{url}/ticks", {"index": 5, "version": 1})
    assert missing.status_code == 422 and missing.json()["code"] == "checklist_item"
    assert owner_api.post(f"{url}/sign").json()["signed_at"]
    signed = owner_api.post(f"{url}/ticks", {"index": 0, "done": False, "version": 1})
    assert signed.status_code == 409 and signed.json()["code"] == "checklist_signed"
    assert Checklist.objects.get(pk=tenant_a.checklist.pk).items[0]["done_at"]


def test_sla_policy_and_the_permissions_of_the_pages(api, owner_api, tenant_a):
    policy = owner_api.get("/api/v1/sla-policy").json()
    assert set(policy["minutes"]) == {"general", "important", "major"}
    assert policy["minutes"]["general"] == {"respond": 3, "resolve": 10} and policy["update_every"] == 30
    assert policy["standards_version"] >= 1
    good = owner_api.put("/api/v1/sla-policy", {"duty_manager_id": tenant_a.owner.pk})
    assert good.status_code == 200 and good.json()["duty_manager_id"] == tenant_a.owner.pk
    _token, raw = create_token(membership=tenant_a.other_member, name="planner")
    planner = api(raw)
    assert planner.get(f"/api/v1/meetings/{tenant_a.meeting.pk}/incidents").status_code == 200
    refused = planner.post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/incidents", {"tier": "general", "title": "x"}
    )
    assert refused.status_code == 403
    assert planner.put("/api/v1/sla-policy", {"duty_manager_id": None}).status_code == 403
    assert (
        planner.post(
            f"/api/v1/cues/{tenant_a.cue.pk}/status", {"status": "standby", "version": 0}
        ).status_code
        == 403
    )
