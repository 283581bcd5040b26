"""Wrap-up: each KPI's actual in its own unit (another unit refused, not converted), offered from what the
product measured — check-ins, the survey and calls, a zone gate's scans —, with the variance; the count
after the end from the checklists, each item's state, signed off only when all are counted, overdue
flagged; the venue's restoration."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn, Gate, Scan
from huiwu.events.enums import KPIKind
from huiwu.events.models import KPI
from huiwu.onsite.enums import ChecklistKind
from huiwu.onsite.models import Checklist
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.wrapup import count as counting
from huiwu.wrapup import kpis
from huiwu.wrapup.errors import ActualInvalid, CountInvalid, NotAllowed, Stale, UnitMismatch
from huiwu.wrapup.models import ItemState, Source
from tests.conftest import member

pytestmark = pytest.mark.integration


def owner(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def arrive(tenant, people, gate, n0=0):
    now = timezone.now()
    for n, person in enumerate(people):
        row = {"org": tenant.org, "meeting": tenant.meeting, "gate": gate, "badge_digest": "x"}
        scan = Scan.objects.create(
            scan_id=f"w{n0 + n}", attendee=person, status="accepted", scanned_at=now, **row
        )
        if gate.name != "AI 互动区":
            day = timezone.localdate()
            CheckIn.objects.create(
                meeting=tenant.meeting, attendee=person, day=day, gate=gate, scan=scan, at=now
            )


def test_the_actual_is_in_the_kpis_unit_and_offered_from_the_check_ins_and_a_zone(tenant_a):
    meeting = tenant_a.meeting
    people = [
        Attendee.objects.create(org=tenant_a.org, meeting=meeting, name=f"人{n}", status=Status.CONFIRMED)
        for n in range(4)
    ]
    arrive(tenant_a, people, tenant_a.gate)
    zone = Gate.objects.create(org=tenant_a.org, meeting=meeting, name="AI 互动区", kind="custom")
    arrive(tenant_a, people[:3], zone, n0=10)
    attendance = KPI.objects.create(meeting=meeting, kind=KPIKind.ATTENDANCE, target=5, unit="人")
    participation = KPI.objects.create(
        meeting=meeting, kind=KPIKind.OTHER, name="AI 互动区参与率", target=90, unit="%"
    )
    watch = KPI.objects.create(meeting=meeting, kind=KPIKind.WATCH_TIME, target=4, unit="小时/人")
    assert kpis.suggest(attendance).value == 4 and kpis.suggest(attendance).source == Source.CHECKIN
    assert kpis.suggest(participation).value == Decimal("75.0")  # 3 of the 4 who came
    assert kpis.suggest(watch) is None
    me = owner(tenant_a)
    with pytest.raises(UnitMismatch):
        kpis.record_actual(kpi=watch, membership=me, actual="250", unit="分钟/人")
    for bad in ("-1", "1.234", "abc", "1" * 20):
        with pytest.raises(ActualInvalid):
            kpis.record_actual(kpi=watch, membership=me, actual=bad, unit="小时/人")
    viewer = member(tenant_a.org, Role.VIEWER)
    with pytest.raises(NotAllowed):
        kpis.record_actual(kpi=watch, membership=viewer, actual="4.2", unit="小时/人")
    watch.refresh_from_db()
    assert watch.actual is None
    made = kpis.record_actual(
        kpi=watch, membership=me, actual="4.2", unit=" 小时/人 ", explanation="直播平台数据"
    )
    watch.refresh_from_db()
    assert watch.actual == Decimal("4.20") and kpis.variance(watch) == (Decimal("0.20"), Decimal("5.0"))
    with pytest.raises(Stale):
        kpis.record_actual(kpi=watch, membership=me, actual="4.3", unit="小时/人", version=0)
    kpis.record_actual(kpi=watch, membership=me, actual="4.3", unit="小时/人", version=made.version)
    kpis.record_actual(kpi=attendance, membership=me, actual="4", unit="人", source=Source.CHECKIN)
    attendance.refresh_from_db()
    assert kpis.variance(attendance) == (Decimal("-1.00"), Decimal("-20.0"))


def test_the_count_from_the_checklists_signed_off_when_all_are_counted(tenant_a):
    meeting = tenant_a.meeting
    Checklist.objects.create(org=tenant_a.org, meeting=meeting, kind=ChecklistKind.MATERIALS, title="物料",
                             due_at=timezone.now(), items=[{"text": "易拉宝"}, {"text": "胸卡"}])  # fmt: skip
    Checklist.objects.create(org=tenant_a.org, meeting=meeting, kind=ChecklistKind.EQUIPMENT, title="设备",
                             due_at=timezone.now(), items=[{"text": "无线话筒 ×6"}])  # fmt: skip
    me = owner(tenant_a)
    found = counting.start(meeting=meeting, membership=me)
    assert counting.start(meeting=meeting, membership=me) == found  # once
    assert [i.name for i in found.items.all()] == ["易拉宝", "胸卡", "无线话筒 ×6"]
    assert found.due_at == meeting.ends_at() + dt.timedelta(hours=2)
    assert counting.overdue(found, found.due_at + dt.timedelta(minutes=1))
    with pytest.raises(CountInvalid):
        counting.sign_off(count=found, membership=me)
    first, second, mic = found.items.all()
    with pytest.raises(CountInvalid):  # lost: say what happened
        counting.count_item(item=mic, membership=me, state=ItemState.LOST, version=mic.version)
    counting.count_item(item=first, membership=me, state=ItemState.REUSABLE, version=first.version)
    with pytest.raises(Stale):
        counting.count_item(item=first, membership=me, state=ItemState.DAMAGED, note="x", version=1)
    counting.count_item(item=second, membership=me, state=ItemState.RETURNED, version=second.version)
    counting.count_item(
        item=mic, membership=me, state=ItemState.LOST, note="撤场时遗失一支", version=mic.version
    )
    signed = counting.sign_off(count=found, membership=me)
    assert signed.signed_off_at is not None and not counting.overdue(
        signed, signed.due_at + dt.timedelta(days=1)
    )
    with pytest.raises(CountInvalid):
        counting.add_item(count=signed, membership=me, name="x")
    with pytest.raises(CountInvalid):
        counting.record_restoration(count=signed, membership=me, venue_person=" ")
    done = counting.record_restoration(
        count=signed, membership=me, venue_person="场馆 王经理", note="地毯已清洁"
    )
    assert done.restored_with == "场馆 王经理"


def test_the_pages(client, tenant_a):
    client.force_login(tenant_a.owner)
    meeting = tenant_a.meeting
    review = reverse("wrapup:review", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    kpi = tenant_a.kpi
    assert f'data-testid="kpi-{kpi.pk}"' in client.get(review).content.decode()
    client.post(review, {"kpi": kpi.pk, "actual": "1200", "unit": kpi.unit, "version": "0"})
    kpi.refresh_from_db()
    assert kpi.actual == Decimal("1200")
    client.post(review, {"kpi": kpi.pk, "actual": "9", "unit": "米", "version": "1"})
    kpi.refresh_from_db()
    assert kpi.actual == Decimal("1200")
    url = reverse("wrapup:count", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    assert client.post(url, {"action": "start"}).status_code == 302
    client.post(url, {"action": "add", "name": "签到台", "quantity": "2"})
    assert "签到台" in client.get(url).content.decode()
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.post(url, {"action": "sign"}).status_code == 403
