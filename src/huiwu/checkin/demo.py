"""The reference summit's check-in for the demo organisation: the e-code fast lanes (one with a paired
phone), the manual desk with a walk-in, the VIP desk, an exit gate; the morning's first arrivals
spread over the last 40 minutes, a few synced from a phone that lost the network, one of them an
offline clash to review."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from huiwu.attendees.enums import Category, Source, Status
from huiwu.attendees.models import Attendee
from huiwu.attendees.services import AttendeeInput, badge_code, save_attendee

from . import devices, services, setup
from .models import Direction, Gate, GateKind


def load(summit, users) -> None:
    if Gate.objects.filter(meeting=summit).exists():
        return
    staff = users["zhaoqiang"]

    def gate(**data) -> Gate:
        return setup.add_gate(meeting=summit, actor=staff, data=setup.GateInput(**data))

    fast = gate(name="东门快速通道", kind=GateKind.FAST)
    desk = gate(name="人工签到台", kind=GateKind.MANUAL)
    vip = gate(name="贵宾签到台", kind=GateKind.VIP, categories=(Category.VIP, Category.SPEAKER))
    out = gate(name="东门出口", kind=GateKind.CUSTOM, direction=Direction.OUT)
    _device, code = devices.add(gate=fast, name="东门1号机", actor=staff)
    phone, _token = devices.pair(code)
    devices.add(gate=fast, name="东门2号机", actor=staff)  # shown with its pairing pending
    now = timezone.now()
    local = timezone.localtime(now, zoneinfo.ZoneInfo(summit.timezone))
    since_midnight = local.hour * 60 + local.minute + local.second / 60
    scale = max(0.0, min(1.0, (since_midnight - 0.5) / 41))  # the whole morning on today's date

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw) * scale

    confirmed = Attendee.objects.filter(meeting=summit, status=Status.CONFIRMED).order_by("id")
    regular = list(confirmed.exclude(category__in=[Category.VIP, Category.SPEAKER])[:46])
    for i, a in enumerate(regular[:40]):
        at = ago(minutes=40 - i, seconds=(i * 17) % 50)
        services.scan(gate=fast, badge=badge_code(a), scan_id=f"demo-fast-{i}", scanned_at=at, user=staff)
    for i, a in enumerate(confirmed.filter(category=Category.VIP)[:2]):
        at = ago(minutes=12 - 5 * i)
        services.scan(gate=vip, badge=badge_code(a), scan_id=f"demo-vip-{i}", scanned_at=at, user=staff)
    # the phone lost the network for a few minutes: its queue synced, one badge admitted twice
    queued = [
        services.Item(gate=fast, badge=badge_code(a), scan_id=f"demo-off-{i}", device_status="accepted",
                      scanned_at=ago(minutes=8 - i))
        for i, a in enumerate(regular[40:46])
    ]  # fmt: skip
    clash = badge_code(regular[3])  # admitted online 37 minutes ago; the offline phone let them in again
    queued.append(services.Item(gate=fast, badge=clash, scan_id="demo-off-clash", device_status="accepted",
                                scanned_at=ago(minutes=2)))  # fmt: skip
    services.scan_many(queued, device=phone, offline=True)
    # out for a call and back in
    services.scan(
        gate=out,
        badge=badge_code(regular[0]),
        scan_id="demo-exit-0",
        scanned_at=ago(minutes=6),
    )
    services.scan(
        gate=fast,
        badge=badge_code(regular[0]),
        scan_id="demo-back-0",
        scanned_at=ago(minutes=1),
    )
    guest = AttendeeInput(
        name="秦晓雯", mobile="+8613916620418", organisation="浦江创投", category=Category.REGULAR
    )
    walk_in = save_attendee(meeting=summit, actor=staff, source=Source.WALK_IN, data=guest)
    services.scan(gate=desk, badge=badge_code(walk_in), scan_id="demo-walk-in", user=staff)
