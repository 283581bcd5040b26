import pytest
from django.urls import reverse

from huiwu.standards.models import Override, Rule
from huiwu.standards.selectors import catalogue_version, standard
from tests.conftest import member

pytestmark = pytest.mark.integration


def url(name, tenant, **kwargs):
    return reverse(f"standards:{name}", kwargs={"org": tenant.org.slug, **kwargs})


def test_the_catalogue_by_area_and_by_search(owner_client, tenant_a):
    page = owner_client.get(url("catalogue", tenant_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "服务标准" in html and "22-26 °C" in html and "≥ 1.2 m" in html
    health = owner_client.get(url("catalogue", tenant_a), {"area": "venue_health"}).content.decode()
    assert "22-26 °C" in health and "≥ 1.2 m" not in health
    found = owner_client.get(url("catalogue", tenant_a), {"q": "湿度"}).content.decode()
    assert "40-60 %" in found and "22-26 °C" not in found
    english = owner_client.get(url("catalogue", tenant_a), {"q": "humidity"}).content.decode()
    assert "40-60 %" in english
    assert owner_client.get(url("catalogue", tenant_a), {"area": "<script>"}).status_code == 200


def test_a_rule_is_edited_with_its_reason_and_a_stale_edit_is_refused(owner_client, tenant_a):
    org = tenant_a.org
    rule = Rule.objects.get(org=org, key="health.co2")
    page = url("rule", tenant_a, standard=rule.pk)
    done = owner_client.post(
        page, {"high": "800", "unit": "ppm", "enabled": "on", "reason": "客户要求", "version": 1}
    )
    assert done.status_code == 302
    assert standard(org, "health.co2").high == 800
    history = owner_client.get(page).content.decode()
    assert "客户要求" in history and "1000" in history and "800" in history
    stale = owner_client.post(
        page, {"high": "700", "unit": "ppm", "enabled": "on", "reason": "再改", "version": 1}
    )
    assert stale.status_code == 400 and "有人刚刚修改了这条标准" in stale.content.decode()
    bad = owner_client.post(
        page, {"high": "很多", "unit": "ppm", "enabled": "on", "reason": "x", "version": 2}
    )
    assert bad.status_code == 400 and "请输入数字" in bad.content.decode()
    assert standard(org, "health.co2").high == 800 and catalogue_version(org) == 2


def test_a_range_upside_down_is_refused_on_the_page(owner_client, tenant_a):
    rule = Rule.objects.get(org=tenant_a.org, key="health.humidity")
    bad = owner_client.post(
        url("rule", tenant_a, standard=rule.pk),
        {"low": "70", "high": "50", "unit": "%", "enabled": "on", "reason": "x", "version": 1},
    )
    assert bad.status_code == 400 and "最小值大于最大值" in bad.content.decode()
    assert standard(tenant_a.org, "health.humidity").low == 40


def test_a_documents_variant_is_chosen_and_the_versions_compared(owner_client, tenant_a):
    rule = Rule.objects.get(org=tenant_a.org, key="incident.respond")
    page = url("rule", tenant_a, standard=rule.pk)
    assert "来源文件说法不同" in owner_client.get(page).content.decode()
    done = owner_client.post(
        page, {"action": "variant", "variant": "001", "reason": "按流程标准", "version": 1}
    )
    assert done.status_code == 302 and standard(tenant_a.org, "incident.respond").high == 5
    diff = owner_client.get(url("versions", tenant_a), {"a": 1, "b": 2}).content.decode()
    assert "任何故障响应时限" in diff and "≤ 3 min" in diff and "≤ 5 min" in diff
    assert owner_client.get(url("versions", tenant_a), {"a": "x"}).status_code == 200


def test_a_viewer_reads_but_does_not_change(client, tenant_a):
    viewer = member(tenant_a.org, "viewer")
    client.force_login(viewer.user)
    rule = Rule.objects.get(org=tenant_a.org, key="health.co2")
    assert client.get(url("rule", tenant_a, standard=rule.pk)).status_code == 200
    refused = client.post(
        url("rule", tenant_a, standard=rule.pk), {"high": "1", "unit": "ppm", "reason": "x", "version": 1}
    )
    assert refused.status_code == 403 and standard(tenant_a.org, "health.co2").high == 1000


def test_a_meeting_holds_its_clients_figure(owner_client, tenant_a):
    meeting = tenant_a.meeting
    page = url("meeting", tenant_a, meeting=meeting.pk)
    rule = Rule.objects.get(org=tenant_a.org, key="contract.hall_temperature")
    done = owner_client.post(
        page, {"standard": rule.pk, "low": "23", "high": "23", "enabled": "on", "reason": "客户要 23 °C"}
    )
    assert done.status_code == 302
    assert standard(tenant_a.org, "contract.hall_temperature", meeting=meeting).describe() == "23-23 °C"
    html = owner_client.get(page).content.decode()
    assert "客户要 23 °C" in html
    bad = owner_client.post(
        page, {"standard": rule.pk, "low": "26", "high": "20", "enabled": "on", "reason": "x"}
    )
    assert bad.status_code == 400
    override = Override.objects.get(meeting=meeting, rule=rule)
    removed = owner_client.post(
        url("override-remove", tenant_a, override=override.pk), {"reason": "客户改主意"}
    )
    assert removed.status_code == 302 and not Override.objects.filter(pk=override.pk).exists()
    assert standard(tenant_a.org, "contract.hall_temperature", meeting=meeting).high == 25


def test_the_standards_area_lists_the_meetings(owner_client, tenant_a):
    page = owner_client.get(reverse("areas:standards", kwargs={"org": tenant_a.org.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        url("meeting", tenant_a, meeting=tenant_a.meeting.pk) in html and url("catalogue", tenant_a) in html
    )
