import datetime as dt

import pytest
from django.urls import reverse

from huiwu.events.services import MeetingInput, create_meeting
from huiwu.venues.errors import RoomTaken
from huiwu.venues.models import Hold
from huiwu.venues.services.availability import reserve

pytestmark = pytest.mark.integration


def other_meeting(tenant, start, end):
    return create_meeting(
        org=tenant.org,
        actor=tenant.owner,
        with_playbook=False,
        data=MeetingInput(name=f"会{start}", start_date=start, end_date=end),
    )


def test_bookings_never_overlap_and_holds_respect_bookings(tenant_a):
    room, m1 = tenant_a.room, tenant_a.meeting  # 2026-12-01 … 02
    m2 = other_meeting(tenant_a, dt.date(2026, 12, 2), dt.date(2026, 12, 3))
    m3 = other_meeting(tenant_a, dt.date(2026, 12, 5), dt.date(2026, 12, 5))
    reserve(room=room, meeting=m1, kind="hold", actor=tenant_a.owner)
    reserve(room=room, meeting=m2, kind="hold", actor=tenant_a.owner)  # two holds may overlap
    with pytest.raises(RoomTaken):
        reserve(room=room, meeting=m2, kind="booked", actor=tenant_a.owner)  # m1 holds 12-02
    with pytest.raises(RoomTaken):
        reserve(room=room, meeting=m1, kind="booked", actor=tenant_a.owner)  # m2 holds 12-02
    Hold.objects.filter(meeting=m2).delete()
    reserve(room=room, meeting=m1, kind="booked", actor=tenant_a.owner)
    with pytest.raises(RoomTaken):
        reserve(room=room, meeting=m2, kind="hold", actor=tenant_a.owner)  # a hold cannot sit on a booking
    reserve(room=room, meeting=m3, kind="booked", actor=tenant_a.owner)
    assert Hold.objects.get(meeting=m1).kind == "booked"
    assert Hold.objects.filter(room=room, meeting=m1).count() == 1  # booking replaced the hold


def test_build_up_days_are_held_too(owner_client, tenant_a):
    tenant_a.venue.build_up_days = 1
    tenant_a.venue.save()
    url = reverse(
        "venues:hold",
        kwargs={
            "org": tenant_a.org.slug,
            "meeting": tenant_a.meeting.pk,
            "evaluation": tenant_a.evaluation.pk,
        },
    )
    owner_client.post(url, {"kind": "booked"})
    hold = Hold.objects.get(meeting=tenant_a.meeting)
    assert (hold.start_date, hold.end_date) == (dt.date(2026, 11, 30), dt.date(2026, 12, 2))
    page = owner_client.get(
        reverse("venues:detail", kwargs={"org": tenant_a.org.slug, "venue": tenant_a.venue.pk})
    )
    assert tenant_a.meeting.name in page.content.decode()
    owner_client.post(url, {"kind": "release"})
    assert not Hold.objects.exists()
