import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .enums import Rsvp
from .models import Attendee
from .services import send_invitations

REMIND_AFTER_DAYS = 3
MAX_REMINDERS = 2


@db_periodic_task(crontab(hour="10", minute="0"))
def remind_unanswered() -> None:
    """Each morning, remind those invited three or more days ago who have not answered (twice at most)."""
    cutoff = timezone.now() - dt.timedelta(days=REMIND_AFTER_DAYS)
    rows = (
        Attendee.objects.filter(rsvp=Rsvp.INVITED, invited_at__lte=cutoff, reminders__lt=MAX_REMINDERS)
        .exclude(email="")
        .exclude(reminded_at__gt=cutoff)
        .filter(meeting__end_date__gte=timezone.localdate())
        .select_related("meeting", "org")
    )
    by_meeting: dict[int, list[Attendee]] = {}
    for a in rows:
        by_meeting.setdefault(a.meeting_id, []).append(a)
    for attendees in by_meeting.values():
        send_invitations(attendees, actor=None, reminder=True)
