"""Every change the history shows is named in words of the UI: a model's field name, or a label the
service registered for values that are not columns (never a raw key such as ``w_capacity``)."""

import datetime as dt

import pytest
from django.utils import translation

from huiwu.attendees import services as people
from huiwu.core.audit import readable_changes
from huiwu.core.models import AuditEntry
from huiwu.events.services import MeetingInput, update_meeting
from huiwu.orgs.services import update_organization
from huiwu.venues.services.catalogue import set_weights

pytestmark = pytest.mark.integration


def test_changes_are_named_in_words(tenant_a):
    t = tenant_a
    update_organization(
        org=t.org, actor=t.owner, name="新名字", timezone_name="Asia/Urumqi", two_factor_required=True
    )
    weights = {"capacity": 40, "transport": 15, "facilities": 15, "atmosphere": 15, "cost": 15}
    set_weights(org=t.org, actor=t.owner, weights=weights)
    changed = MeetingInput.of(t.meeting).but(
        name="改名的会议", end_date=t.meeting.end_date + dt.timedelta(days=1)
    )
    update_meeting(meeting=t.meeting, actor=t.owner, data=changed)
    people.save_attendee(
        meeting=t.meeting,
        actor=t.owner,
        attendee=t.attendee,
        data=people.AttendeeInput.of(t.attendee).but(diets=["vegetarian"]),
    )
    entries = AuditEntry.objects.filter(org=t.org).exclude(changes={})
    assert entries.count() >= 4
    with translation.override("zh-hans"):
        for entry in entries:
            for label, _old, _new in readable_changes(entry):
                text = str(label)
                assert "_" not in text and not text.isascii(), (entry.action, text)
