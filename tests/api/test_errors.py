"""One error shape for every API failure, translated, with the right status, and nothing changed."""

import pytest
from django.test import override_settings

from huiwu.events.models import Meeting

pytestmark = pytest.mark.integration

SHAPE = {"code", "message", "details"}


def test_missing_token_is_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer hw_tampered", "Bearer ", "Basic abc", "Bearer " + "x" * 500])
def test_bad_tokens_are_401(client, tenant_a, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_tampered_token_is_401(client, tenant_a):
    raw = tenant_a.raw_token[:-1] + ("A" if tenant_a.raw_token[-1] != "A" else "B")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoked_token_is_401(api, tenant_a):
    from huiwu.api.services import revoke_token

    revoke_token(token=tenant_a.token, actor=tenant_a.owner)
    assert api(tenant_a.raw_token).get("/api/v1/me").status_code == 401


def test_token_of_a_removed_member_is_401(api, tenant_a):
    tenant_a.membership.is_active = False
    tenant_a.membership.save()
    assert api(tenant_a.raw_token).get("/api/v1/me").status_code == 401


def test_me_tells_user_org_and_permissions(api, tenant_a):
    body = api(tenant_a.raw_token).get("/api/v1/me").json()
    assert body["username"] == tenant_a.owner.username
    assert body["org"]["slug"] == tenant_a.org.slug
    assert body["role"] == "owner"
    assert "members.manage" in body["permissions"]


def test_malformed_json_is_400_and_changes_nothing(client, tenant_a):
    before = Meeting.objects.count()
    response = client.post(
        "/api/v1/meetings",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {tenant_a.raw_token}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"
    assert Meeting.objects.count() == before


def test_unknown_fields_are_422(api, tenant_a):
    response = api(tenant_a.raw_token).post("/api/v1/clients", {"name": "新客户", "colour": "red"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [d["field"] for d in body["details"]] == ["colour"]


def test_end_before_start_is_422_and_nothing_saved(api, tenant_a):
    before = Meeting.objects.count()
    response = api(tenant_a.raw_token).post(
        "/api/v1/meetings", {"name": "错日期", "start_date": "2026-12-05", "end_date": "2026-12-01"}
    )
    assert response.status_code == 422  # the model's rule, at the field, in the one error shape
    body = response.json()
    assert body["code"] == "invalid" and [d["field"] for d in body["details"]] == ["end_date"]
    assert Meeting.objects.count() == before


def test_negative_attendance_is_422(api, tenant_a):
    response = api(tenant_a.raw_token).post(
        "/api/v1/meetings",
        {"name": "负数", "start_date": "2026-12-01", "end_date": "2026-12-01", "expected_attendance": -5},
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "expected_attendance"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413(api, tenant_a):
    response = api(tenant_a.raw_token).post("/api/v1/clients", {"name": "x", "notes": "长" * 2000})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_error_message_is_translated(client, db):
    zh = client.get("/api/v1/me", headers={"Accept-Language": "zh-Hans"}).json()["message"]
    en = client.get("/api/v1/me", headers={"Accept-Language": "en"}).json()["message"]
    assert zh == "请使用有效的 API 令牌：Authorization: Bearer <令牌>。"
    assert en == "Sign in with a valid API token: Authorization: Bearer <token>."


def test_viewer_cannot_write(api, tenant_a):
    from huiwu.api.services import create_token
    from huiwu.orgs.enums import Role
    from tests.conftest import member

    viewer = member(tenant_a.org, Role.ONSITE)
    _t, raw = create_token(membership=viewer, name="v")
    response = api(raw).post("/api/v1/clients", {"name": "不许"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_create_and_patch_meeting_writes_audit(api, tenant_a):
    from huiwu.core.models import AuditEntry

    client = api(tenant_a.raw_token)
    created = client.post(
        "/api/v1/meetings",
        {
            "name": "年会",
            "client_id": tenant_a.client.pk,
            "start_date": "2026-12-01",
            "end_date": "2026-12-02",
        },
    )
    assert created.status_code == 201
    mid = created.json()["id"]
    patched = client.patch(f"/api/v1/meetings/{mid}", {"expected_attendance": 900})
    assert patched.status_code == 200
    assert patched.json()["expected_attendance"] == 900
    entry = AuditEntry.objects.filter(target_type="events.meeting", target_id=str(mid)).first()
    assert entry.action == "events.meeting.changed"
    assert entry.changes == {"expected_attendance": [0, 900]}
    assert entry.actor == tenant_a.owner


def test_pagination_has_items_and_count(api, tenant_a):
    body = api(tenant_a.raw_token).get("/api/v1/meetings?limit=1").json()
    assert body["count"] == 1
    assert len(body["items"]) == 1


def test_follow_up_through_the_api_becomes_a_task(api, tenant_a):
    from huiwu.events.models import Task

    r = api(tenant_a.raw_token).post(
        f"/api/v1/clients/{tenant_a.client.pk}/communications",
        {
            "meeting_id": tenant_a.meeting.pk,
            "happened_at": "2026-11-20T10:00:00+08:00",
            "channel": "call",
            "follow_up": "寄送样品",
            "follow_up_due": "2026-11-28",
            "follow_up_assignee_id": tenant_a.owner.pk,
        },
    )
    assert r.status_code == 201
    task = Task.objects.get(title="寄送样品")
    assert task.assignee == tenant_a.owner and task.meeting == tenant_a.meeting
    bad = api(tenant_a.raw_token).post(
        f"/api/v1/clients/{tenant_a.client.pk}/communications",
        {"happened_at": "2026-11-20T10:00:00+08:00", "follow_up": "没有会议"},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "follow_up_incomplete"


def test_template_tasks_through_the_api_refuse_cycles(api, tenant_a):
    client = api(tenant_a.raw_token)
    tpl = tenant_a.playbook
    first = tpl.tasks.get(key="interviews")
    r = client.post(
        f"/api/v1/playbooks/{tpl.pk}/tasks",
        {"title": "新任务", "stage": 1, "offset": -58, "depends_on": [first.pk]},
    )
    assert r.status_code == 201 and r.json()["depends_on"] == [first.pk]
    assert client.delete(f"/api/v1/playbooks/{tpl.pk}/tasks/{r.json()['id']}").status_code == 204
    assert (
        client.post(
            f"/api/v1/playbooks/{tpl.pk}/tasks", {"title": "x", "stage": 1, "offset": 1, "role": "king"}
        ).status_code
        == 422
    )


def test_schema_names_are_unique_across_domains():
    """The OpenAPI components are keyed by class name: two domains' ``RevealOut`` would describe one
    endpoint's answer with the other's fields."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import huiwu.api.schemas as package

    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                if name in seen:
                    clashes.append((name, seen[name], info.name))
                seen[name] = info.name
    assert clashes == []
