"""The reference summit's gates for the demo organisation: the e-code fast lanes, the manual desk and the
VIP desk, with the morning's first arrivals already scanned."""

from __future__ import annotations

from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.attendees.services import badge_code

from . import services
from .models import Gate, GateKind


def load(summit, users) -> None:
    if Gate.objects.filter(meeting=summit).exists():
        return
    org = summit.org
    fast = Gate.objects.create(org=org, meeting=summit, name="东门快速通道", kind=GateKind.FAST)
    Gate.objects.create(org=org, meeting=summit, name="人工签到台", kind=GateKind.MANUAL)
    vip = Gate.objects.create(
        org=org,
        meeting=summit,
        name="贵宾签到台",
        kind=GateKind.VIP,
        categories=[Category.VIP, Category.SPEAKER],
    )
    confirmed = Attendee.objects.filter(meeting=summit, status=Status.CONFIRMED).order_by("id")
    for i, a in enumerate(confirmed.exclude(category__in=[Category.VIP, Category.SPEAKER])[:40]):
        services.scan(gate=fast, badge=badge_code(a), scan_id=f"demo-fast-{i}", user=users["zhaoqiang"])
    for i, a in enumerate(confirmed.filter(category=Category.VIP)[:2]):
        services.scan(gate=vip, badge=badge_code(a), scan_id=f"demo-vip-{i}", user=users["zhaoqiang"])
