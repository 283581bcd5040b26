"""Gates are set up by one command: the page, the demo and any later door share its rules."""

import datetime as dt

import pytest

from huiwu.checkin import setup
from huiwu.checkin.errors import GateInvalid
from huiwu.checkin.models import Gate, Scan
from huiwu.core.models import AuditEntry

pytestmark = pytest.mark.integration


def test_a_gate_admits_listed_categories_on_meeting_days(tenant_a):
    meeting = tenant_a.meeting
    gate = setup.add_gate(
        meeting=meeting,
        actor=tenant_a.owner,
        data=setup.GateInput(name=" 贵宾台 ", categories=("vip", "vip"), days=(meeting.start_date,)),
    )
    assert (
        gate.name == "贵宾台" and gate.categories == ["vip"] and gate.days == [meeting.start_date.isoformat()]
    )
    assert AuditEntry.objects.filter(action="checkin.gate.created", org=tenant_a.org).exists()
    with pytest.raises(GateInvalid):
        setup.change_gate(
            gate=gate,
            actor=tenant_a.owner,
            data=setup.GateInput(name="贵宾台", days=(meeting.end_date + dt.timedelta(days=1),)),
        )
    with pytest.raises(GateInvalid):
        setup.add_gate(
            meeting=meeting, actor=tenant_a.owner, data=setup.GateInput(name="x", categories=("boss",))
        )
    assert Gate.objects.get(pk=gate.pk).days == [meeting.start_date.isoformat()]


def test_a_clash_is_reviewed_once(tenant_a):
    scan = tenant_a.scan
    setup.review_clash(scan=scan, actor=tenant_a.owner)
    setup.review_clash(scan=scan, actor=tenant_a.owner)
    assert Scan.objects.get(pk=scan.pk).reviewed_by == tenant_a.owner
    assert AuditEntry.objects.filter(action="checkin.clash.reviewed", org=tenant_a.org).count() == 1


def test_the_gate_page_shows_the_command_s_refusal(owner_client, tenant_a):
    from django.urls import reverse

    url = reverse("checkin:gates", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    bad = owner_client.post(url, {"name": "\x00", "kind": "fast", "direction": "in", "is_active": "on"})
    assert bad.status_code == 400
    assert not Gate.objects.filter(meeting=tenant_a.meeting).exclude(pk=tenant_a.gate.pk).exists()
