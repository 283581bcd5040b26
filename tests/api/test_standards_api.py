"""The service standards through the API: the catalogue, a change with its reason and version, a
document's variant, a meeting's own figure; the codes of what is refused."""

import pytest

from huiwu.standards.models import Rule
from huiwu.standards.selectors import catalogue_version, standard
from tests.conftest import member

pytestmark = pytest.mark.integration


@pytest.fixture
def owner_api(api, tenant_a):
    return api(tenant_a.raw_token)


def rule_id(tenant, key):
    return Rule.objects.get(org=tenant.org, key=key).pk


def test_the_catalogue_and_one_standard(owner_api, tenant_a):
    listed = owner_api.get("/api/v1/standards?area=venue_health")
    assert listed.status_code == 200
    body = listed.json()
    assert body["version"] == 1 and {s["area"] for s in body["standards"]} == {"venue_health"}
    temperature = next(s for s in body["standards"] if s["key"] == "health.temperature")
    assert (temperature["low"], temperature["high"], temperature["figure"]) == ("22", "26", "22-26 °C")
    found = owner_api.get("/api/v1/standards?q=PM2.5").json()["standards"]
    assert [s["key"] for s in found] == ["health.pm25"]
    one = owner_api.get(f"/api/v1/standards/{rule_id(tenant_a, 'venue.capacity_spare')}").json()
    assert one["low"] == "1.15" and one["unit"] == "×" and one["variant"] == "000+001"


def test_a_change_with_its_reason_and_what_is_refused(owner_api, tenant_a):
    path = f"/api/v1/standards/{rule_id(tenant_a, 'health.co2')}"
    changed = owner_api.patch(path, {"high": "800", "reason": "客户要求", "version": 1})
    assert changed.status_code == 200 and changed.json()["high"] == "800" and changed.json()["version"] == 2
    stale = owner_api.patch(path, {"high": 700, "reason": "再改", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "standard_stale"
    wrong_unit = owner_api.patch(path, {"high": 700, "unit": "m", "reason": "x", "version": 2})
    assert wrong_unit.status_code == 422 and wrong_unit.json()["code"] == "standard_unit"
    not_a_number = owner_api.patch(path, {"high": "很多", "reason": "x", "version": 2})
    assert not_a_number.status_code == 422
    no_reason = owner_api.patch(path, {"high": 700, "reason": "  ", "version": 2})
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "standard_reason_required"
    humidity = f"/api/v1/standards/{rule_id(tenant_a, 'health.humidity')}"
    upside_down = owner_api.patch(humidity, {"low": 70, "high": 50, "reason": "x", "version": 1})
    assert upside_down.status_code == 422 and upside_down.json()["code"] == "standard_bad_range"
    assert standard(tenant_a.org, "health.co2").high == 800 and catalogue_version(tenant_a.org) == 2


def test_a_documents_variant(owner_api, tenant_a):
    path = f"/api/v1/standards/{rule_id(tenant_a, 'incident.respond')}/variant"
    chosen = owner_api.post(path, {"variant": "001", "reason": "按 001", "version": 1})
    assert chosen.status_code == 200 and chosen.json()["high"] == "5" and chosen.json()["variant"] == "001"
    unknown = owner_api.post(path, {"variant": "009", "reason": "x", "version": 2})
    assert unknown.status_code == 422 and unknown.json()["code"] == "standard_variant"


def test_a_meetings_own_figure(owner_api, tenant_a):
    meeting = tenant_a.meeting.pk
    hall = rule_id(tenant_a, "contract.hall_temperature")
    put = owner_api.put(
        f"/api/v1/meetings/{meeting}/standards/{hall}", {"low": 23, "high": 23, "reason": "客户"}
    )
    assert put.status_code == 200 and put.json()["overridden"] is True and put.json()["figure"] == "23-23 °C"
    mine = owner_api.get(f"/api/v1/meetings/{meeting}/standards?q=contract.hall").json()["standards"]
    assert [(s["key"], s["overridden"]) for s in mine] == [("contract.hall_temperature", True)]
    assert owner_api.get(f"/api/v1/standards/{hall}").json()["overridden"] is False
    removed = owner_api.post(f"/api/v1/meetings/{meeting}/standards/{hall}/remove", {"reason": "客户改主意"})
    assert removed.status_code == 200 and removed.json()["overridden"] is False
    again = owner_api.post(f"/api/v1/meetings/{meeting}/standards/{hall}/remove", {"reason": "x"})
    assert again.status_code == 404 and again.json()["code"] == "standard_no_override"


def test_a_planner_reads_the_catalogue_and_may_not_change_it(api, tenant_a):
    from huiwu.api.services import create_token

    planner = member(tenant_a.org, "planner")
    _token, raw = create_token(membership=planner, name="planner")
    viewer_api = api(raw)
    path = f"/api/v1/standards/{rule_id(tenant_a, 'health.co2')}"
    assert viewer_api.get(path).status_code == 200
    assert viewer_api.patch(path, {"high": 1, "reason": "x", "version": 1}).status_code == 403
