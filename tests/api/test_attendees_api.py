import pytest

from huiwu.api.services import create_token
from huiwu.core.models import AuditEntry
from huiwu.orgs.enums import Role
from tests.conftest import member

pytestmark = pytest.mark.integration


def test_attendees_through_the_api(api, tenant_a):
    client = api(tenant_a.raw_token)
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees"
    bad = client.post(base, {"name": "王一", "mobile": "12345"})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "mobile"
    bad = client.post(base, {"name": "王一\u202e", "mobile": "13800000001"})
    assert bad.status_code == 422
    created = client.post(
        base,
        {
            "name": "王一",
            "mobile": "１３８００００００01",
            "diets": ["halal"],
            "id_number": "11010519491231002X",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["mobile_masked"] == "138****0001" and body["id_number_masked"].endswith("002X")
    assert "13800000001" not in created.content.decode()
    again = client.post(base, {"name": "王一", "mobile": "13800000001"})
    assert again.status_code in (400, 409) and again.json()["code"] == "duplicate_attendee"
    listed = client.get(base + "?q=王一").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    revealed = client.post(f"/api/v1/attendees/{body['id']}/reveal", {"field": "mobile"})
    assert revealed.json() == {"field": "mobile", "value": "13800000001"}
    assert AuditEntry.objects.filter(action="attendees.attendee.revealed").count() == 1
    patched = client.patch(f"/api/v1/attendees/{body['id']}", {"title": "总监", "mobile": ""})
    assert patched.status_code == 422  # mobile or e-mail must remain
    patched = client.patch(f"/api/v1/attendees/{body['id']}", {"title": "总监"})
    assert patched.json()["title"] == "总监"
    status = client.post(f"/api/v1/attendees/{body['id']}/status", {"status": "cancelled"})
    assert status.json()["status"] == "cancelled"


def test_a_planner_token_sees_masked_data_only(api, tenant_a):
    planner = member(tenant_a.org, Role.PLANNER)
    _token, raw = create_token(membership=planner, name="p")
    client = api(raw)
    response = client.post(f"/api/v1/attendees/{tenant_a.attendee.pk}/reveal", {"field": "mobile"})
    assert response.status_code == 403
    got = client.get(f"/api/v1/attendees/{tenant_a.attendee.pk}").json()
    assert "****" in got["mobile_masked"] and tenant_a.attendee.mobile[3:] not in str(got)
