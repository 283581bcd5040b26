"""The reference summit's inspections for the demo organisation: made from its standards and venue, the
main hall's contract temperature found too warm the evening before and fixed within the hour (its task
done), the network's latency failing this morning (an incident still open), the rest checked and passing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import services
from .models import Inspection, Item

PASSING = {
    "health.temperature": 23,
    "health.humidity": 52,
    "health.co2": 780,
    "health.pm25": 35,
    "venue.fire_exit_width": "1.8",
    "venue.electrical_check": 12,
    "tech.projector_resolution": 4,
    "tech.projector_brightness": 12000,
    "tech.sound_radius": 45,
    "tech.bandwidth": 2000,
    "tech.ups": 60,
    "health.cold_food": 3,
    "health.hot_food": 68,
    "health.tableware_disinfected": 100,
}


def _photo(name: str) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (203, 213, 225)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def load(summit, users) -> None:
    if Inspection.objects.filter(meeting=summit).exists():
        return
    staff = users["zhaoqiang"]  # the tech lead, on the venue lead's post too
    services.generate(meeting=summit, actor=staff)
    now = timezone.now()
    eve = dt.datetime.combine(summit.start_date - dt.timedelta(days=1), dt.time(18), tzinfo=summit.tz)
    items = Item.objects.filter(inspection__meeting=summit).select_related("inspection")
    _venue, rooms = services.venue_rooms(summit)
    chosen = rooms[0].pk if rooms else None
    main = [i for i in items if i.inspection.room_id in (None, chosen)]  # the venue and its main room
    hall = next(i for i in main if i.key == "contract.hall_temperature")
    hall = services.record(
        item=hall, actor=staff, version=hall.version, value=25, unit="°C",
        note="空调刚开启，主会场偏热", photos=[_photo("hall.jpg")], now=eve,
    )  # fmt: skip
    services.record(
        item=hall, actor=staff, version=hall.version, value=23, note="空调调至 23 °C 后复测",
        now=eve + dt.timedelta(minutes=50),
    )  # fmt: skip
    for item in main:
        if item.key in PASSING:
            services.record(item=item, actor=staff, version=item.version, value=PASSING[item.key], now=eve)
        elif not item.measured and item.key != "timing.speaker_rehearsal":
            services.record(item=item, actor=staff, version=item.version, answer=True, now=eve)
    latency = next(i for i in items if i.key == "tech.latency")
    services.record(
        item=latency, actor=staff, version=latency.version, value=35, unit="ms",
        note="直播专线延迟偏高，已联系运营商", now=now - dt.timedelta(minutes=25),
    )  # fmt: skip
