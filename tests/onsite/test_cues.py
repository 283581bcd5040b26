"""The run-of-show: built from the agenda with the operational cues, one-tap status with actual times,
deviation and forecast, reminders before a cue, and no lost update when two people tap at once."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from huiwu.agenda.models import Session, SessionSpeaker, Slot, Speaker
from huiwu.core.errors import DomainError
from huiwu.onsite import cues, runofshow
from huiwu.onsite.errors import Stale
from huiwu.onsite.models import Cue

pytestmark = pytest.mark.integration

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(h: int, m: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 1, h, m, tzinfo=SH)


def test_the_forecast_carries_a_delay_until_a_gap_absorbs_it():
    plans = [
        runofshow.Plan("a", "hall", at(9), 30, actual_start=at(9, 8)),  # 8 minutes late, live
        runofshow.Plan("b", "hall", at(9, 30), 30),
        runofshow.Plan("c", "hall", at(10, 30), 30),  # after a 30-minute gap
        runofshow.Plan("x", "side", at(9, 30), 30),  # another room: unaffected
    ]
    out = runofshow.forecast(plans, now=at(9, 20))
    assert out["a"] == (at(9, 8), at(9, 38)) and out["b"][0] == at(9, 38)
    assert out["c"][0] == at(10, 30) and out["x"][0] == at(9, 30)
    five = dt.timedelta(minutes=5)
    assert (
        runofshow.off_plan(at(9), at(9, 5), five) is False
        and runofshow.off_plan(at(9), at(9, 6), five) is True
    )
    overrun = runofshow.forecast([runofshow.Plan("a", "hall", at(9), 30, actual_start=at(9))], now=at(9, 45))
    assert overrun["a"][1] == at(9, 45)  # live past its end: it ends no earlier than now


def test_built_from_the_agenda_then_run(owner_client, tenant_a, django_capture_on_commit_callbacks):
    t = tenant_a
    Cue.objects.all().delete()  # the fixture's cue
    meeting = t.meeting
    meeting.timezone = "Asia/Shanghai"
    meeting.save()
    room = t.room
    s1 = t.slot  # 2026-12-01 09:00, 45 minutes
    s2 = Slot.objects.create(meeting=meeting, date=dt.date(2026, 12, 1), start=dt.time(10, 15), duration=45)
    Session.objects.filter(pk=t.session.pk).update(slot=s1, room=room, duration=45, owner=t.owner)
    talk = Session.objects.create(meeting=meeting, title="圆桌", slot=s2, room=room, duration=45)
    sp = Speaker.objects.create(meeting=meeting, name="李讲者", email="li@example.com")
    SessionSpeaker.objects.create(session=talk, speaker=sp)
    made = cues.build_from_agenda(meeting=meeting)
    ops = set(Cue.objects.filter(meeting=meeting).exclude(operation="").values_list("operation", flat=True))
    assert {"tech:2026-12-01", "briefing:2026-12-01", "doors:2026-12-01", "checkin:2026-12-01"} <= ops
    assert any(o.startswith("restock:") for o in ops)  # the 30-minute gap between the sessions
    assert (
        cues.build_from_agenda(meeting=meeting) == 0 and made == Cue.objects.filter(meeting=meeting).count()
    )
    briefing = Cue.objects.get(meeting=meeting, operation="briefing:2026-12-01")
    assert briefing.start == at(8)  # an hour before the first session
    first = Cue.objects.get(session=t.session)
    first = cues.set_status(cue=first, status="live", actor=t.owner, version=first.version, now=at(9, 7))
    with pytest.raises(Stale):  # a second tap on the old version
        cues.set_status(
            cue=Cue.objects.get(pk=first.pk), status="done", actor=t.owner, version=first.version - 1
        )
    rows = {r["cue"].pk: r for r in cues.day_rows(meeting, dt.date(2026, 12, 1), now=at(9, 50))}
    assert rows[first.pk]["deviation"] == 7.0 and rows[first.pk]["off_plan"]
    second = Cue.objects.get(session=talk)
    assert rows[second.pk]["expected_start"] == at(10, 15)  # the gap absorbs 7 minutes
    with pytest.raises(DomainError):
        cues.set_status(cue=second, status="done", actor=t.owner, version=second.version)  # not live yet
    mail.outbox.clear()
    assert cues.remind_due(at(10, 9)) == 1  # the tea-break restock at 9:35; the 10:15 talk not yet
    assert list(Cue.objects.exclude(reminded_at=None).values_list("operation", flat=True)) == [
        "restock:2026-12-01:1"
    ]
    assert cues.remind_due(at(10, 11)) == 1
    assert [m.to for m in mail.outbox] == [["li@example.com"]]
    assert cues.remind_due(at(10, 12)) == 0
    page = owner_client.get(
        reverse("onsite:cues", kwargs={"org": t.org.slug, "meeting": meeting.pk}) + "?day=2026-12-01"
    )
    assert page.status_code == 200 and "圆桌" in page.content.decode()


def test_a_cue_ending_before_it_starts_is_refused(owner_client, tenant_a):
    t = tenant_a
    Cue.objects.all().delete()  # the fixture's cue
    url = reverse("onsite:cues", kwargs={"org": t.org.slug, "meeting": t.meeting.pk})
    bad = owner_client.post(url, {"title": "开门", "day": "2026-12-01", "start": "09:00", "end": "08:30"})
    assert bad.status_code == 400 and not Cue.objects.exists()
    ok = owner_client.post(
        url, {"title": "开门", "day": "2026-12-01", "start": "08:00", "end": "08:05", "remind_before": 5}
    )
    assert ok.status_code == 302 and Cue.objects.get().minutes == 5
    with pytest.raises(DomainError):
        cues.save_cue(meeting=t.meeting, actor=t.owner, data=cues.CueInput(title="x", start=at(9), end=at(9)))
    cue = Cue.objects.get()
    status_url = reverse("onsite:cue-status", kwargs={"org": t.org.slug, "cue": cue.pk})
    owner_client.post(status_url, {"status": "live", "version": cue.version})
    owner_client.post(
        status_url, {"status": "live", "version": cue.version}
    )  # the second tap: stale, refused
    cue.refresh_from_db()
    assert cue.status == "live" and cue.version == 1
