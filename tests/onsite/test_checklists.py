"""Preparation checklists: the standard ones with their deadlines, ticks with who and when, sign-off only when
everything is done, overdue when due and not signed, and no lost tick."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from huiwu.agenda.models import Session, SessionSpeaker
from huiwu.core.errors import DomainError
from huiwu.onsite import checklists
from huiwu.onsite.errors import Stale
from huiwu.onsite.models import Checklist

pytestmark = pytest.mark.integration


def test_standard_checklists_ticked_and_signed(owner_client, tenant_a):
    t = tenant_a
    meeting = t.meeting
    Session.objects.filter(pk=t.session.pk).update(slot=t.slot, room=t.room)
    assert SessionSpeaker.objects.filter(session=t.session).exists()
    url = reverse("onsite:checklists", kwargs={"org": t.org.slug, "meeting": meeting.pk})
    owner_client.post(url)
    keys = set(Checklist.objects.filter(meeting=meeting).exclude(key="").values_list("key", flat=True))
    assert {"materials", "equipment", "briefing", "catering:lunch", f"rehearsal:{t.session.pk}"} == keys
    assert checklists.create_defaults(meeting=meeting) == 0
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    first = dt.datetime.combine(t.slot.date, t.slot.start, tzinfo=tz)
    equipment = Checklist.objects.get(meeting=meeting, key="equipment")
    assert equipment.due_at == first - dt.timedelta(hours=2)
    assert Checklist.objects.get(key=f"rehearsal:{t.session.pk}").due_at == first - dt.timedelta(minutes=30)
    assert Checklist.objects.get(key="materials").due_at.date() == meeting.start_date - dt.timedelta(days=3)
    with pytest.raises(DomainError):
        checklists.sign(checklist=equipment, actor=t.owner)
    for i in range(len(equipment.items)):
        equipment = checklists.tick(
            checklist=equipment, index=i, actor=t.owner, done=True, version=equipment.version
        )
    with pytest.raises(Stale):
        checklists.tick(checklist=equipment, index=0, actor=t.owner, done=False, version=0)
    assert checklists.overdue(equipment, first) is True
    equipment = checklists.sign(checklist=equipment, actor=t.owner)
    assert equipment.signed_by == t.owner and not checklists.overdue(equipment, first)
    with pytest.raises(DomainError):
        checklists.tick(checklist=equipment, index=0, actor=t.owner, done=False, version=equipment.version)
    page = owner_client.get(url).content.decode()
    assert "checklist-equipment" in page and t.owner.name in page
    briefing = Checklist.objects.get(meeting=meeting, key="briefing")
    act = reverse("onsite:checklist-act", kwargs={"org": t.org.slug, "checklist": briefing.pk})
    owner_client.post(act, {"index": 0, "done": "1", "version": briefing.version})
    owner_client.post(
        act, {"index": 1, "done": "1", "version": briefing.version}
    )  # stale: refused, nothing lost
    briefing.refresh_from_db()
    assert [bool(i["done_at"]) for i in briefing.items] == [True, False, False]
