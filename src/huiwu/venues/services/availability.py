"""The rooms' availability calendar: holds (soft) and bookings (firm) per meeting.

A booking never overlaps anything of another meeting; a hold never overlaps another meeting's
booking (several meetings may hold the same days while they decide).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions

from ..errors import RoomTaken
from ..models import Hold, Room

register_actions(
    {"venues.hold.created": _("held or booked a room"), "venues.hold.released": _("released a room")}
)


def meeting_days(meeting, room: Room) -> tuple[dt.date, dt.date]:
    """The meeting's days plus the venue's charged build-up days before them."""
    return meeting.start_date - dt.timedelta(days=room.venue.build_up_days), meeting.end_date


@transaction.atomic
def reserve(*, room: Room, meeting, kind: str, actor) -> Hold:
    start, end = meeting_days(meeting, room)
    # Lock the room's calendar so two people cannot book the same days at once.
    Room.objects.select_for_update().get(pk=room.pk)
    clashes = Hold.objects.filter(room=room, start_date__lte=end, end_date__gte=start).exclude(
        meeting=meeting
    )
    blocking = clashes if kind == Hold.Kind.BOOKED else clashes.filter(kind=Hold.Kind.BOOKED)
    if blocking.exists():
        raise RoomTaken(details={"meetings": [str(h.meeting) for h in blocking.select_related("meeting")]})
    Hold.objects.filter(room=room, meeting=meeting).delete()
    hold = Hold.objects.create(room=room, meeting=meeting, kind=kind, start_date=start, end_date=end)
    log_action(
        "venues.hold.created",
        target=meeting,
        actor=actor,
        data={"room": str(room), "kind": kind, "from": start, "to": end},
    )
    return hold


@transaction.atomic
def release(*, hold: Hold, actor) -> None:
    log_action("venues.hold.released", target=hold.meeting, actor=actor, data={"room": str(hold.room)})
    hold.delete()
